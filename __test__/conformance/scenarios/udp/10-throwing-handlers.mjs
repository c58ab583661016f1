// A data handler that throws: the error handler gets the exception.
import { countdown, guard, trace } from './_trace.mjs'
guard()
const done = countdown(1)
const s = await Bun.udpSocket({
  hostname: '127.0.0.1',
  socket: {
    data() {
      throw new Error('from data')
    },
    error(...args) {
      trace('error', args.length, args[0].message, this === s)
      done.tick()
    },
  },
})
const b = await Bun.udpSocket({ hostname: '127.0.0.1' })
b.send('x', s.port, '127.0.0.1')
await done.promise
s.close()
b.close()
