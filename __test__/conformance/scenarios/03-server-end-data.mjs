// Server end(data): the client gets the data, then end, then close.
import { countdown, err, guard, trace } from './_trace.mjs'
guard()
const done = countdown(1)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open(s) {
      trace('server end(data) ->', s.end('bye'))
      trace('server after end', s.readyState)
    },
    data() {},
    close: (s, e) => trace('server close', s.readyState, err(e)),
  },
})
await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    data: (s, d) => trace('client data', String(d)),
    end: (s) => trace('client end', s.readyState),
    close(s, e) {
      trace('client close', s.readyState, err(e))
      done.tick()
    },
  },
})
await done.promise
server.stop()
