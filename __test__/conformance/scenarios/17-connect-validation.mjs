// Bun.connect argument validation: thrown synchronously, class and code.
import { attempt, guard } from './_trace.mjs'
guard()
const S = { data() {} }
const tryConnect = (label, options) =>
  attempt(label, () => {
    const p = Bun.connect(options)
    p.then((s) => s.end(), () => {})
    return 'returned a promise'
  })
tryConnect('no argument', undefined)
tryConnect('number', 1)
tryConnect('empty object', {})
tryConnect('no socket', { hostname: '127.0.0.1', port: 1 })
tryConnect('socket empty', { hostname: '127.0.0.1', port: 1, socket: {} })
tryConnect('data 1', { hostname: '127.0.0.1', port: 1, socket: { data: 1 } })
tryConnect('no hostname', { port: 1, socket: S })
tryConnect('no port', { hostname: '127.0.0.1', socket: S })
tryConnect('port -1', { hostname: '127.0.0.1', port: -1, socket: S })
tryConnect('port 70000', { hostname: '127.0.0.1', port: 70000, socket: S })
tryConnect('port 2.5', { hostname: '127.0.0.1', port: 2.5, socket: S })
tryConnect('unix number', { unix: 5, socket: S })
tryConnect('allowHalfOpen 1', { hostname: '127.0.0.1', port: 1, allowHalfOpen: 1, socket: S })
tryConnect('binaryType bad', { hostname: '127.0.0.1', port: 1, socket: { data() {}, binaryType: 'blob' } })
