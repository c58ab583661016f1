// connectError that throws: routed to the error handler; the promise
// still rejects.
import { err, guard, trace } from './_trace.mjs'
guard()
try {
  await Bun.connect({
    hostname: '127.0.0.1',
    port: 1,
    socket: {
      data() {},
      connectError() {
        throw new Error('from connectError')
      },
      error: (s, e) => trace('error handler', e.message, s.readyState),
    },
  })
} catch (e) {
  trace('rejected', err(e))
}
