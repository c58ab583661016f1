// Checks: a handler throwing with NO error handler becomes a process-level uncaught exception
// (observed via process.on('uncaughtException') so the scenario survives). A throwing data handler
// leaves the socket open; a throwing open handler closes it (promise still resolves).
import { trace, guard, deferred, done } from './_trace.mjs';
guard();
const events = [];
let thrown;
process.on('uncaughtException', (e) => { events.push(['uncaughtException', e && e.message]); thrown.resolve(); });
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { setTimeout(() => s.write('ping'), 10); }, data() {} } });
for (const which of ['open', 'data']) {
  const closed = deferred();
  thrown = deferred();
  let c;
  try {
    c = await Bun.connect({
      hostname: '127.0.0.1', port: l.port,
      socket: {
        open() { events.push(which + ':open'); if (which === 'open') throw new Error('from-open'); },
        data() { events.push(which + ':data'); if (which === 'data') throw new Error('from-data'); },
        close() { events.push(which + ':close'); closed.resolve(); },
      },
    });
    events.push(which + ':resolved');
  } catch (e) {
    events.push(which + ':rejected');
  }
  await thrown.promise;
  events.push([which + ':readyState after the throw', c.readyState]);
  c.end();
  await closed.promise;
}
trace(events);
l.stop(true);
done();
