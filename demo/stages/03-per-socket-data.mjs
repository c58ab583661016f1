// Stage for seed "TCP > Per-Socket Data": once the example listens, two
// clients connect and each says hello; each connection has its own data.
import { finish, narrate } from './narrate.mjs'

let greeted = 0
narrate({
  afterListen(listener) {
    for (const name of ['first client', 'second client']) {
      Bun.connect({
        hostname: 'localhost',
        port: listener.port,
        socket: { open: (s) => s.write(`hello from the ${name}`), data() {} },
      })
    }
  },
  afterHandler(side, name) {
    if (side === 'server' && name === 'data' && ++greeted === 2) finish('two sessions, two sessionIds: closing')
  },
})
