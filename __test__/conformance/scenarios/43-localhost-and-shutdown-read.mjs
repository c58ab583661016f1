// Connecting by name ("localhost"), and shutdown(true) (stop reading).
import { defer, guard, trace } from './_trace.mjs'
guard()
const serverSide = defer()
const serverGot = defer()
const server = Bun.listen({ hostname: 'localhost', port: 0, socket: { open: (s) => serverSide.resolve(s), data: (s, d) => {
  trace('server data', String(d))
  serverGot.resolve()
} } })
const got = []
const c = await Bun.connect({ hostname: 'localhost', port: server.port, socket: { data: (s, d) => got.push(String(d)) } })
trace('connected by name', c.remotePort === server.port, c.readyState)
const s = await serverSide.promise
trace('shutdown(true) ->', c.shutdown(true), c.readyState)
trace('client can still write', c.write('after shutdown(true)') > 0)
await serverGot.promise
c.end()
server.stop(true)
