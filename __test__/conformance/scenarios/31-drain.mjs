// Backpressure: a write to a peer that does not read comes up short;
// drain fires once the peer reads; nothing is lost.
import { defer, guard, trace } from './_trace.mjs'
guard(15000)
const TOTAL = 16 << 20
let received = 0
let serverSocket
const accepted = defer()
const all = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open(s) {
      serverSocket = s
      s.pause()
      accepted.resolve()
    },
    data(s, d) {
      received += d.length
      if (received === TOTAL) all.resolve()
    },
  },
})
const source = Buffer.alloc(TOTAL, 7)
let offset = 0
let short = false
let drains = 0
const push = (s) => {
  while (offset < TOTAL) {
    const n = s.write(source, offset, TOTAL - offset)
    if (n < 0) throw new Error('write failed')
    offset += n
    if (offset < TOTAL) {
      short = true
      return
    }
  }
}
const c = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    data() {},
    drain(s) {
      drains++
      push(s)
    },
  },
})
await accepted.promise
push(c)
trace('first burst came up short', short, offset < TOTAL)
serverSocket.resume()
await all.promise
trace('all received', received === TOTAL, 'drained at least once', drains > 0, 'bytesWritten', c.bytesWritten === TOTAL)
c.end()
server.stop(true)
