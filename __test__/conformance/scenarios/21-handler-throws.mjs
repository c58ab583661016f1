// A handler that throws: the error handler gets (socket, err) with the
// socket still open, for every kind of handler.
import { countdown, defer, guard, trace } from './_trace.mjs'
guard()
const closed = countdown(1)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open() {
      throw new Error('from open')
    },
    data(s, d) {
      throw new Error(`from data ${d}`)
    },
    end() {
      throw new Error('from end')
    },
    close() {
      closed.tick()
      throw new Error('from close')
    },
    error(s, e) {
      trace('server error', e.message, s.readyState, arguments.length, this === s)
    },
  },
})
const reply = defer()
const c = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data: () => reply.resolve() } })
c.write('x')
await new Promise((r) => setTimeout(r, 50))
c.end()
await closed.promise
await new Promise((r) => setImmediate(r))
server.stop()
