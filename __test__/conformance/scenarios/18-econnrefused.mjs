// A refused connection: connectError(socket, err) first, then the
// rejection; no close; the connectError socket is detached.
import { err, guard, trace } from './_trace.mjs'
guard()
const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
const port = probe.port
probe.stop()
const p = Bun.connect({
  hostname: '127.0.0.1',
  port,
  data: { mine: true },
  socket: {
    data() {},
    open: () => trace('open?!'),
    close: (s, e) => trace('close', err(e)),
    connectError(s, e) {
      trace('connectError', typeof s, s.readyState, s.data, err(e), e.message, arguments.length)
      trace('this is the socket', this === s)
    },
  },
})
trace('connect returned', p instanceof Promise)
try {
  await p
} catch (e) {
  trace('rejected', err(e), e.message, Object.keys(e))
}
try {
  await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } })
} catch (e) {
  trace('without connectError', err(e))
}
