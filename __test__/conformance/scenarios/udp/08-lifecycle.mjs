// close, closed, fd, cached addresses, ref/unref, Symbol.dispose.
import { attempt, guard, trace } from './_trace.mjs'
guard()
const a = await Bun.udpSocket({ hostname: '127.0.0.1' })
const address = a.address
trace('same address object', a.address === address, typeof a.fd, a.fd > 0)
trace('ref/unref', a.ref(), a.unref(), a.ref())
trace('close', a.close(), a.closed, a.fd, a.close())
trace('after close', a.address === address, typeof a.port, a.hostname)
const b = await Bun.udpSocket({ hostname: '127.0.0.1' })
b.close()
trace('never read before close', b.address, b.port, b.remoteAddress)
attempt('ref after close', () => a.ref())
attempt('unref after close', () => a.unref())
const c = await Bun.udpSocket({ hostname: '127.0.0.1' })
c[Symbol.dispose]()
trace('disposed', c.closed)
