// Client terminate(): its close runs at once without error; the server's
// close gets ECONNRESET.
import { defer, err, guard, trace } from './_trace.mjs'
guard()
const serverClosed = defer()
const gotData = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    data: (s, d) => gotData.resolve(String(d)),
    end: () => trace('server end'),
    error: (s, e) => trace('server error', err(e)),
    close: (s, e) => serverClosed.resolve([s.readyState, err(e)]),
  },
})
const client = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: { data() {}, close: (s, e) => trace('client close', s.readyState, err(e)) },
})
client.write('abc')
trace('server got', await gotData.promise)
trace('terminate ->', client.terminate())
trace('after terminate', client.readyState, client.write('x'))
trace('server close', ...(await serverClosed.promise))
server.stop()
