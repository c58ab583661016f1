// upgradeTLS argument errors, and on a socket that is already TLS.
import { attempt, countdown, guard, identity, pem, trace } from './_trace.mjs'
guard()
const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
const done = countdown(1)
const s = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: { data() {}, close: () => done.tick() },
})
const data = () => {}
for (const [label, args] of [
  ['no argument', []],
  ['5', [5]],
  ['{}', [{}]],
  ['{ tls: true }', [{ tls: true }]],
  ['{ socket: {} }', [{ socket: {} }]],
  ['{ tls: true, socket: 5 }', [{ tls: true, socket: 5 }]],
  ['{ socket: { data } }', [{ socket: { data } }]],
  ['{ tls: 5, socket: { data } }', [{ tls: 5, socket: { data } }]],
  ['{ tls: false, socket: { data } }', [{ tls: false, socket: { data } }]],
  ['{ tls: {}, socket: { data } }', [{ tls: {}, socket: { data } }]],
  ['{ tls: { key: 5 }, socket: { data } }', [{ tls: { key: 5 }, socket: { data } }]],
]) {
  attempt(label, () => s.upgradeTLS(...args))
}
trace('still open', s.readyState)
s.close()
await done.promise
server.stop(true)
const tlsServer = Bun.listen({ hostname: '127.0.0.1', port: 0, tls: identity(), socket: { data() {} } })
const closed = countdown(1)
const c = await Bun.connect({
  hostname: 'localhost',
  port: tlsServer.port,
  tls: { ca: pem('ca.pem') },
  socket: { data() {}, handshake() {}, close: () => closed.tick() },
})
attempt('on a TLS socket', () => c.upgradeTLS({ tls: true, socket: { data } }))
c.close()
await closed.promise
tlsServer.stop(true)
