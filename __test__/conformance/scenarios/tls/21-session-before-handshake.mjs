// getSession() of a client without a `handshake` handler: undefined once
// connected (its handshake is still under way), a session in `open` (which
// runs after the handshake).
import { defer, guard, identity, pem, trace } from './_trace.mjs'
guard()
const server = Bun.listen({ hostname: '127.0.0.1', port: 0, tls: identity(), socket: { data() {} } })
const opened = defer()
const c = await Bun.connect({
  hostname: 'localhost',
  port: server.port,
  tls: { ca: pem('ca.pem') },
  socket: {
    open(s) {
      trace('in open', Buffer.isBuffer(s.getSession()))
      opened.resolve()
    },
    data() {},
  },
})
trace('once connected', c.getSession())
await opened.promise
c.end()
server.stop(true)
