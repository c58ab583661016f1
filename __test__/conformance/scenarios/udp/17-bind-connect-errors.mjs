// Errors of binding and connecting, thrown by udpSocket itself.
import { attempt, guard, trace } from './_trace.mjs'
guard()
const show = (label, fn) => {
  try {
    fn()
    trace(label, 'no error')
  } catch (e) {
    trace(label, e.constructor.name, e.name, e.message, e.code, e.errno, e.syscall, Object.keys(e))
  }
}
const taken = await Bun.udpSocket({ hostname: '127.0.0.1' })
show('port in use', () => Bun.udpSocket({ hostname: '127.0.0.1', port: taken.port }))
show('not a local address', () => Bun.udpSocket({ hostname: '10.255.255.1' }))
show('name that does not resolve', () => Bun.udpSocket({ hostname: 'bogus.invalid' }))
show('connect family mismatch', () => Bun.udpSocket({ connect: { hostname: '::1', port: 9 } }))
show('connect name that does not resolve', () => Bun.udpSocket({ connect: { hostname: 'bogus.invalid', port: 9 } }))
attempt('connect by name', () => Bun.udpSocket({ connect: { hostname: 'localhost', port: taken.port } }).then((s) => (s.close(), s)))
taken.close()
