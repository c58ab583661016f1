// Datagrams between two sockets: the data handler's arguments, send and
// sendMany results, binary types.
import { countdown, defer, guard, trace } from './_trace.mjs'
guard()
const got = countdown(4)
const first = defer()
const a = await Bun.udpSocket({
  hostname: '127.0.0.1',
  binaryType: 'uint8array',
  socket: {
    data(s, data, port, address, flags) {
      trace('data', this === s, data.constructor.name, Buffer.from(data).toString(), port === b.port, address, flags)
      got.tick()
      first.resolve()
    },
  },
})
const b = await Bun.udpSocket({ hostname: '127.0.0.1' })
trace('send', b.send('one', a.port, '127.0.0.1'))
// The first datagram's trace comes before the next send's.
await first.promise
trace('sendMany', b.sendMany(['two', a.port, '127.0.0.1', new Uint8Array([51]), a.port, '127.1', new ArrayBuffer(0), a.port, '127.0.0.1']))
await got.promise
a.close()
b.close()
trace('closed', a.closed, b.closed)
