// Two listeners on one port: only with reusePort on both.
import { err, guard, trace } from './_trace.mjs'
guard()
const S = { data() {} }
const a = Bun.listen({ hostname: '127.0.0.1', port: 0, reusePort: true, socket: S })
try {
  const b = Bun.listen({ hostname: '127.0.0.1', port: a.port, reusePort: true, socket: S })
  trace('second reusePort listener', b.port === a.port)
  b.stop()
} catch (e) {
  trace('second reusePort listener failed', err(e))
}
try {
  Bun.listen({ hostname: '127.0.0.1', port: a.port, socket: S }).stop()
  trace('plain listener on a reusePort port: listening?!')
} catch (e) {
  trace('plain listener on a reusePort port', err(e))
}
a.stop()
const x = Bun.listen({ hostname: '127.0.0.1', port: 0, exclusive: true, socket: S })
try {
  Bun.listen({ hostname: '127.0.0.1', port: x.port, reusePort: true, socket: S }).stop()
  trace('reusePort next to exclusive: listening?!')
} catch (e) {
  trace('reusePort next to exclusive', err(e))
}
x.stop()
