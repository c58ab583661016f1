// Checks: after a socket has closed, write/end return -1 WITHOUT validating arguments (even
// write(123) or write(u8, 99) return -1); flush/shutdown/terminate/timeout/ref/unref/pause/resume/
// close return undefined; setNoDelay/setKeepAlive return false; reload with a valid object returns
// undefined but reload() with no args still throws.
import { trace, guard, describeError, done, sleep, tracedHandlers } from './_trace.mjs';
guard();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
const C = tracedHandlers(() => {});
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
c.end();
await C.closed.promise;
const u8 = new Uint8Array(4);
const calls = [
  ['write("x")', () => c.write('x')],
  ['write(123)', () => c.write(123)],
  ['write(null)', () => c.write(null)],
  ['write(u8, 99)', () => c.write(u8, 99)],
  ['end()', () => c.end()],
  ['end("x")', () => c.end('x')],
  ['flush()', () => c.flush()],
  ['shutdown()', () => c.shutdown()],
  ['shutdown(true)', () => c.shutdown(true)],
  ['terminate()', () => c.terminate()],
  ['close()', () => c.close()],
  ['timeout(1)', () => c.timeout(1)],
  ['timeout()', () => c.timeout()],
  ['ref()', () => c.ref()],
  ['unref()', () => c.unref()],
  ['pause()', () => c.pause()],
  ['resume()', () => c.resume()],
  ['setNoDelay(true)', () => c.setNoDelay(true)],
  ['setKeepAlive(true, 1000)', () => c.setKeepAlive(true, 1000)],
  ['reload({socket:{data}})', () => c.reload({ socket: { data() {} } })],
  ['reload()', () => c.reload()],
  ['readyState', () => c.readyState],
];
for (const [label, fn] of calls) {
  try { const r = fn(); trace(label, 'returned', r === undefined ? '<undefined>' : r); } catch (e) { trace(label, 'throws', describeError(e)); }
}
l.stop(true);
done();
