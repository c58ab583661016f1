// with: full-queue 4
// A send queue that fills (the runner preloads
// __test__/fixtures/full-queue-shim.rs, a model of a queue holding 4
// datagrams that empties once the socket waits for room; loopback never
// fills one for real): sendMany returns the count sent, send returns
// false, and `drain` fires once per wait, for both socket forms.
import { countdown, guard, trace } from './_trace.mjs'
guard()
// Datagrams are traced together at the end: how their arrival interleaves
// with another socket's `drain` is not part of the contract.
const got = countdown(13)
const received = []
const receiver = await Bun.udpSocket({
  hostname: '127.0.0.1',
  socket: {
    data(s, d) {
      received.push(String(d))
      got.tick()
    },
  },
})
const waiting = new Map()
const drainOf = (name) => new Promise((resolve) => waiting.set(name, resolve))
const handlers = (name) => ({
  drain() {
    trace('drain', name)
    waiting.get(name)?.()
  },
})
let drained = drainOf('unconnected')
const s = await Bun.udpSocket({ hostname: '127.0.0.1', socket: handlers('unconnected') })
await drained
drained = drainOf('connected')
const c = await Bun.udpSocket({
  hostname: '127.0.0.1',
  socket: handlers('connected'),
  connect: { hostname: '127.0.0.1', port: receiver.port },
})
await drained

const batch = []
for (let i = 0; i < 6; i++) batch.push(`m${i}`, receiver.port, '127.0.0.1')
drained = drainOf('unconnected')
trace('sendMany of 6', s.sendMany(batch))
await drained
drained = drainOf('unconnected')
for (let i = 0; i < 5; i++) trace('send', i, s.send(`s${i}`, receiver.port, '127.0.0.1'))
await drained
drained = drainOf('connected')
trace('connected sendMany of 6', c.sendMany(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']))
await drained
trace('connected send', c.send('c-last'))
await got.promise
trace('received', received)
for (const socket of [receiver, s, c]) socket.close()
