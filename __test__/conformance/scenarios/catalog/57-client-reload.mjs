// Checks: socket.reload({socket}) on a CLIENT socket swaps its handlers (per socket; other
// clients unaffected); omitted handlers stop firing; validation errors of socket.reload.
import { trace, guard, deferred, describeError, done, sleep } from './_trace.mjs';
guard();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data(s, d) { s.write(d); } } });
const log = [];
let waiter = null;
const mk = (tag) => ({ data(s, d) { log.push(tag + ':' + d); waiter && waiter(); }, close() { log.push(tag + ':close'); } });
const c1 = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: mk('c1-v1') });
const c2 = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: mk('c2-v1') });
const ask = (c, m) => new Promise((r) => { waiter = () => { waiter = null; r(); }; c.write(m); });
await ask(c1, 'a');
trace('reload returns', c1.reload({ socket: { data(s, d) { log.push('c1-v2:' + d); waiter && waiter(); } } }));
await ask(c1, 'b');
await ask(c2, 'c');
for (const [label, fn] of [['reload()', () => c1.reload()], ['reload(1)', () => c1.reload(1)], ['reload({})', () => c1.reload({})], ['reload({socket:{}})', () => c1.reload({ socket: {} })], ['reload({socket:{data:1}})', () => c1.reload({ socket: { data: 1 } })]]) {
  try { trace(label, 'returned', fn()); } catch (e) { trace(label, 'throws', describeError(e)); }
}
c1.end();
c2.end();
await sleep(50);
trace(log);
l.stop(true);
done();
