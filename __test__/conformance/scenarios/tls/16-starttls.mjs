// STARTTLS: both sides upgrade a plain connection after a line protocol
// exchange; upgradeTLS returns [raw, tls], the original is detached, the
// raw half keeps the old handlers and sees ciphertext, the tls half talks.
import { countdown, guard, identity, pem, sides, tlsErr } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const describe = (s) => [String(s), s.readyState, s.data]
let rawSeen = { server: 0, client: 0 }
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  data: { side: 'server-plain' },
  socket: {
    open: (s) => s.write('220 ready\r\n'),
    data(s, d) {
      if (s.readyState === 1 && String(d) === 'STARTTLS\r\n') {
        t.server('plain data', String(d), s.write('OK\r\n'))
        const pair = s.upgradeTLS({
          tls: identity(),
          data: { side: 'server-tls' },
          socket: {
            open: (x) => t.server('tls open', ...describe(x)),
            handshake: (x, ok, e) => t.server('tls handshake', ok, tlsErr(e)),
            data(x, d2) {
              t.server('tls data', String(d2), x.write(`echo:${d2}`))
            },
            close(x, e) {
              t.server('tls close', e, rawSeen.server > 0)
              closed.tick()
            },
          },
        })
        t.server('pair', pair.length, ...describe(pair[0]), ...describe(pair[1]), ...describe(s), s.write('x'))
      } else {
        rawSeen.server++
      }
    },
    close: (s) => t.server('raw close', String(s)),
  },
})
await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  data: { side: 'client-plain' },
  socket: {
    data(s, d) {
      const text = String(d)
      if (text === '220 ready\r\n') {
        t.client('plain data', text, s.write('STARTTLS\r\n'))
      } else if (text === 'OK\r\n') {
        t.client('plain data', text)
        const [raw, tls] = s.upgradeTLS({
          tls: { ca: pem('ca.pem') },
          socket: {
            open: (x) => t.client('tls open', ...describe(x)),
            handshake(x, ok, e) {
              t.client('tls handshake', ok, tlsErr(e), x.getServername(), x.write('hello'))
            },
            data(x, d2) {
              t.client('tls data', String(d2))
              x.end()
            },
            close(x, e) {
              t.client('tls close', e, rawSeen.client > 0)
              closed.tick()
            },
          },
        })
        t.client('pair', ...describe(raw), ...describe(tls), s.readyState)
      } else {
        rawSeen.client++
      }
    },
    close: (s) => t.client('raw close', String(s)),
  },
})
await closed.promise
server.stop()
t.print()
