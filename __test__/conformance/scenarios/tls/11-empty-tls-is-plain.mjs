// Which tls values make a TLS socket: empty objects do not.
import { countdown, guard, identity, trace } from './_trace.mjs'
guard()
const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
for (const [label, tls] of [
  ['{}', {}],
  ['{ ca: [] }', { ca: [] }],
  ['{ requestCert: false }', { requestCert: false }],
  ['{ key: undefined }', { key: undefined }],
  ['false', false],
  ['null', null],
  ['{ rejectUnauthorized: false }', { rejectUnauthorized: false }],
  ['{ serverName: "" }', { serverName: '' }],
  ['true', true],
]) {
  const done = countdown(1)
  const s = await Bun.connect({
    hostname: '127.0.0.1',
    port: server.port,
    tls,
    socket: { data() {}, handshake() {}, close: () => done.tick() },
  })
  trace('connect', label, String(s))
  s.close()
  await done.promise
}
server.stop(true)
const tlsServer = Bun.listen({ hostname: '127.0.0.1', port: 0, tls: {}, socket: { data() {} } })
const accepted = await new Promise((resolve) => {
  const l = Bun.listen({ hostname: '127.0.0.1', port: 0, tls: { ...identity() }, socket: { data() {}, handshake() {}, open: (s) => resolve([l, String(s)]) } })
  Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {}, close() {} } }).then((c) => setTimeout(() => c.close(), 50))
})
trace('listen identity', accepted[1])
accepted[0].stop(true)
tlsServer.stop(true)
