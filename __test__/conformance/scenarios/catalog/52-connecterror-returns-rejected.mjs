// Checks: a connectError handler that returns a rejected promise: the connect promise still rejects
// with ECONNREFUSED (handled), and the handler's rejection surfaces as unhandledRejection.
import { trace, guard, done, sleep } from './_trace.mjs';
guard();
const events = [];
process.on('unhandledRejection', (e) => events.push(['unhandledRejection', e && e.message]));
const tmp = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
const free = tmp.port;
tmp.stop(true);
try {
  await Bun.connect({ hostname: '127.0.0.1', port: free, socket: { data() {}, async connectError() { events.push('connectError'); throw new Error('async-ce'); } } });
} catch (e) {
  events.push(['rejected', e.code]);
}
await sleep(100);
trace(events);
done();
