// socket.reload on a client replaces that socket's handlers; on a server
// socket it replaces the handlers of every socket of the listener.
import { defer, guard, trace } from './_trace.mjs'
guard()
let firstServerSocket
const accepted = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open(s) {
      firstServerSocket ??= s
      accepted.resolve()
    },
    data: (s, d) => s.write(`v1:${d}`),
  },
})
let reply = defer()
const a = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data: (s, d) => reply.resolve(`old:${d}`) } })
await accepted.promise
a.reload({ socket: { data: (s, d) => reply.resolve(`new:${d}`) } })
a.write('x')
trace(await reply.promise)
firstServerSocket.reload({ socket: { data: (s, d) => s.write(`v2:${d}`) } })
reply = defer()
const b = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data: (s, d) => reply.resolve(`b:${d}`) } })
b.write('y')
trace(await reply.promise)
a.end()
b.end()
server.stop(true)
