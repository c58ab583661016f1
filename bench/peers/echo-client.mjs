// Ping-pong client: `peers/echo-client.mjs <impl> <port> <conns> <seconds>`
// Each connection keeps one 64-byte message in flight. Prints
// {"msgsPerSec", "medianRttUs"} measured after a short warm-up.
import { socketApi } from '../lib/api.mjs'

const [impl, portArg, connsArg, secondsArg] = process.argv.slice(2)
const [port, conns, seconds] = [portArg, connsArg, secondsArg].map(Number)
const SIZE = 64
const payload = Buffer.alloc(SIZE, 120)
const { connect } = await socketApi(impl)
const warmupMs = Math.min(500, seconds * 200)
const start = performance.now()
const measureFrom = start + warmupMs
const deadline = start + seconds * 1000
let messages = 0
const rtts = []
let open = conns

function finish() {
  rtts.sort((a, b) => a - b)
  const measured = (deadline - measureFrom) / 1000
  console.log(JSON.stringify({ msgsPerSec: messages / measured, medianRttUs: rtts[rtts.length >> 1] ?? null }))
  process.exit(0)
}

for (let i = 0; i < conns; i++) {
  let pending = 0
  let sentAt = 0
  connect({
    hostname: '127.0.0.1',
    port,
    socket: {
      open(s) {
        sentAt = performance.now()
        s.write(payload)
      },
      data(s, d) {
        pending += d.length
        if (pending < SIZE) return
        pending -= SIZE
        const now = performance.now()
        if (now >= measureFrom) {
          messages++
          if ((messages & 15) === 0) rtts.push((now - sentAt) * 1000)
        }
        if (now >= deadline) {
          s.end()
          if (--open === 0) finish()
          return
        }
        sentAt = now
        s.write(payload)
      },
    },
  })
}
