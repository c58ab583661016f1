// Writing right after the peer reset the connection, before this side has
// processed the reset: write returns -1, the socket stays open for the
// moment, then ends quietly (end, then close without an error).
import { defer, err, guard, trace } from './_trace.mjs'
guard()
const opened = defer()
const closed = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open: (s) => opened.resolve(s),
    data() {},
    end: (s) => trace('server end', s.readyState),
    close: (s, e) => closed.resolve(err(e)),
  },
})
const c = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
const s = await opened.promise
c.terminate()
trace('write 1', s.write('late'), s.readyState)
trace('write 2', s.write('later'), s.readyState)
trace('server close', await closed.promise)
trace('write after close', s.write('x'), s.readyState)
server.stop(true)
