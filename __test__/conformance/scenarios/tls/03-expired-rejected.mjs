// An expired certificate: the client's handshake fails and it closes; the
// server sees the client leave mid-handshake.
import { countdown, guard, identity, pem, sides, tlsErr } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: identity('expired'),
  socket: {
    handshake: (s, ok, e) => t.server('handshake', ok, tlsErr(e)),
    data: () => t.server('data'),
    end: () => t.server('end'),
    close(s, e) {
      t.server('close', e)
      closed.tick()
    },
  },
})
await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  tls: { ca: pem('ca.pem') },
  socket: {
    handshake(s, ok, e) {
      t.client('handshake', ok, tlsErr(e), s.authorized, s.write('x'))
    },
    data: () => t.client('data'),
    end: () => t.client('end'),
    error: (s, e) => t.client('error', tlsErr(e)),
    close(s, e) {
      t.client('close', e, tlsErr(s.getAuthorizationError()))
      closed.tick()
    },
  },
})
await closed.promise
server.stop()
t.print()
