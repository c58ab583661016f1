// Socket properties: names on the prototype, types and values.
import { defer, guard, trace } from './_trace.mjs'
guard()
const opened = defer()
const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open: (s) => opened.resolve(s), data() {} } })
const c = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
const s = await opened.promise
trace('own keys', Object.keys(c), Object.keys(s))
const names = ['write', 'end', 'terminate', 'shutdown', 'flush', 'timeout', 'ref', 'unref', 'pause', 'resume', 'setNoDelay', 'setKeepAlive', 'reload', 'close']
trace('methods', names.map((n) => typeof c[n]))
trace('client', c.remoteAddress, c.remotePort === server.port, c.remoteFamily, c.localAddress, typeof c.localPort, c.localFamily)
trace('server', s.remoteAddress, s.remotePort === c.localPort, s.remoteFamily, s.localAddress, s.localPort === server.port, s.localFamily)
trace('listener', c.listener, s.listener === server)
trace('tls fields', c.authorized, c.alpnProtocol)
trace('bytesWritten', c.bytesWritten, c.write('12345'), c.bytesWritten)
trace('fd', typeof c.fd, c.fd > 2)
trace('options', c.setNoDelay(true), c.setNoDelay(false), c.setKeepAlive(true, 1000), c.setKeepAlive(false))
c.end()
trace('after close', c.remoteAddress, c.remotePort === server.port, c.localFamily, c.fd)
server.stop(true)
trace('listener after stop', s.listener === server)
