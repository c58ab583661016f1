// A new socket with a drain handler hears it once (it is writable).
import { guard, trace } from './_trace.mjs'
guard()
await new Promise(async (resolve) => {
  const s = await Bun.udpSocket({
    hostname: '127.0.0.1',
    socket: {
      drain(...args) {
        trace('drain', args.length, args[0] === s, this === s)
        s.close()
        resolve()
      },
    },
  })
  trace('created', s.closed)
})
