// A plain TCP client talking to a TLS server: the server's handshake
// fails with BoringSSL's reason.
import { countdown, guard, identity, sides, tlsErr } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: identity(),
  socket: {
    open: () => t.server('open'),
    handshake: (s, ok, e) => t.server('handshake', ok, tlsErr(e)),
    data: () => t.server('data'),
    close(s, e) {
      t.server('close', e)
      closed.tick()
    },
  },
})
await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    open: (s) => t.client('write', s.write('GET / HTTP/1.1\r\n\r\n')),
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
