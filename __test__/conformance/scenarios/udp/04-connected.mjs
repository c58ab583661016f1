// A connected socket: remoteAddress, one-argument send, sendMany of data
// only, and the errors for destinations.
import { attempt, countdown, guard, trace } from './_trace.mjs'
guard()
const got = countdown(3)
const a = await Bun.udpSocket({
  hostname: '127.0.0.1',
  socket: {
    data(s, data) {
      trace('data', String(data))
      got.tick()
    },
  },
})
const c = await Bun.udpSocket({ hostname: '127.0.0.1', connect: { hostname: '127.0.0.1', port: a.port } })
trace('remote', c.remoteAddress.address, c.remoteAddress.family, c.remoteAddress.port === a.port, Object.keys(c.remoteAddress))
trace('send', c.send('first'))
attempt('send with destination', () => c.send('x', a.port, '127.0.0.1'))
attempt('send two args', () => c.send('x', a.port))
trace('sendMany', c.sendMany(['second', 'third']))
await got.promise
a.close()
c.close()
