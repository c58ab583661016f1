// Stage for seed "TCP > Buffering Best Practice": `socket` is connected to
// a server that prints what arrives: three one-byte writes, then one.
import { finish, narrate } from './narrate.mjs'

let received = ''
narrate({
  afterHandler(side, name, socket, [data]) {
    if (side !== 'server' || name !== 'data') return
    received += data
    if (received.length === 'hel'.length + 'hello'.length) finish(`server received ${JSON.stringify(received)}: closing`)
  },
})

const server = Bun.listen({ hostname: 'localhost', port: 8080, socket: { data() {} } })
globalThis.socket = await Bun.connect({ hostname: 'localhost', port: server.port, socket: { data() {} } })
