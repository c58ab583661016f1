// sendMany on a connected socket takes data only.
import { attempt, countdown, guard, trace } from './_trace.mjs'
guard()
const got = countdown(2)
const a = await Bun.udpSocket({
  hostname: '127.0.0.1',
  socket: {
    data(x, d) {
      trace('data', String(d))
      got.tick()
    },
  },
})
const c = await Bun.udpSocket({ hostname: '127.0.0.1', connect: { hostname: '127.0.0.1', port: a.port } })
attempt('data, port, address', () => c.sendMany(['x', a.port, '127.0.0.1']))
attempt('a number', () => c.sendMany([5]))
attempt('empty', () => c.sendMany([]))
trace('two', c.sendMany(['one', Buffer.from('two')]))
await got.promise
a.close()
c.close()
