// Echo with handshake handlers: open before the handshake (writes take
// nothing), handshake outcome on each side, drain, data, close.
import { countdown, guard, identity, pem, sides, tlsErr } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: identity(),
  socket: {
    open: (s) => t.server('open', s.authorized, s.getTLSVersion(), String(s)),
    handshake: (s, ok, e) => t.server('handshake', ok, tlsErr(e), s.authorized),
    data(s, d) {
      t.server('data', String(d))
      t.server('write', s.write(d))
    },
    close(s, e) {
      t.server('close', e)
      closed.tick()
    },
  },
})
const client = await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  tls: { ca: pem('ca.pem') },
  socket: {
    open(s) {
      t.client('open', s.authorized, s.getTLSVersion(), s.write('early'), String(s))
    },
    handshake(s, ok, e) {
      t.client('handshake', ok, tlsErr(e), s.authorized, s.getTLSVersion())
      t.client('write', s.write('hello'))
    },
    drain: (s) => t.client('drain'),
    data(s, d) {
      t.client('data', String(d))
      t.client('end', s.end(), s.readyState)
    },
    close(s, e) {
      t.client('close', e, s.readyState)
      closed.tick()
    },
  },
})
t.client('resolved', client.readyState)
await closed.promise
server.stop()
t.print()
