// reload() argument errors on listeners and sockets.
import { attempt, guard } from './_trace.mjs'
guard()
const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
const c = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
for (const [label, target] of [['listener', server], ['socket', c]]) {
  attempt(`${label} reload()`, () => target.reload())
  attempt(`${label} reload(1)`, () => target.reload(1))
  attempt(`${label} reload({})`, () => target.reload({}))
  attempt(`${label} reload socket 1`, () => target.reload({ socket: 1 }))
  attempt(`${label} reload no handlers`, () => target.reload({ socket: {} }))
  attempt(`${label} reload data 1`, () => target.reload({ socket: { data: 1 } }))
  attempt(`${label} reload ok`, () => target.reload({ socket: { data() {} } }))
}
c.end()
server.stop(true)
