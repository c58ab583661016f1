// Idle connections: `peers/holder-client.mjs <impl> <port> <count>`
// Opens <count> connections (200 at a time) and keeps them. Prints
// {"rssBefore", "rssAfter", "open"}, then waits for stdin to close.
import { socketApi } from '../lib/api.mjs'

const [impl, portArg, countArg] = process.argv.slice(2)
const [port, count] = [Number(portArg), Number(countArg)]
const { connect } = await socketApi(impl)
globalThis.gc?.()
const rssBefore = process.memoryUsage.rss()
const sockets = []
for (let i = 0; i < count; i += 200) {
  const batch = []
  for (let j = i; j < Math.min(count, i + 200); j++) batch.push(connect({ hostname: '127.0.0.1', port, socket: { data() {} } }))
  sockets.push(...(await Promise.all(batch)))
}
await new Promise((r) => setTimeout(r, 200))
globalThis.gc?.()
console.log(JSON.stringify({ rssBefore, rssAfter: process.memoryUsage.rss(), open: sockets.length }))
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
