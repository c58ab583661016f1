// stop() stops accepting but keeps connections; stop(true) closes them.
import { countdown, defer, err, guard, trace } from './_trace.mjs'
guard()
const accepted = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open: () => accepted.resolve(),
    data: (s, d) => s.write(`echo:${d}`),
    close: (s, e) => trace('server close', s.readyState, err(e)),
  },
})
const port = server.port
const reply = defer()
const clientClosed = countdown(1)
const client = await Bun.connect({
  hostname: '127.0.0.1',
  port,
  socket: {
    data: (s, d) => reply.resolve(String(d)),
    end: () => trace('client end'),
    close(s, e) {
      trace('client close', err(e))
      clientClosed.tick()
    },
  },
})
await accepted.promise
trace('stop() ->', server.stop())
try {
  await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } })
  trace('connected after stop?!')
} catch (e) {
  trace('new connection after stop', err(e))
}
client.write('still there?')
trace('reply', await reply.promise)
trace('stop(true) ->', server.stop(true))
await clientClosed.promise
