// timeout(seconds): the timeout handler fires once; the socket stays open.
import { defer, guard, trace } from './_trace.mjs'
guard(12000)
const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
const fired = defer()
const c = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    data() {},
    timeout(s) {
      trace('timeout', s.readyState, arguments.length, this === s)
      fired.resolve()
    },
    close: () => trace('close'),
  },
})
trace('timeout(1) ->', c.timeout(1))
await fired.promise
await new Promise((r) => setTimeout(r, 100))
trace('after timeout', c.readyState)
c.end()
server.stop(true)
