// Checks: write() argument errors are thrown synchronously: invalid data types -> TypeError
// ERR_INVALID_ARG_TYPE (null throws but undefined returns 0); non-integer offset/length ->
// TypeError ERR_INVALID_ARG_TYPE; negative / out of range -> RangeError ERR_OUT_OF_RANGE.
// Same validation applies to end(). Nothing is sent for failed calls. (Bun's quirk that
// write(buf, offset) WITHOUT a length throws when offset > 0, because its default length is the
// whole buffer, is a documented difference of bun-sockets and is not compared here.)
import { trace, guard, deferred, describeError, done } from './_trace.mjs';
guard();
const chunks = [];
const sClosed = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data(s, d) { chunks.push(Buffer.from(d)); }, close() { sClosed.resolve(); } } });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
const u8 = new Uint8Array([65, 66, 67, 68, 69, 70]);
const cases = [
  ['123', () => c.write(123)],
  ['null', () => c.write(null)],
  ['{}', () => c.write({})],
  ['[1,2]', () => c.write([1, 2])],
  ['true', () => c.write(true)],
  ['Symbol', () => c.write(Symbol('x'))],
  ['(u8, 7)', () => c.write(u8, 7)],
  ['(u8, 0, 7)', () => c.write(u8, 0, 7)],
  ['(u8, 2, 5)', () => c.write(u8, 2, 5)],
  ['(u8, -1)', () => c.write(u8, -1)],
  ['(u8, 0, -1)', () => c.write(u8, 0, -1)],
  ['(u8, 1.5)', () => c.write(u8, 1.5)],
  ['(u8, 0, 1.5)', () => c.write(u8, 0, 1.5)],
  ['(u8, null)', () => c.write(u8, null)],
  ['(u8, NaN)', () => c.write(u8, NaN)],
  ['end(123)', () => c.end(123)],
  ['end(u8, 7)', () => c.end(u8, 7)],
];
for (const [label, fn] of cases) {
  try { trace(label, 'returned', fn()); } catch (e) { trace(label, 'throws', describeError(e)); }
}
trace('readyState after failed end()', c.readyState);
c.write('OK');
c.end();
await sClosed.promise;
trace('server received', Buffer.concat(chunks).toString());
l.stop(true);
done();
