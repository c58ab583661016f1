// Binding a port in use throws synchronously with Bun's fields.
import { err, guard, trace } from './_trace.mjs'
guard()
const first = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
try {
  Bun.listen({ hostname: '127.0.0.1', port: first.port, socket: { data() {} } })
  trace('listened twice?!')
} catch (e) {
  trace(err(e), e.address, e.port === first.port, e.message, Object.keys(e))
}
first.stop()
