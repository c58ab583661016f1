// Stage for seed "TCP > Socket Methods": `socket` is connected, `data` and
// `seconds` are set; the server side shows what the calls did.
import { finish, narrate } from './narrate.mjs'

narrate({
  afterHandler(side, name) {
    if (side === 'server' && name === 'close') finish('the server saw the socket close: done')
  },
})

const server = Bun.listen({ hostname: 'localhost', port: 8080, socket: { data() {}, end() {}, close() {} } })
globalThis.socket = await Bun.connect({ hostname: 'localhost', port: server.port, socket: { data() {} } })
globalThis.data = 'last words'
globalThis.seconds = 5
