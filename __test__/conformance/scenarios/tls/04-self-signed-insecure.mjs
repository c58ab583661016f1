// rejectUnauthorized: false accepts a self-signed certificate and reports
// why it is not authorized.
import { countdown, guard, identity, sides, tlsErr } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: identity('self-signed'),
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
  tls: { rejectUnauthorized: false },
  socket: {
    handshake(s, ok, e) {
      t.client('handshake', ok, tlsErr(e), s.authorized, s.write('ok'))
    },
    data: () => {},
    end: () => t.client('end'),
    close(s, e) {
      t.client('close', e)
      closed.tick()
    },
  },
})
await closed.promise
server.stop()
t.print()
