// Checks: an IPv4 client connecting to a listener bound to "::" — the client sees plain IPv4
// addresses, but the server socket reports IPv4-mapped IPv6 ("::ffff:127.0.0.1", family IPv6).
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const sOpen = deferred();
const l = Bun.listen({ hostname: '::', port: 0, socket: { open(s) { sOpen.resolve(s); }, data() {} } });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
const ss = await sOpen.promise;
const pick = (s) => [s.remoteAddress, s.remoteFamily, s.localAddress, s.localFamily];
trace('client', pick(c));
trace('server', pick(ss));
c.end();
await sleep(30);
l.stop(true);
done();
