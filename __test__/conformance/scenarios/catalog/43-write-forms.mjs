// Checks: write() accepted argument forms and their return values, and the exact bytes the peer
// receives: string (UTF-8), '', Uint8Array, Buffer, ArrayBuffer, DataView, Uint16Array,
// subarray, (buf, 0), (buf, off, len), (str, off, len) applied to UTF-8 bytes, encoding as 2nd arg
// ('hex', 'base64', unknown -> utf8), String object, undefined and no-arg (return 0).
// (Bun also writes a Blob synchronously; Node cannot read a Blob synchronously, so bun-sockets
// rejects it, see README "Differences"; not compared here.)
import { trace, guard, deferred, done } from './_trace.mjs';
guard();
const chunks = [];
const sClosed = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data(s, d) { chunks.push(Buffer.from(d)); }, close() { sClosed.resolve(); } } });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
const u8 = new Uint8Array([65, 66, 67, 68, 69, 70]);
const cases = [
  ['"héllo"', () => c.write('héllo')],
  ['""', () => c.write('')],
  ['Uint8Array', () => c.write(u8)],
  ['Buffer', () => c.write(Buffer.from('BUF'))],
  ['ArrayBuffer', () => c.write(u8.buffer)],
  ['DataView(1,2)', () => c.write(new DataView(u8.buffer, 1, 2))],
  ['Uint16Array', () => c.write(new Uint16Array([0x4847]))],
  ['subarray(2,4)', () => c.write(u8.subarray(2, 4))],
  ['(u8, 0)', () => c.write(u8, 0)],
  ['(u8, 2, 3)', () => c.write(u8, 2, 3)],
  ['(u8, undefined, 2)', () => c.write(u8, undefined, 2)],
  ['(u8, 6, 0)', () => c.write(u8, 6, 0)],
  ['("abcdef", 1, 2)', () => c.write('abcdef', 1, 2)],
  ['("é!", 2, 1)', () => c.write('é!', 2, 1)],
  ['("414243", "hex")', () => c.write('414243', 'hex')],
  ['("QUJD", "base64")', () => c.write('QUJD', 'base64')],
  ['("abc", "bogus")', () => c.write('abc', 'bogus')],
  ['(u8, "hex")', () => c.write(u8, 'hex')],
  ['String object', () => c.write(new String('SO'))],
  ['undefined', () => c.write(undefined)],
  ['no args', () => c.write()],
];
const out = [];
for (const [label, fn] of cases) out.push([label, fn()]);
trace(out);
trace('bytesWritten', c.bytesWritten);
c.end();
await sClosed.promise;
trace('server received', Buffer.concat(chunks).toString('latin1'));
l.stop(true);
done();
