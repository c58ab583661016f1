// Client end(): close runs synchronously inside end(); server sees end then close.
import { countdown, err, guard, trace } from './_trace.mjs'
guard()
const serverClosed = countdown(1)
const serverLog = []
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    data() {},
    end: (s) => serverLog.push(['end', s.readyState]),
    close(s, e) {
      serverLog.push(['close', s.readyState, err(e)])
      serverClosed.tick()
    },
  },
})
const client = await Bun.connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: { data() {}, close: (s, e) => trace('client close', s.readyState, err(e)) },
})
trace('end() ->', client.end())
trace('after end', client.readyState, client.write('x'), client.end())
await serverClosed.promise
for (const e of serverLog) trace('server', ...e)
server.stop()
