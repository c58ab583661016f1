// readyState through the lifecycle of both sides.
import { countdown, guard, trace } from './_trace.mjs'
guard()
const done = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  allowHalfOpen: true,
  socket: {
    open: (s) => trace('server open', s.readyState),
    data() {},
    end(s) {
      trace('server end', s.readyState)
      s.shutdown()
      trace('server after shutdown', s.readyState)
    },
    close(s) {
      trace('server close', s.readyState)
      done.tick()
    },
  },
})
const c = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  allowHalfOpen: true,
  socket: {
    open: (s) => trace('client open', s.readyState),
    data() {},
    end: (s) => trace('client end', s.readyState),
    close(s) {
      trace('client close', s.readyState)
      done.tick()
    },
  },
})
trace('client resolved', c.readyState)
c.shutdown()
trace('client after shutdown', c.readyState)
await done.promise
trace('client final', c.readyState)
server.stop()
