// Echo: open/data/close order on both sides, data types, write results.
import { countdown, err, guard, sides } from './_trace.mjs'
guard()
const t = sides()
const closed = countdown(2)
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open: (s) => t.server('open', s.readyState),
    data(s, d) {
      t.server('data', d.constructor.name, String(d))
      t.server('write', s.write(`echo:${d}`))
    },
    end: (s) => t.server('end', s.readyState),
    close(s, e) {
      t.server('close', s.readyState, err(e))
      closed.tick()
    },
  },
})
const client = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    open(s) {
      t.client('open', s.readyState)
      t.client('write', s.write('hello'))
    },
    data(s, d) {
      t.client('data', String(d))
      t.client('end', s.end())
    },
    close(s, e) {
      t.client('close', s.readyState, err(e))
      closed.tick()
    },
  },
})
t.client('resolved', client.readyState)
await closed.promise
server.stop()
t.print()
