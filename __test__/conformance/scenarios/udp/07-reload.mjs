// reload() merges handlers: what is not given (or falsy) stays.
import { attempt, countdown, defer, guard, trace } from './_trace.mjs'
guard()
const got = countdown(2)
const first = defer()
const s = await Bun.udpSocket({
  hostname: '127.0.0.1',
  socket: {
    data: (x, d) => {
      trace('first data', String(d))
      got.tick()
      first.resolve()
    },
    error: () => trace('first error'),
  },
})
attempt('reload()', () => s.reload())
attempt('reload(5)', () => s.reload(5))
attempt('reload({socket: 5})', () => s.reload({ socket: 5 }))
attempt('reload({socket: {data: 5}})', () => s.reload({ socket: { data: 5 } }))
attempt('reload({})', () => s.reload({}))
const b = await Bun.udpSocket({ hostname: '127.0.0.1' })
b.send('one', s.port, '127.0.0.1')
// 'one' reaches the first handler: reload only after it came.
await first.promise
attempt('reload({socket: {data}})', () =>
  s.reload({
    socket: {
      data: (x, d) => {
        trace('second data', String(d))
        got.tick()
      },
    },
  }),
)
b.send('two', s.port, '127.0.0.1')
await got.promise
s.close()
b.close()
