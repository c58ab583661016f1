// IPv6: ::1 both ways, and a dual-stack "::" socket hearing IPv4 peers as
// ::ffff: addresses.
import { countdown, guard, trace } from './_trace.mjs'
guard()
let got = countdown(1)
const v6 = await Bun.udpSocket({
  hostname: '::1',
  socket: {
    data(s, d, port, address, flags) {
      trace('::1 data', String(d), address, flags, port === sender6.port)
      got.tick()
    },
  },
})
const dual = await Bun.udpSocket({
  hostname: '::',
  socket: {
    data(s, d, port, address, flags) {
      trace(':: data', String(d), address, flags, port === sender4.port)
      got.tick()
    },
  },
})
trace('families', v6.address.family, v6.address.address, dual.address.family, dual.address.address)
const sender6 = await Bun.udpSocket({ hostname: '::1' })
const sender4 = await Bun.udpSocket({ hostname: '127.0.0.1' })
sender6.send('over v6', v6.port, '::1')
await got.promise
got = countdown(1)
sender4.send('over v4', dual.port, '127.0.0.1')
await got.promise
for (const s of [v6, dual, sender6, sender4]) s.close()
