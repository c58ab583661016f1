// allowHalfOpen on the server: after the client's FIN (shutdown) the
// server stays open, can still write, and closes when it ends.
import { countdown, err, guard, trace } from './_trace.mjs'
guard()
const done = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  allowHalfOpen: true,
  socket: {
    data() {},
    end(s) {
      trace('server end', s.readyState)
      trace('server write after end', s.write('late reply'))
      trace('server end() ->', s.end())
    },
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
    data: (s, d) => trace('client data', String(d)),
    end: () => trace('client end'),
    close(s, e) {
      trace('client close', err(e))
      done.tick()
    },
  },
})
client.shutdown()
await done.promise
server.stop()
