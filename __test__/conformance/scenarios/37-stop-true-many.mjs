// stop(true) with several sockets: each closes once, on both sides.
import { countdown, err, guard, trace } from './_trace.mjs'
guard()
const N = 5
const accepted = countdown(N)
const clientClosed = countdown(N)
let serverCloses = 0
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: { open: () => accepted.tick(), data() {}, close: (s, e) => serverCloses++ },
})
const errors = []
for (let i = 0; i < N; i++) {
  await Bun.connect({
    hostname: '127.0.0.1',
    port: server.port,
    socket: {
      data() {},
      close(s, e) {
        errors.push(err(e)?.code ?? 'none')
        clientClosed.tick()
      },
    },
  })
}
await accepted.promise
server.stop(true)
trace('server closes right after stop(true)', serverCloses)
await clientClosed.promise
trace('client close errors', errors.sort())
