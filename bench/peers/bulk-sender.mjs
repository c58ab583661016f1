// Bulk sender: `peers/bulk-sender.mjs <impl> <port> <bytes> [tls]`
// Writes <bytes> in 256 KiB chunks with backpressure to a sink server,
// waits for its one-byte acknowledgement, prints {"gbPerSec"}.
import { benchTls, socketApi, writeAll } from '../lib/api.mjs'

const [impl, portArg, bytesArg] = process.argv.slice(2)
const [port, total] = [Number(portArg), Number(bytesArg)]
const chunk = Buffer.alloc(256 << 10, 97)
const { connect } = await socketApi(impl)
const tls = process.argv.includes('tls') ? benchTls().client : undefined
let started = 0
let pump
await connect({
  hostname: '127.0.0.1',
  port,
  tls,
  socket: {
    open(s) {
      started = performance.now()
      pump = writeAll(impl, s, chunk, total, () => {})
      pump()
    },
    drain() {
      pump()
    },
    data(s) {
      const seconds = (performance.now() - started) / 1000
      console.log(JSON.stringify({ gbPerSec: total / seconds / 1e9 }))
      s.end()
      process.exit(0)
    },
  },
})
