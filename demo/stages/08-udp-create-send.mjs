// Stage for seed "UDP > Create & Send": the example binds port 41234 and
// sends "Hello" to that same port. It gives no `data` handler (a socket
// without one drops what it receives), so the stage adds one that shows
// the datagram arrive, then closes the socket.
import { finish, narrate, say } from './narrate.mjs'

narrate({
  afterHandler(side, name) {
    if (side === 'udp' && name === 'data') finish('the socket received its own datagram: closing it')
  },
})

const { udpSocket } = globalThis.Bun
globalThis.Bun.udpSocket = (options) => {
  say('stage: no data handler given -> one that shows what arrives')
  return udpSocket({ ...options, socket: { data() {} } })
}
