// allowHalfOpen: after the peer's FIN, end is followed by drain.
import { countdown, guard, trace } from './_trace.mjs'
guard()
const done = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  allowHalfOpen: true,
  socket: {
    data() {},
    end: (s) => trace('server end', s.readyState),
    drain(s) {
      trace('server drain', s.readyState)
      s.end('bye')
    },
    close(s, e) {
      trace('server close', e?.code)
      done.tick()
    },
  },
})
const c = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  allowHalfOpen: true,
  socket: {
    data: (s, d) => trace('client data', String(d)),
    drain: (s) => trace('client drain'),
    end(s) {
      trace('client end', s.readyState)
      s.end()
    },
    close(s, e) {
      trace('client close', e?.code)
      done.tick()
    },
  },
})
c.shutdown()
await done.promise
server.stop()
