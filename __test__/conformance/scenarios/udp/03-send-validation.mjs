// send/sendMany argument errors, in Bun's order. (Every datagram goes to
// the socket itself: an unreachable port would report an ICMP error,
// which Bun sees on unconnected sockets too; see the README.)
import { attempt, guard } from './_trace.mjs'
guard()
const s = await Bun.udpSocket({ hostname: '127.0.0.1' })
const port = s.port
for (const [label, args] of [
  ['no args', []],
  ['one arg', ['x']],
  ['two args', ['x', port]],
  ['port 0', ['x', 0, '127.0.0.1']],
  ['port 65536', ['x', 65536, '127.0.0.1']],
  ['port as a string', ['x', String(port), '127.0.0.1']],
  ['port as a BigInt', ['x', BigInt(port), '127.0.0.1']],
  ['address localhost', ['x', port, 'localhost']],
  ['address 999.1.1.1', ['x', port, '999.1.1.1']],
  ['address ""', ['x', port, '']],
  ['address with a trailing space', ['x', port, '127.0.0.1 ']],
  ['address with a tab and more', ['x', port, '127.0.0.1\tabc']],
  ['address with a space and 300 more', ['x', port, `127.0.0.1 ${'a'.repeat(300)}`]],
  ['address of 252 digits and an emoji', ['x', port, `${'0'.repeat(251)}1\u{1F600}`]],
  ['address 0x7f.1', ['x', port, '0x7f.1']],
  ['payload inheriting from Uint8Array', [Object.create(Uint8Array.prototype), port, '127.0.0.1']],
  ['payload 5', [5, port, '127.0.0.1']],
  ['payload null', [null, port, '127.0.0.1']],
  ['payload {}', [{}, port, '127.0.0.1']],
  ['payload DataView', [new DataView(new ArrayBuffer(2)), port, '127.0.0.1']],
  ['too big', [Buffer.alloc(65_508), port, '127.0.0.1']],
]) {
  attempt(`send ${label}`, () => s.send(...args))
}
for (const [label, packets] of [
  ['not an array', 'x'],
  ['length 2', ['x', port]],
  ['bad payload', [5, port, '127.0.0.1']],
  ['empty', []],
  ['payload inheriting from Uint8Array', [Object.create(Uint8Array.prototype), port, '127.0.0.1']],
  ['address with a trailing space', ['x', port, '127.0.0.1 ']],
  ['address of 252 digits and an emoji', ['x', port, `${'0'.repeat(251)}1\u{1F600}`]],
  ['holes', new Array(15)],
  ['port as a BigInt', ['x', BigInt(port), '127.0.0.1']],
]) {
  attempt(`sendMany ${label}`, () => s.sendMany(packets))
}
attempt('sendMany no args', () => s.sendMany())
s.close()
attempt('send after close', () => s.send('x', port, '127.0.0.1'))
attempt('sendMany after close', () => s.sendMany([]))
process.exit(0)
