// The seed's form: key and cert as Bun.file, here an encrypted key with
// its passphrase.
import { countdown, fixturePath, guard, sides } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: { key: Bun.file(fixturePath('server-encrypted.key')), cert: Bun.file(fixturePath('server.pem')), passphrase: 'bun-sockets' },
  socket: {
    data(s, d) {
      t.server('data', String(d))
      s.end()
    },
    close() {
      closed.tick()
    },
  },
})
await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  tls: { ca: Bun.file(fixturePath('ca.pem')) },
  socket: {
    open: (s) => t.client('open', s.authorized, s.write('via Bun.file')),
    data: () => {},
    close() {
      closed.tick()
    },
  },
})
await closed.promise
server.stop()
t.print()
