// A benchmark server: `node|bun peers/server.mjs <impl> <mode> [bytes] [tls]`
//   mode echo: echoes everything (ping-pong)
//   mode churn: echoes a connection's first 16 bytes, then closes it
//   mode sink: swallows `bytes` bytes per connection, then answers "k"
//   mode hold: accepts and keeps connections, reads nothing special
// Prints {"port":N}; then answers stdin commands: "rss" -> {"rss":bytes},
// "count" -> {"open":N}. Exits when stdin closes.
import { createInterface } from 'node:readline'
import { benchTls, socketApi } from '../lib/api.mjs'

const [impl, mode, bytesArg] = process.argv.slice(2)
const expected = Number(bytesArg || 0)
const { listen } = await socketApi(impl)
let open = 0

const handlers = {
  echo: {
    data(s, d) {
      s.write(d)
    },
  },
  churn: {
    open(s) {
      s.data = 0
    },
    data(s, d) {
      s.write(d)
      s.data += d.length
      if (s.data >= 16) s.end()
    },
  },
  sink: {
    open(s) {
      s.data = 0
    },
    data(s, d) {
      s.data += d.length
      if (s.data === expected) s.write('k')
    },
  },
  hold: {
    data() {},
  },
}[mode]
const socket = {
  ...handlers,
  open(s) {
    open++
    handlers.open?.(s)
  },
  close() {
    open--
  },
}

const tls = process.argv.includes('tls') ? benchTls().server : undefined
const server = listen({ hostname: '127.0.0.1', port: 0, socket, tls })
if (server.ready) await server.ready
console.log(JSON.stringify({ port: server.port }))

const rl = createInterface({ input: process.stdin })
rl.on('line', (line) => {
  if (line === 'rss') console.log(JSON.stringify({ rss: process.memoryUsage.rss() }))
  if (line === 'count') console.log(JSON.stringify({ open }))
})
rl.on('close', () => process.exit(0))
