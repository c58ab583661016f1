// Several clients write in one tick: the server gets their data in the
// order they wrote, as an event loop reads ready sockets in turn.
import { countdown, guard, trace } from './_trace.mjs'
guard()
const CLIENTS = 5
let opened = countdown(CLIENTS)
let round = countdown(CLIENTS)
const seen = []
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open: () => opened.tick(),
    data(s, d) {
      seen.push(String(d))
      round.tick()
    },
  },
})
const clients = []
for (let i = 0; i < CLIENTS; i++) clients.push(await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } }))
await opened.promise
for (let r = 0; r < 3; r++) {
  clients.forEach((c, i) => c.write(`c${i}`))
  await round.promise
  trace('round', r, seen.splice(0))
  round = countdown(CLIENTS)
}
for (const c of clients) c.end()
server.stop(true)
