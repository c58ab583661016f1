// Bun.udpSocket option errors (thrown synchronously) and defaults.
import { attempt, guard, trace } from './_trace.mjs'
guard()
for (const [label, options] of [
  ['5', 5],
  ['null', null],
  ['port -1', { port: -1 }],
  ['port 70000', { port: 70000 }],
  ['port 1.5', { port: 1.5 }],
  ['hostname 5', { hostname: 5 }],
  ['socket 5', { socket: 5 }],
  ['socket.binaryType 5 (ignored)', { socket: { binaryType: 5 } }],
  ['binaryType 5', { binaryType: 5, socket: {} }],
  ['binaryType x', { binaryType: 'x', socket: {} }],
  ['binaryType x without socket (ignored)', { binaryType: 'x' }],
  ['data 5', { socket: { data: 5 } }],
  ['drain 5', { socket: { drain: 5 } }],
  ['error 5', { socket: { error: 5 } }],
  ['connect 5', { connect: 5 }],
  ['connect no hostname', { connect: { port: 1 } }],
  ['connect no port', { connect: { hostname: '127.0.0.1' } }],
  ['connect port 0', { connect: { hostname: '127.0.0.1', port: 0 } }],
  ['port 0n', { hostname: '127.0.0.1', port: 0n }],
  ['port 5000n', { hostname: '127.0.0.1', port: 5000n }],
  ['port whose valueOf is a BigInt', { hostname: '127.0.0.1', port: { valueOf: () => 0n } }],
  ['connect port 5000n', { connect: { hostname: '127.0.0.1', port: 5000n } }],
  ['hostname with a NUL byte', { hostname: 'local\0host' }],
  ['connect hostname with a NUL byte', { connect: { hostname: 'a\0b', port: 5000 } }],
]) {
  attempt(label, () => Bun.udpSocket(options))
}
const s = await Bun.udpSocket({})
trace('defaults', String(s), s.hostname, s.binaryType, s.closed, typeof s.port, s.address.family, Object.keys(s.address))
trace('binaryType without socket', (await Bun.udpSocket({ binaryType: 'arraybuffer' })).binaryType)
s.close()
trace('after close', s.closed, s.fd)
process.exit(0)
