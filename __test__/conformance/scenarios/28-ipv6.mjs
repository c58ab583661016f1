// IPv6 loopback, and IPv4 peers of a dual-stack "::" listener.
import { defer, guard, trace } from './_trace.mjs'
guard()
let seen = defer()
const server = Bun.listen({ hostname: '::', port: 0, socket: { open: (s) => seen.resolve(s), data() {} } })
trace('listener hostname', server.hostname)
for (const host of ['::1', '127.0.0.1']) {
  seen = defer()
  const c = await Bun.connect({ hostname: host, port: server.port, socket: { data() {} } })
  const s = await seen.promise
  trace(host, 'client', c.remoteAddress, c.remoteFamily, c.localAddress, c.localFamily)
  trace(host, 'server', s.remoteAddress, s.remoteFamily, s.localAddress, s.localFamily)
  c.end()
}
server.stop(true)
const v6only = Bun.listen({ hostname: '::1', port: 0, ipv6Only: true, socket: { data() {} } })
try {
  await Bun.connect({ hostname: '127.0.0.1', port: v6only.port, socket: { data() {} } })
  trace('v4 to v6only: connected?!')
} catch (e) {
  trace('v4 to a ::1 listener', e.code)
}
v6only.stop()
