// Connection churn: `peers/churn-client.mjs <impl> <port> <seconds> <inFlight> [tls]`
// Each cycle connects, sends 16 bytes, waits for the echo, closes. Keeps
// <inFlight> cycles going; prints {"connsPerSec"} after a warm-up.
import { benchTls, socketApi } from '../lib/api.mjs'

const [impl, portArg, secondsArg, inFlightArg] = process.argv.slice(2)
const [port, seconds, inFlight] = [portArg, secondsArg, inFlightArg].map(Number)
const payload = Buffer.alloc(16, 99)
const { connect } = await socketApi(impl)
const tls = process.argv.includes('tls') ? benchTls().client : undefined
const start = performance.now()
const measureFrom = start + Math.min(500, seconds * 200)
const deadline = start + seconds * 1000
let cycles = 0
let running = 0

function cycle() {
  if (performance.now() >= deadline) {
    if (running === 0) {
      console.log(JSON.stringify({ connsPerSec: cycles / ((deadline - measureFrom) / 1000) }))
      process.exit(0)
    }
    return
  }
  running++
  let got = 0
  connect({
    hostname: '127.0.0.1',
    port,
    tls,
    socket: {
      open: (s) => s.write(payload),
      data(s, d) {
        got += d.length
        if (got < payload.length) return
        s.end()
      },
      close() {
        running--
        if (performance.now() >= measureFrom) cycles++
        cycle()
      },
    },
  }).catch(() => {
    running--
    cycle()
  })
}
for (let i = 0; i < inFlight; i++) cycle()
