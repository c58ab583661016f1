// What the TLS getters answer before the handshake, after it, and after
// close, on both sides.
import { countdown, guard, identity, pem, sides, tlsErr } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const peerShape = (c) => (c ? { keys: Object.keys(c), subject: { ...c.subject }, issuer: { ...c.issuer }, san: c.subjectaltname, bits: c.bits, curve: c.asn1Curve, serial: c.serialNumber, fp: c.fingerprint256, from: c.valid_from, ku: c.ext_key_usage, ca: c.ca } : c)
const probe = (s) => [
  s.authorized,
  s.alpnProtocol,
  s.getTLSVersion(),
  s.getCipher(),
  s.getServername(),
  s.getEphemeralKeyInfo(),
  s.getSharedSigalgs(),
  s.isSessionReused(),
  peerShape(s.getPeerCertificate()),
  peerShape(s.getCertificate()),
  tlsErr(s.getAuthorizationError()),
]
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: identity(),
  socket: {
    open: (s) => t.server('open', ...probe(s)),
    handshake: (s) => t.server('handshake', ...probe(s)),
    data: () => {},
    close(s) {
      t.server('closed', ...probe(s))
      closed.tick()
    },
  },
})
await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  tls: { ca: pem('ca.pem') },
  socket: {
    open: (s) => t.client('open', ...probe(s)),
    handshake(s) {
      t.client('handshake', ...probe(s))
      const chain = s.getPeerCertificate(false)
      t.client('chain', chain.issuerCertificate.subject.CN, chain.issuerCertificate.issuerCertificate === chain.issuerCertificate)
      s.close()
    },
    data: () => {},
    close(s) {
      t.client('closed', ...probe(s))
      closed.tick()
    },
  },
})
await closed.promise
server.stop(true)
t.print()
