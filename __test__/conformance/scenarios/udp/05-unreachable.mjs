// An ICMP port unreachable reaches `error` (one argument, `this` is the
// socket) as ECONNREFUSED from recv.
import { guard, trace } from './_trace.mjs'
guard()
const probe = await Bun.udpSocket({ hostname: '127.0.0.1' })
const dead = probe.port
probe.close()
await new Promise((resolve) => {
  Bun.udpSocket({
    connect: { hostname: '127.0.0.1', port: dead },
    socket: {
      error(...args) {
        const e = args[0]
        trace('error', args.length, this.closed, e.constructor.name, e.code, e.errno, e.syscall, e.errqueue, e.message, Object.keys(e))
        this.close()
        resolve()
      },
    },
  }).then((c) => trace('send', c.send('anyone?')))
})
