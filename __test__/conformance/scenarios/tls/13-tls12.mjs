// TLS 1.2 through maxVersion, with a chosen cipher.
import { countdown, guard, identity, pem, sides } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: identity(),
  socket: {
    handshake: (s) => t.server('handshake', s.getTLSVersion(), s.getCipher()),
    data: () => {},
    close() {
      closed.tick()
    },
  },
})
await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  tls: { ca: pem('ca.pem'), maxVersion: 0x0303, ciphers: 'ECDHE-ECDSA-CHACHA20-POLY1305' },
  socket: {
    handshake(s) {
      t.client('handshake', s.getTLSVersion(), s.getCipher(), s.getEphemeralKeyInfo())
      s.close()
    },
    data: () => {},
    close() {
      closed.tick()
    },
  },
})
await closed.promise
server.stop(true)
t.print()
