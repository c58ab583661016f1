// Listener properties for several hostnames.
import { guard, trace } from './_trace.mjs'
guard()
for (const hostname of ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost']) {
  const l = Bun.listen({ hostname, port: 0, data: { h: hostname }, socket: { data() {} } })
  trace(hostname, l.hostname, typeof l.port, l.port > 0, l.unix, l.data, Object.keys(l), typeof l.fd, typeof l.stop, typeof l.reload, typeof l.ref, typeof l.unref, typeof l[Symbol.dispose])
  trace('stop ->', l.stop(), 'again ->', l.stop(true))
  trace('after stop', l.hostname, typeof l.port, l.data)
}
