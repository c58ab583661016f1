// Stage for seed "UDP > Batch Sending": `socket` is bound to port 41234
// (so the example's first datagram comes back to it) and `connectedSocket`
// is connected to a stage receiver. The example's "World" to 1.1.1.1:53
// leaves through the machine's default route, if it has one; with no
// network the kernel drops it and sendMany counts only what went out.
import { finish, narrate, say } from './narrate.mjs'

let expected = 4 // "Hello" back on `socket`, then foo, bar, baz
const arrived = () => {
  if (--expected === 0) {
    receiver.close()
    finish('every local datagram arrived: closing the sockets')
  }
}

const receiver = await globalThis.Bun.udpSocket({
  hostname: '127.0.0.1',
  socket: {
    data(socket, buf, port, address) {
      say(`stage receiver: ${JSON.stringify(buf.toString())} from ${address}:${port}`)
      arrived()
    },
  },
})

narrate({
  afterHandler(side, name) {
    if (side === 'udp' && name === 'data') arrived()
  },
})

globalThis.socket = await globalThis.Bun.udpSocket({ port: 41234, socket: { data() {} } })
globalThis.connectedSocket = await globalThis.Bun.udpSocket({
  connect: { hostname: '127.0.0.1', port: receiver.port },
})
