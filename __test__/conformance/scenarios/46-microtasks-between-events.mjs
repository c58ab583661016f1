// Promise callbacks a handler queues (and code after an `await` on them,
// however deep) run before the socket's next event, as in Bun: here the
// server's reply, its FIN and the close arrive together.
import { guard, trace } from './_trace.mjs'
guard()
const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open: (s) => s.end('reply'), data() {} } })
let delivered
const gotData = new Promise((resolve) => (delivered = resolve))
const c = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    data(s, d) {
      trace('data', String(d))
      delivered(s)
      Promise.resolve().then(() => trace('microtask queued in data'))
      process.nextTick(() => trace('tick queued in data'))
    },
    end: () => trace('end'),
    close: () => trace('close'),
  },
})
const s = await gotData
trace('after await', s.readyState)
await null
await null
trace('two awaits later', s.readyState)
await new Promise((resolve) => setTimeout(resolve, 50))
trace('final', c.readyState)
server.stop(true)
