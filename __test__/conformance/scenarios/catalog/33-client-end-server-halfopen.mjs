// Checks: client end() when the SERVER has allowHalfOpen:true (and an end handler): the server
// gets end, then (quirk) a drain, and stays open (readyState 1) until it ends itself; it can
// still write, but the client is already fully closed, so the server then gets close with EPIPE.
import { trace, guard, sides, tracedHandlers, done, sleep, deferred } from './_trace.mjs';
guard();
const t = sides();
const ended = deferred();
const S = tracedHandlers(t.S, { onEnd: () => ended.resolve() });
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, allowHalfOpen: true, socket: S.handlers });
const C = tracedHandlers(t.C);
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
const ss = await S.opened.promise;
t.C('end() returned', c.end());
await ended.promise;
await sleep(100);
t.S('still open after 100ms', ss.readyState);
t.S('write to fully-closed peer', ss.write('late'));
await Promise.all([C.closed.promise, S.closed.promise]);
t.print();
l.stop(true);
done();
