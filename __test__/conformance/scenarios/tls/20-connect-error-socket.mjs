// The socket a TLS connect hands to connectError: a TLSSocket that never
// opened (TCP and Unix), answering as a closed one.
import { guard, pem, trace } from './_trace.mjs'
guard()
const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
const port = probe.port
probe.stop(true)
const targets = { tcp: { hostname: '127.0.0.1', port }, unix: { unix: `/tmp/conformance-none-${process.pid}.sock` } }
for (const [name, target] of Object.entries(targets)) {
  await Bun.connect({
    ...target,
    tls: { ca: pem('ca.pem') },
    socket: {
      data() {},
      connectError(s, e) {
        trace(name, e.code, Object.prototype.toString.call(s), s.readyState, s.authorized, s.getTLSVersion(), s.getPeerX509Certificate())
      },
    },
  }).catch((e) => trace(name, 'rejected', e.code))
}
