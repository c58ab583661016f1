// mTLS: a trusted client certificate is authorized on the server; an
// untrusted one is refused there.
import { countdown, guard, identity, pem, sides, tlsErr } from './_trace.mjs'
guard()
for (const client of ['client', 'other-client']) {
  const t = sides()
  const closed = countdown(2)
  const server = Bun.listen({
    hostname: '127.0.0.1',
    port: 0,
    tls: { ...identity(), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true },
    socket: {
      handshake(s, ok, e) {
        t.server('handshake', client, ok, tlsErr(e), s.authorized, s.getPeerCertificate()?.subject.CN)
      },
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
    tls: { ca: pem('ca.pem'), ...identity(client) },
    socket: {
      handshake(s, ok, e) {
        t.client('handshake', client, ok, tlsErr(e), s.getCertificate()?.subject.CN)
        s.write('hello')
      },
      data: () => {},
      error: () => {},
      close() {
        closed.tick()
      },
    },
  })
  await closed.promise
  server.stop()
  t.print()
}
