// A host name that does not resolve.
import { err, guard, trace } from './_trace.mjs'
guard()
try {
  await Bun.connect({
    hostname: 'no-such-host.invalid',
    port: 80,
    socket: { data() {}, connectError: (s, e) => trace('connectError', err(e), e.hostname) },
  })
} catch (e) {
  trace('rejected', err(e), e.hostname, e.message, Object.keys(e))
}
