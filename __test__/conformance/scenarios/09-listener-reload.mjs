// listener.reload swaps the handlers of existing and new sockets.
import { defer, guard, trace } from './_trace.mjs'
guard()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: { data: (s, d) => s.write(`v1:${d}`) },
})
let reply = defer()
const handlers = { data: (s, d) => reply.resolve(String(d)) }
const a = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: handlers })
a.write('a')
trace(await reply.promise)
trace('reload ->', server.reload({ socket: { data: (s, d) => s.write(`v2:${d}`) } }))
reply = defer()
a.write('b')
trace(await reply.promise)
reply = defer()
const b = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: handlers })
b.write('c')
trace(await reply.promise)
a.end()
b.end()
server.stop(true)
