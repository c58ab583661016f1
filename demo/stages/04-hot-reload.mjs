// Stage for seed "TCP > Hot Reload": `server` is a running listener with a
// first handler; after the example reloads it, a client's data reaches the
// new handler.
import { finish, narrate, say } from './narrate.mjs'

narrate({
  afterHandler(side, name) {
    if (side === 'server (reloaded)' && name === 'data') finish('the new handler took the data: closing')
  },
})

globalThis.server = Bun.listen({
  hostname: 'localhost',
  port: 8080,
  socket: {
    data(socket, data) {
      console.log(`old handler: ${data}`)
    },
  },
})

const reload = server.reload
server.reload = (options) => {
  reload(options)
  Bun.connect({
    hostname: 'localhost',
    port: server.port,
    socket: { open: (s) => s.write('sent after the reload'), data() {} },
  }).then(() => say('client connected after the reload'))
}
