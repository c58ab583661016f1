// end() sends close_notify and closes when the peer answers; close() is
// immediate; terminate() resets.
import { countdown, err, guard, identity, pem, sides } from './_trace.mjs'
guard()
for (const how of ['end', 'close', 'terminate']) {
  const t = sides()
  const closed = countdown(2)
  const server = Bun.listen({
    hostname: '127.0.0.1',
    port: 0,
    tls: identity(),
    socket: {
      data: () => {},
      end: (s) => t.server(how, 'end'),
      close(s, e) {
        t.server(how, 'close', err(e))
        closed.tick()
      },
    },
  })
  await Bun.connect({
    hostname: 'localhost',
    port: server.port,
    tls: { ca: pem('ca.pem') },
    socket: {
      open(s) {
        t.client(how, 'returned', s[how](), s.readyState, s.write('x'))
      },
      data: () => {},
      end: () => t.client(how, 'end'),
      close(s, e) {
        t.client(how, 'close', err(e))
        closed.tick()
      },
    },
  })
  await closed.promise
  server.stop()
  t.print()
}
