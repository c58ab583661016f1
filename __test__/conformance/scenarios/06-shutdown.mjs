// shutdown(): FIN only; the socket stays open (readyState 1) and refuses
// writes; when the peer then closes, close comes without end.
import { countdown, err, guard, trace } from './_trace.mjs'
guard()
const done = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    data() {},
    end: (s) => trace('server end', s.readyState),
    close(s, e) {
      trace('server close', err(e))
      done.tick()
    },
  },
})
const client = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    data() {},
    end: () => trace('client end'),
    close(s, e) {
      trace('client close', s.readyState, err(e))
      done.tick()
    },
  },
})
trace('shutdown ->', client.shutdown())
trace('after shutdown', client.readyState, client.write('x'))
await done.promise
server.stop()
