// An empty datagram and the largest one arrive whole; one byte more is
// EMSGSIZE, thrown by send.
import { attempt, countdown, defer, guard, trace } from './_trace.mjs'
guard()
const got = countdown(2)
const first = defer()
const s = await Bun.udpSocket({
  hostname: '127.0.0.1',
  socket: {
    data(x, d) {
      trace('data', d.length, d.length === 0 ? '' : d[d.length - 1])
      got.tick()
      first.resolve()
    },
  },
})
const b = await Bun.udpSocket({ hostname: '127.0.0.1', socket: { error: () => {} } })
trace('empty', b.send('', s.port, '127.0.0.1'))
await first.promise
trace('largest', b.send(Buffer.alloc(65_507, 9), s.port, '127.0.0.1'))
attempt('one byte more', () => b.send(Buffer.alloc(65_508, 9), s.port, '127.0.0.1'))
await got.promise
s.close()
b.close()
