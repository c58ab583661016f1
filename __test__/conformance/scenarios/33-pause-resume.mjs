// pause() stops data events; resume() delivers what arrived, in order.
import { defer, guard, trace } from './_trace.mjs'
guard()
const opened = defer()
let got = ''
let whilePaused = 0
let paused = false
const all = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open(s) {
      trace('pause ->', s.pause())
      paused = true
      opened.resolve(s)
    },
    data(s, d) {
      if (paused) whilePaused++
      got += d
      if (got.length === 6) all.resolve()
    },
  },
})
const c = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
const s = await opened.promise
c.write('abc')
await new Promise((r) => setTimeout(r, 100))
c.write('def')
await new Promise((r) => setTimeout(r, 100))
trace('data events while paused', whilePaused)
paused = false
trace('resume ->', s.resume())
await all.promise
trace('got', got)
c.end()
server.stop(true)
