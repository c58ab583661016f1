// Checks: return values and argument handling of setNoDelay / setKeepAlive / flush / ref / unref /
// pause / resume on an open TCP socket, and TLS-only getters on a plain TCP socket.
import { trace, guard, describeError, done, sleep } from './_trace.mjs';
guard();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
const calls = [
  ['setNoDelay()', () => c.setNoDelay()],
  ['setNoDelay(true)', () => c.setNoDelay(true)],
  ['setNoDelay(false)', () => c.setNoDelay(false)],
  ['setNoDelay("x")', () => c.setNoDelay('x')],
  ['setKeepAlive()', () => c.setKeepAlive()],
  ['setKeepAlive(true)', () => c.setKeepAlive(true)],
  ['setKeepAlive(true, 1000)', () => c.setKeepAlive(true, 1000)],
  ['setKeepAlive(false, 0)', () => c.setKeepAlive(false, 0)],
  ['setKeepAlive(true, -1)', () => c.setKeepAlive(true, -1)],
  ['setKeepAlive(true, "x")', () => c.setKeepAlive(true, 'x')],
  ['setKeepAlive(true, 1.5)', () => c.setKeepAlive(true, 1.5)],
  ['flush()', () => c.flush()],
  ['ref()', () => c.ref()],
  ['unref()', () => c.unref()],
  ['ref() again', () => c.ref()],
  ['pause()', () => c.pause()],
  ['resume()', () => c.resume()],
  ['getTLSVersion()', () => c.getTLSVersion()],
  ['getPeerCertificate()', () => c.getPeerCertificate()],
  ['getAuthorizationError()', () => c.getAuthorizationError()],
  ['isSessionReused()', () => c.isSessionReused()],
  ['getCipher()', () => c.getCipher()],
  ['getServername()', () => c.getServername()],
  ['getSession()', () => c.getSession()],
];
for (const [label, fn] of calls) {
  try { const r = fn(); trace(label, 'returned', r === undefined ? '<undefined>' : r); } catch (e) { trace(label, 'throws', describeError(e)); }
}
c.end();
await sleep(20);
l.stop(true);
done();
