// Checks: connecting to a port with no listener rejects (asynchronously) with a plain Error:
// code ECONNREFUSED, syscall "connect", errno -111 (negative!), and NO address/port fields.
// Same for 127.0.0.1, ::1 and localhost.
import { trace, guard, describeErrorKeys, done } from './_trace.mjs';
guard();
const noop = () => {};
const tmp = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data: noop } });
const free = tmp.port;
tmp.stop(true);
for (const host of ['127.0.0.1', '::1', 'localhost']) {
  let sync = true;
  let p;
  try {
    p = Bun.connect({ hostname: host, port: free, socket: { data: noop } });
  } catch (e) {
    trace(host, 'sync-throw', describeErrorKeys(e));
    continue;
  }
  sync = false;
  try {
    await p;
    trace(host, 'unexpected-resolve');
  } catch (e) {
    trace(host, 'rejected', describeErrorKeys(e), { address: e.address, port: e.port, hostname: e.hostname, proto: Object.getPrototypeOf(e) === Error.prototype });
  }
}
done();
