// Checks: if the `error` handler itself throws, that second exception becomes a process-level
// uncaught exception (the original is not re-reported); the socket stays usable after a data throw.
import { trace, guard, deferred, done } from './_trace.mjs';
guard();
const events = [];
const thrown = deferred();
process.on('uncaughtException', (e) => { events.push(['uncaughtException', e && e.message]); thrown.resolve(); });
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { s.write('ping'); }, data() {} } });
const closed = deferred();
const c = await Bun.connect({
  hostname: '127.0.0.1', port: l.port,
  socket: {
    data() { events.push('data'); throw new Error('first'); },
    error(s, e) { events.push(['error', e.message]); throw new Error('second'); },
    close() { events.push('close'); closed.resolve(); },
  },
});
await thrown.promise;
events.push(['readyState', c.readyState]);
c.end();
await closed.promise;
trace(events);
l.stop(true);
done();
