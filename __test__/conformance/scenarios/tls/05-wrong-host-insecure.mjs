// A host name mismatch with rejectUnauthorized: false: Bun passes
// success=false yet keeps the connection.
import { countdown, guard, identity, pem, sides, tlsErr } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: identity('wrong-host'),
  socket: {
    data(s, d) {
      t.server('data', String(d))
      s.end()
    },
    close(s, e) {
      t.server('close', e)
      closed.tick()
    },
  },
})
await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  tls: { ca: pem('ca.pem'), rejectUnauthorized: false },
  socket: {
    handshake(s, ok, e) {
      t.client('handshake', ok, tlsErr(e), s.authorized, s.readyState, s.write('still open'))
    },
    data: () => {},
    close(s, e) {
      t.client('close', e)
      closed.tick()
    },
  },
})
await closed.promise
server.stop()
t.print()
