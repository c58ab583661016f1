// A fatal error after the handshake: the raw half of a STARTTLS pair
// writes plain bytes into the TLS stream; the peer's TLS socket gets
// `error` (EPROTO), then both halves close; the server is told by the
// client's alert.
import { countdown, guard, identity, pem, sides, tlsErr } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
let serverPair
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    data(s, d) {
      if (String(d) !== 'STARTTLS') return
      s.write('OK')
      serverPair = s.upgradeTLS({
        tls: identity(),
        socket: {
          data(x, d2) {
            t.server('tls data', String(d2))
            // Plain bytes where the client expects TLS records.
            t.server('raw write', serverPair[0].write('not a TLS record'))
          },
          // The alert the client answers with differs (README: rustls
          // sends decode_error where BoringSSL sends protocol_version).
          error: (x, e) => t.server('tls error', e.code, e.message.startsWith('error:1000')),
          close(x, e) {
            t.server('tls close', e)
            closed.tick()
          },
        },
      })
    },
    close: () => t.server('raw close'),
  },
})
await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  socket: {
    open: (s) => s.write('STARTTLS'),
    data(s, d) {
      if (String(d) !== 'OK') return
      s.upgradeTLS({
        tls: { ca: pem('ca.pem') },
        socket: {
          handshake: (x, ok) => x.write('hi'),
          data: (x, d2) => t.client('tls data', String(d2)),
          error: (x, e) => t.client('tls error', tlsErr(e)),
          close(x, e) {
            t.client('tls close', e)
            closed.tick()
          },
        },
      })
    },
    close: () => t.client('raw close'),
  },
})
await closed.promise
server.stop()
t.print()
