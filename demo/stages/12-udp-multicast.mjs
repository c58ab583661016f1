// Stage for seed "UDP > Multicast": `socket` is an unconnected socket; the
// example joins and leaves the all-hosts group and sets the multicast
// options. The stage closes the socket after the last call.
import { finish, narrate } from './narrate.mjs'

narrate({
  afterMethod(label, name) {
    if (name === 'setMulticastLoopback') finish('every call returned: closing the socket')
  },
})

globalThis.socket = await globalThis.Bun.udpSocket({})
