// write() argument forms, return values and the bytes that arrive.
import { attempt, defer, guard, trace } from './_trace.mjs'
guard()
let received = Buffer.alloc(0)
const closed = defer()
const server = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    data: (s, d) => (received = Buffer.concat([received, d])),
    close: () => closed.resolve(),
  },
})
const c = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
const buf = Buffer.from('0123456789')
attempt('string', () => c.write('ab'))
attempt('string with offset and length', () => c.write('abcdef', 2, 2))
attempt('utf8 string', () => c.write('é€'))
attempt('buffer', () => c.write(buf))
attempt('buffer 3,2', () => c.write(buf, 3, 2))
attempt('buffer 0,0', () => c.write(buf, 0, 0))
attempt('buffer offset string', () => c.write(buf, '2'))
attempt('ArrayBuffer', () => c.write(new Uint8Array([65, 66]).buffer))
attempt('DataView', () => c.write(new DataView(new Uint8Array([67, 68, 69]).buffer, 1, 2)))
attempt('Uint16Array 1,2', () => c.write(new Uint16Array([0x4142, 0x4344]), 1, 2))
attempt('subarray view', () => c.write(buf.subarray(8)))
attempt('undefined', () => c.write(undefined))
attempt('no argument', () => c.write())
attempt('empty string', () => c.write(''))
attempt('empty buffer', () => c.write(Buffer.alloc(0)))
c.end()
await closed.promise
trace('received', received.toString('latin1'))
server.stop()
