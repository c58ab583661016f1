// Checks: drain is NOT called after open (client or server), nor after small writes that the
// kernel accepts fully. (drain only follows backpressure, or the half-open quirk after end.)
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const log = [];
const got = deferred();
const clientGot = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { s.write('hi'); }, drain() { log.push('S:drain'); }, data(s, d) { log.push('S:data:' + d); got.resolve(); } } });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { open(s) { log.push('C:write=' + s.write('yo')); }, drain() { log.push('C:drain'); }, data(s, d) { log.push('C:data:' + d); clientGot.resolve(); } } });
await got.promise;
await clientGot.promise;
// Time for a drain that should not come.
await sleep(100);
trace(log.sort());
c.end();
await sleep(20);
l.stop(true);
done();
