// Connection churn: `peers/churn-client.mjs <impl> <port> <seconds> <inFlight> [tls]`
// Each cycle connects, sends 16 bytes and waits for the echo and for the
// server to close (server.mjs `churn` mode). Keeps <inFlight> cycles
// going; prints {"connsPerSec"} after a warm-up.
//
// The server closes first so that TIME_WAIT stays on its side. A client
// that closes first keeps each of its connections in TIME_WAIT for 60 s,
// and connect() then searches for a free port among them: measured here,
// the same client did 11.5k conns/s while the kernel's TIME_WAIT table
// filled and 30k once it was full (closed connections then skip
// TIME_WAIT), so a run's figure depended on the runs before it.
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
let failed = 0

function cycle() {
  if (performance.now() >= deadline) {
    if (running === 0) {
      if (failed > 0) console.error(`churn-client: ${failed} connections closed before their echo`)
      console.log(JSON.stringify({ connsPerSec: cycles / ((deadline - measureFrom) / 1000), failed }))
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
      },
      close() {
        running--
        if (got < payload.length) failed++
        else if (performance.now() >= measureFrom) cycles++
        cycle()
      },
    },
  }).catch(() => {
    running--
    cycle()
  })
}
for (let i = 0; i < inFlight; i++) cycle()
