// In one process, the server's open runs before the client's (Unix), and
// getsockname(out) on listeners.
import os from 'node:os'
import path from 'node:path'
import { attempt, defer, guard, trace } from './_trace.mjs'
guard()
const file = path.join(os.tmpdir(), `conf-order-${process.pid}-${Math.random().toString(36).slice(2)}.sock`)
const both = defer()
const order = []
const note = (who) => {
  order.push(who)
  if (order.length === 2) both.resolve()
}
const server = Bun.listen({ unix: file, socket: { open: () => note('server open'), data() {} } })
const c = await Bun.connect({ unix: file, socket: { open: () => note('client open'), data() {} } })
await both.promise
trace(order)
const out = {}
attempt('unix getsockname', () => server.getsockname(out))
trace('filled', out)
c.end()
server.stop(true)
const tcp = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
const tout = { keep: 1 }
attempt('tcp getsockname', () => tcp.getsockname(tout))
trace('filled', Object.keys(tout), tout.address, tout.family, tout.port === tcp.port)
attempt('no argument', () => tcp.getsockname())
attempt('null', () => tcp.getsockname(null))
tcp.stop()
const after = {}
attempt('after stop', () => tcp.getsockname(after))
trace('filled after stop', Object.keys(after))
