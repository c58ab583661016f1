// `data`: seeded from the connect option on clients and from the listener
// option on accepted sockets; writable; listener.data after stop.
import { defer, guard, trace } from './_trace.mjs'
guard()
const opened = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  data: { from: 'listener' },
  socket: {
    open(s) {
      trace('server socket data', s.data)
      s.data = { sessionId: 'abc' }
      opened.resolve(s)
    },
    data() {},
  },
})
trace('listener data', server.data)
const client = await Bun.connect({ hostname: '127.0.0.1', port: server.port, data: { n: 1 }, socket: { data() {} } })
trace('client data', client.data)
client.data = 5
trace('client data after set', client.data)
const s = await opened.promise
trace('server socket data after set', s.data)
const noData = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
trace('client without data option', noData.data)
client.end()
noData.end()
server.stop(true)
trace('listener data after stop', server.data)
trace('closed socket data', client.data)
