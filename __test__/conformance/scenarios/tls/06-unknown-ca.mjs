// A server whose CA the client does not trust (the default roots only).
import { countdown, guard, identity, sides, tlsErr } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: identity(),
  socket: {
    handshake: (s, ok, e) => t.server('handshake', ok, tlsErr(e)),
    data: () => {},
    close(s, e) {
      t.server('close', e)
      closed.tick()
    },
  },
})
await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  tls: { rejectUnauthorized: true },
  socket: {
    handshake: (s, ok, e) => t.client('handshake', ok, tlsErr(e)),
    data: () => {},
    close(s, e) {
      t.client('close', e)
      closed.tick()
    },
  },
})
await closed.promise
server.stop()
t.print()
