// Checks: a handler that throws when an `error` handler exists: error(socket, thrownValue) is
// called with `this === socket` and the exact thrown value. A throwing `open` closes the socket
// (close handler follows error, the connect promise STILL resolves); a throwing `data` leaves the
// socket open; a throwing `close` calls error after close. Non-Error throws are passed as-is.
import { trace, guard, sides, deferred, done, sleep } from './_trace.mjs';
guard();
const noop = () => {};
async function run(which, thrown) {
  const t = sides();
  const closed = { C: deferred(), S: deferred() };
  const errored = deferred();
  const l = Bun.listen({
    hostname: '127.0.0.1', port: 0,
    socket: {
      open(s) { if (which === 'data') setTimeout(() => s.write('ping'), 10); if (which === 'end') setTimeout(() => s.end(), 10); },
      data: noop,
      close() { closed.S.resolve(); },
    },
  });
  const h = {
    open(s) { t.C('open'); if (which === 'open') throw thrown; },
    data(s) { t.C('data'); if (which === 'data') throw thrown; },
    end(s) { t.C('end'); if (which === 'end') throw thrown; },
    close(s, e) { t.C('close', s.readyState); closed.C.resolve(); if (which === 'close') throw thrown; },
    error(s, e) { t.C('error', e === thrown, this === s, s.readyState); errored.resolve(); },
  };
  let c;
  try { c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: h }); t.C('promise resolved'); } catch (e) { t.C('promise rejected', e === thrown); }
  if (which === 'data') { await errored.promise; t.C('after the error readyState', c.readyState); c.end(); }
  if (which === 'close') { await sleep(10); c.end(); }
  await Promise.all([closed.C.promise, closed.S.promise]);
  await sleep(10);
  trace(which, typeof thrown, t.log.C);
  l.stop(true);
}
await run('open', new Error('boom'));
await run('data', new Error('boom'));
await run('end', new Error('boom'));
await run('close', new Error('boom'));
await run('data', 'a string');
done();
