// The fixed echo client of the benchmarks (run under real Bun): opens
// `conns` connections to `port`, each doing 64-byte ping-pong for
// `seconds`, then prints one JSON line: messages per second and the
// median round trip in microseconds.
const [port, conns, seconds, size = 64] = process.argv.slice(2).map(Number)
const payload = Buffer.alloc(size, 120)
const deadline = performance.now() + seconds * 1000
const warmup = performance.now() + Math.min(500, seconds * 200)
let messages = 0
const rtts = []
let open = conns

function finish() {
  rtts.sort((a, b) => a - b)
  const measured = (seconds * 1000 - Math.min(500, seconds * 200)) / 1000
  console.log(JSON.stringify({ msgsPerSec: messages / measured, medianRttUs: rtts[rtts.length >> 1] ?? null }))
  process.exit(0)
}

for (let i = 0; i < conns; i++) {
  let pending = 0
  let sentAt = 0
  Bun.connect({
    hostname: '127.0.0.1',
    port,
    socket: {
      open(socket) {
        sentAt = performance.now()
        socket.write(payload)
      },
      data(socket, data) {
        pending += data.length
        if (pending < size) return
        pending -= size
        const now = performance.now()
        if (now > warmup) {
          messages++
          if ((messages & 15) === 0) rtts.push((now - sentAt) * 1000)
        }
        if (now > deadline) {
          socket.end()
          if (--open === 0) finish()
          return
        }
        sentAt = now
        socket.write(payload)
      },
    },
  })
}
