// Stage for seed "UDP > Connected Socket": a receiver listens on
// 127.0.0.1:41234, the example's connected client sends it "Hello".
import { finish, narrate, say } from './narrate.mjs'

const receiver = await globalThis.Bun.udpSocket({
  hostname: '127.0.0.1',
  port: 41234,
  socket: {
    data(socket, buf, port, address) {
      say(`stage receiver: ${JSON.stringify(buf.toString())} from ${address}:${port}`)
      socket.close()
      finish('the connected send arrived: closing the client')
    },
  },
})
say(`stage: a receiver on ${receiver.hostname}:${receiver.port}`)

narrate()
