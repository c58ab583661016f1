// Checks: listening on a port already in use throws SYNCHRONOUSLY a plain Error with
// code EADDRINUSE, syscall "listen", errno 98 (positive!), address = the hostname string as
// given, and port = the requested port. Covers 127.0.0.1, 0.0.0.0, localhost, exclusive, reusePort.
import { trace, guard, describeErrorKeys, done } from './_trace.mjs';
guard();
const noop = () => {};
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data: noop } });
for (const [label, extra] of [
  ['127.0.0.1', { hostname: '127.0.0.1' }],
  ['0.0.0.0', { hostname: '0.0.0.0' }],
  ['localhost', { hostname: 'localhost' }],
  ['exclusive', { hostname: '127.0.0.1', exclusive: true }],
  ['reusePort (first had none)', { hostname: '127.0.0.1', reusePort: true }],
]) {
  try {
    const l2 = Bun.listen({ ...extra, port: l.port, socket: { data: noop } });
    trace(label, 'unexpected-ok');
    l2.stop(true);
  } catch (e) {
    trace(label, 'throws', describeErrorKeys(e), { address: e.address, portMatches: e.port === l.port, typeofPort: typeof e.port });
  }
}
l.stop(true);
// both with reusePort: allowed (SO_REUSEPORT)
const r1 = Bun.listen({ hostname: '127.0.0.1', port: 0, reusePort: true, socket: { data: noop } });
try {
  const r2 = Bun.listen({ hostname: '127.0.0.1', port: r1.port, reusePort: true, socket: { data: noop } });
  trace('reusePort on both', 'ok', r2.port === r1.port);
  r2.stop(true);
} catch (e) {
  trace('reusePort on both', 'throws', describeErrorKeys(e));
}
r1.stop(true);
done();
