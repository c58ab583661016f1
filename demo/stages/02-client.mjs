// Stage for seed "TCP > Client": an echo server (the seed's server
// handlers) listens on localhost:8080 before the example connects to it.
import { finish, narrate } from './narrate.mjs'

narrate({
  afterHandler(side, name) {
    if (side === 'client' && name === 'data') finish('the client got its echo: closing both ends')
  },
})

Bun.listen({
  hostname: 'localhost',
  port: 8080,
  socket: {
    open(socket) {
      console.log('Connected')
    },
    data(socket, data) {
      socket.write(`Echo: ${data}`)
    },
  },
})
