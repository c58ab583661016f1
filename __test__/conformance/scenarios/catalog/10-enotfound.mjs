// Checks: connecting to a hostname that does not resolve rejects with code ENOTFOUND,
// syscall "getaddrinfo", errno 4 (positive), and a `hostname` field echoing the input.
import { trace, guard, describeErrorKeys, done } from './_trace.mjs';
guard(8000);
const noop = () => {};
const calls = [];
for (const host of ['nonexistent.invalid', 'foo bar', '999.1.1.1']) {
  try {
    await Bun.connect({ hostname: host, port: 80, socket: { data: noop } });
    trace(host, 'unexpected-resolve');
  } catch (e) {
    trace(host, 'rejected', describeErrorKeys(e), { hostname: e.hostname === host, address: e.address, port: e.port });
  }
}
// with a connectError handler the handler sees the same error
const seen = [];
try {
  await Bun.connect({ hostname: 'nonexistent.invalid', port: 80, socket: { data: noop, connectError(s, e) { seen.push(['connectError', e.code, e.syscall]); } } });
} catch (e) {
  seen.push(['rejected', e.code]);
}
trace('with connectError', seen);
done();
