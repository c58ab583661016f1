// Writing to a socket whose peer has closed: eventually close with an error.
import { defer, err, guard, trace } from './_trace.mjs'
guard()
const closed = defer()
const accepted = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open: (s) => accepted.resolve(s),
    data() {},
    end: () => trace('server end'),
    close: (s, e) => closed.resolve(e),
  },
})
const c = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
const s = await accepted.promise
c.terminate()
const e = await closed.promise
trace('server closed by the reset', err(e))
trace('write after that', s.write('x'), s.readyState)
server.stop(true)
