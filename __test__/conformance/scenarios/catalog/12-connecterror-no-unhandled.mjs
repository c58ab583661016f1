// Checks: when a connectError handler exists and the caller never attaches a catch to the
// promise, no unhandledRejection is raised (the rejection is pre-handled). Without connectError,
// an un-caught rejection IS reported (observed via process 'unhandledRejection').
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const noop = () => {};
const tmp = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data: noop } });
const free = tmp.port;
tmp.stop(true);
const events = [];
const refused = deferred();
const unhandled = deferred();
process.on('unhandledRejection', (e) => { events.push(['unhandledRejection', e && e.code]); unhandled.resolve(); });
Bun.connect({ hostname: '127.0.0.1', port: free, socket: { data: noop, connectError(s, e) { events.push(['connectError', e.code]); refused.resolve(); } } });
await refused.promise;
// Time for an unhandledRejection that should not come.
await sleep(100);
events.push('--- now without connectError ---');
Bun.connect({ hostname: '127.0.0.1', port: free, socket: { data: noop } });
await unhandled.promise;
trace(events);
done();
