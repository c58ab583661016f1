// A client that refuses the server's certificate: inside handshake(false)
// the version and suite the handshake had settled are reported; after
// close, nothing.
import { countdown, guard, identity, pem, trace } from './_trace.mjs'
guard()
const server = Bun.listen({ hostname: '127.0.0.1', port: 0, tls: identity(), socket: { data() {} } })
const cases = {
  untrusted: true,
  'wrong name': { ca: pem('ca.pem'), serverName: 'example.com' },
  'wrong name, TLS 1.2': { ca: pem('ca.pem'), serverName: 'example.com', maxVersion: 0x0303 },
}
for (const [name, tls] of Object.entries(cases)) {
  const closed = countdown(1)
  await Bun.connect({
    hostname: '127.0.0.1',
    port: server.port,
    tls,
    socket: {
      handshake(s, ok, err) {
        trace(name, 'handshake', ok, err?.code, s.getTLSVersion(), s.getCipher(), s.authorized)
      },
      close(s) {
        trace(name, 'close', s.getTLSVersion(), s.getCipher())
        closed.tick()
      },
      data() {},
    },
  })
  await closed.promise
}
server.stop(true)
