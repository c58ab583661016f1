// Checks: a handler that returns a REJECTED promise does NOT invoke the socket `error` handler and
// does not close the socket; the rejection surfaces as a process-level unhandledRejection.
import { trace, guard, deferred, done } from './_trace.mjs';
guard();
const events = [];
const rejected = deferred();
process.on('unhandledRejection', (e) => { events.push(['unhandledRejection', e && e.message]); rejected.resolve(); });
process.on('uncaughtException', (e) => events.push(['uncaughtException', e && e.message]));
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { s.write('ping'); }, data() {} } });
const closed = deferred();
const c = await Bun.connect({
  hostname: '127.0.0.1', port: l.port,
  socket: {
    async data(s) { events.push('data'); throw new Error('async-boom'); },
    error(s, e) { events.push(['error handler', e && e.message]); },
    close() { events.push('close'); closed.resolve(); },
  },
});
await rejected.promise;
events.push(['readyState after the rejection', c.readyState]);
c.end();
await closed.promise;
trace(events);
l.stop(true);
done();
