// ICMP reports reach an unconnected socket too (Bun asks for them with
// IP_RECVERR): one error per datagram refused, and later sends still work.
import { guard, trace } from './_trace.mjs'
guard()
const probe = await Bun.udpSocket({ hostname: '127.0.0.1' })
const dead = probe.port
probe.close()
let next
const s = await Bun.udpSocket({
  hostname: '127.0.0.1',
  socket: {
    error(e) {
      trace('error', e.code, e.syscall, e.errqueue, e.errno)
      next()
    },
    data: (x, d) => {
      trace('data', String(d))
      next()
    },
  },
})
for (const [label, port] of [
  ['refused 1', dead],
  ['refused 2', dead],
  ['to itself', s.port],
]) {
  await new Promise((resolve) => {
    next = resolve
    trace(label, s.send(label, port, '127.0.0.1'))
  })
}
s.close()
