// Many writes of assorted sizes arrive complete and in order.
import { createHash } from 'node:crypto'
import { defer, guard, trace } from './_trace.mjs'
guard(15000)
const chunks = []
let seed = 1
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
for (let i = 0; i < 2000; i++) {
  const b = Buffer.alloc(1 + Math.floor(rand() * 4000))
  for (let j = 0; j < b.length; j++) b[j] = (i + j) & 255
  chunks.push(b)
}
const all = Buffer.concat(chunks)
const expected = createHash('sha1').update(all).digest('hex')
const hash = createHash('sha1')
let received = 0
const done = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    data(s, d) {
      hash.update(d)
      received += d.length
      if (received === all.length) done.resolve()
    },
  },
})
let i = 0
let pending = null
const send = (s) => {
  while (i < chunks.length) {
    const chunk = pending ?? chunks[i]
    const n = s.write(chunk)
    if (n < chunk.length) {
      pending = chunk.subarray(n)
      return
    }
    pending = null
    i++
  }
}
await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { open: send, drain: send, data() {} } })
await done.promise
trace('bytes', received, 'hash matches', hash.digest('hex') === expected)
server.stop(true)
