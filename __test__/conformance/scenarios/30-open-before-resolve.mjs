// open runs before the connect promise resolves; the resolved value is
// the same socket object open received; `this` in handlers is the socket.
import { guard, trace } from './_trace.mjs'
guard()
const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
let fromOpen
const c = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    open(s) {
      fromOpen = s
      trace('open', this === s, arguments.length)
    },
    data() {},
  },
})
trace('resolved', c === fromOpen)
c.end()
server.stop(true)
