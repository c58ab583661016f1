// Linux abstract Unix socket names (leading NUL).
import { defer, guard, trace } from './_trace.mjs'
guard()
const name = `\0conformance-${process.pid}-${Math.random().toString(36).slice(2)}`
const server = Bun.listen({ unix: name, socket: { data: (s, d) => s.write(`abstract:${d}`) } })
trace('unix', server.unix === name)
const reply = defer()
const c = await Bun.connect({ unix: name, socket: { data: (s, d) => reply.resolve(String(d)) } })
c.write('x')
trace(await reply.promise)
c.end()
server.stop(true)
