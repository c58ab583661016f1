// reload() on a stopped listener: taken while it still has sockets (they
// get the new handlers), refused ("Expected 1 argument") once it has none.
import { attempt, defer, guard, trace } from './_trace.mjs'
guard()
async function run(closeActive) {
  const closed = defer()
  const opened = defer()
  const got = defer()
  const server = Bun.listen({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      open: (s) => opened.resolve(s),
      data: (s, d) => trace('old data', String(d)),
      close() {
        trace('old close')
        closed.resolve()
      },
    },
  })
  const c = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
  await opened.promise
  server.stop(closeActive)
  attempt(`stop(${closeActive}), reload`, () =>
    server.reload({
      socket: {
        data(s, d) {
          trace('new data', String(d))
          got.resolve()
        },
        close() {
          trace('new close')
          closed.resolve()
        },
      },
    }),
  )
  if (!closeActive) {
    c.write('x')
    await got.promise
    c.end()
  }
  await closed.promise
  await new Promise((resolve) => setImmediate(resolve))
  attempt('reload after the sockets closed', () => server.reload({ socket: { data() {} } }))
  trace('data', server.data)
}
await run(false)
await run(true)
