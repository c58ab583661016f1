// UDP multicast on the loopback interface: a receiver joins 239.255.0.1,
// a sender sends to the group, the receiver gets it, then leaves.
import { udpSocket } from 'bun-sockets'

const GROUP = '239.255.0.1'
let done
const arrived = new Promise((resolve) => {
  done = resolve
})
const receiver = await udpSocket({
  hostname: '0.0.0.0',
  socket: {
    data(socket, data, port, address) {
      console.log(`group message from ${address}:${port}: ${data}`)
      done()
    },
  },
})
receiver.addMembership(GROUP, '127.0.0.1')

const sender = await udpSocket({ hostname: '127.0.0.1' })
sender.setMulticastInterface('127.0.0.1')
sender.setMulticastLoopback(true)
sender.setMulticastTTL(1)
sender.send('hello, group', receiver.port, GROUP)

await arrived
receiver.dropMembership(GROUP, '127.0.0.1')
receiver.close()
sender.close()
