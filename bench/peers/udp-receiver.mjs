// UDP receiver: `peers/udp-receiver.mjs <impl>` counts datagrams.
// Prints {"port":N}; answers stdin "count" with {"received":N}. Exits when
// stdin closes.
import dgram from 'node:dgram'
import { createInterface } from 'node:readline'

const [impl] = process.argv.slice(2)
let received = 0
let port
if (impl === 'node') {
  const socket = dgram.createSocket('udp4')
  socket.on('message', () => received++)
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve))
  port = socket.address().port
} else {
  const { udpSocket } = impl === 'bun' ? globalThis.Bun : await import('bun-sockets')
  const socket = await udpSocket({ hostname: '127.0.0.1', socket: { data: () => received++ } })
  port = socket.port
}
console.log(JSON.stringify({ port }))
const rl = createInterface({ input: process.stdin })
rl.on('line', (line) => {
  if (line === 'count') console.log(JSON.stringify({ received }))
})
rl.on('close', () => process.exit(0))
