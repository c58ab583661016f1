// Checks: Bun.connect({hostname: "localhost"}) races ::1 and 127.0.0.1 (regardless of /etc/hosts).
// With listeners on BOTH families on the same port, both servers see an open; the client keeps
// the IPv6 one and the losing IPv4 connection is reset (server close gets ECONNRESET, no end/data).
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const log = { v4: [], v6: [] };
const closed = { v4: deferred(), v6: deferred() };
const mk = (tag) => ({
  open() { log[tag].push('open'); },
  data(s, d) { log[tag].push('data:' + d); },
  end() { log[tag].push('end'); },
  close(s, e) { log[tag].push('close:' + (e === undefined ? 'no-error' : e.code)); closed[tag].resolve(); },
});
const a = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: mk('v4') });
const b = Bun.listen({ hostname: '::1', port: a.port, socket: mk('v6') });
const c = await Bun.connect({ hostname: 'localhost', port: a.port, socket: { data() {} } });
trace('client remote', c.remoteAddress, c.remoteFamily);
c.write('hi');
await closed.v4.promise;
await sleep(50);
c.end();
await closed.v6.promise;
trace('ipv4 listener', log.v4);
trace('ipv6 listener', log.v6);
a.stop(true);
b.stop(true);
done();
