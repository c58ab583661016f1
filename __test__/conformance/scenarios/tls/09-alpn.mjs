// ALPN in wire format; the server's preference wins; a list the client
// gives as an array is refused.
import { attempt, countdown, guard, identity, pem, sides } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: { ...identity(), ALPNProtocols: '\x02h2\x08http/1.1' },
  socket: {
    handshake: (s) => t.server('alpn', s.alpnProtocol),
    data: () => {},
    close() {
      closed.tick()
    },
  },
})
await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  tls: { ca: pem('ca.pem'), ALPNProtocols: Buffer.from('\x08http/1.1\x02h2', 'latin1') },
  socket: {
    open: (s) => t.client('alpn before', s.alpnProtocol),
    handshake(s) {
      t.client('alpn', s.alpnProtocol)
      s.end()
    },
    data: () => {},
    close(s) {
      t.client('alpn after close', s.alpnProtocol)
      closed.tick()
    },
  },
})
await closed.promise
server.stop()
t.print()
attempt('array', () =>
  Bun.connect({ hostname: 'localhost', port: 1, tls: { ALPNProtocols: ['h2'] }, socket: { data() {} } }),
)
