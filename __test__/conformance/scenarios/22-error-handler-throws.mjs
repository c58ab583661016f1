// The error handler itself throws: an uncaught exception (exit code 1).
import { guard, trace } from './_trace.mjs'
guard()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    data() {
      throw new Error('first')
    },
    error(s, e) {
      trace('error handler', e.message)
      throw new Error('second')
    },
  },
})
const c = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
c.write('x')
