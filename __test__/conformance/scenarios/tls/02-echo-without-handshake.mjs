// Without handshake handlers `open` waits for the handshake; the connect
// promise resolves first.
import { countdown, guard, identity, pem, sides, tlsErr } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: identity(),
  socket: {
    open: (s) => t.server('open', s.authorized, tlsErr(s.getAuthorizationError()), s.getTLSVersion()),
    data(s, d) {
      t.server('data', String(d))
      s.write(d)
    },
    end: (s) => t.server('end'),
    close(s, e) {
      t.server('close', e)
      closed.tick()
    },
  },
})
const order = []
const client = await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  tls: { ca: pem('ca.pem') },
  socket: {
    open(s) {
      order.push('open')
      t.client('open', s.authorized, s.getAuthorizationError(), s.getTLSVersion(), s.write('hi'))
    },
    drain: () => t.client('drain'),
    data(s, d) {
      t.client('data', String(d))
      s.end()
    },
    close(s, e) {
      t.client('close', e)
      closed.tick()
    },
  },
})
order.push('resolved')
t.client('resolved first', order[0], client.authorized)
await closed.promise
server.stop()
t.print()
