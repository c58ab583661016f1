// Server terminate(): the client's close gets ECONNRESET, no end, no error.
import { defer, err, guard, trace } from './_trace.mjs'
guard()
const clientClosed = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open(s) {
      s.terminate()
      trace('server terminated', s.readyState)
    },
    data() {},
    close: (s, e) => trace('server close', s.readyState, err(e)),
  },
})
await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    data() {},
    end: () => trace('client end'),
    error: (s, e) => trace('client error', err(e)),
    close: (s, e) => clientClosed.resolve([s.readyState, err(e)]),
  },
})
trace('client close', ...(await clientClosed.promise))
server.stop()
