// Stage for seed "UDP > Receive": once the example's socket is bound (an
// ephemeral port), a stage socket sends it a datagram; its `data` handler
// prints it, then both close.
import { finish, narrate, say } from './narrate.mjs'

const sender = await globalThis.Bun.udpSocket({ hostname: '127.0.0.1' })

narrate({
  afterUdpSocket(socket) {
    say(`stage: a datagram from 127.0.0.1:${sender.port} to port ${socket.port}`)
    sender.send('Hi from the stage', socket.port, '127.0.0.1')
  },
  afterHandler(side, name) {
    if (side === 'udp' && name === 'data') {
      sender.close()
      finish('the datagram arrived: closing the socket')
    }
  },
})
