// Checks: listen on hosts that cannot be bound. A non-local IP gives EADDRNOTAVAIL (sync throw,
// errno 99, address, port). Names with characters that are invalid in hostnames give
// ENOTFOUND/getaddrinfo (sync). (Bun gives an ordinary unresolvable name such as
// "nonexistent.invalid" a plain Error with no code; bun-sockets deliberately reports ENOTFOUND
// there, see README "Differences", so that case is not compared here.)
import { trace, guard, describeErrorKeys, done } from './_trace.mjs';
guard(8000);
const noop = () => {};
for (const host of ['192.0.2.1', 'foo bar', '[::1]']) {
  try {
    const l = Bun.listen({ hostname: host, port: 0, socket: { data: noop } });
    trace(host, 'unexpected-ok');
    l.stop(true);
  } catch (e) {
    trace(host, 'throws', describeErrorKeys(e), { address: e.address, port: e.port, hostname: e.hostname });
  }
}
done();
