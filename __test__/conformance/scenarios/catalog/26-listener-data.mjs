// Checks: the listen `data` option: listener.data is that object; every accepted socket's .data is
// the SAME object (identity); assigning socket.data affects only that socket; without the option
// both are undefined.
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const shared = { n: 0 };
const socks = [];
const twoOpen = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, data: shared, socket: { open(s) { socks.push(s); if (socks.length === 2) twoOpen.resolve(); }, data() {} } });
const c1 = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
const c2 = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
await twoOpen.promise;
trace('identity', l.data === shared, socks[0].data === shared, socks[1].data === shared);
socks[0].data = { own: true };
trace('after assigning socket0.data', socks[0].data, socks[1].data === shared, l.data === shared);
l.data = { replaced: true };
trace('after assigning listener.data', socks[1].data === shared, l.data);
trace('client data (no option)', c1.data, c2.data);
c1.end();
c2.end();
await sleep(50);
l.stop(true);
const l2Open = deferred();
const l2 = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { trace('no data option: socket.data', s.data, 'in', 'data' in s); l2Open.resolve(); }, data() {} } });
trace('no data option: listener.data', l2.data);
const c3 = await Bun.connect({ hostname: '127.0.0.1', port: l2.port, socket: { data() {} } });
await l2Open.promise;
c3.end();
await sleep(20);
l2.stop(true);
done();
