// Checks: shutdown(true) shuts down the READ side: the socket immediately receives its own `end`
// event; without allowHalfOpen it then closes. Writing after shutdown(true) still works (returns
// the byte count) and the peer receives the data followed by end.
import { trace, guard, sides, tracedHandlers, done } from './_trace.mjs';
guard();
const t = sides();
const S = tracedHandlers(t.S);
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: S.handlers });
const C = tracedHandlers(t.C);
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
await S.opened.promise;
t.C('shutdown(true) returned', c.shutdown(true));
t.C('readyState', c.readyState);
t.C('write after shutdown(true)', c.write('after'));
await Promise.all([C.closed.promise, S.closed.promise]);
t.print();
l.stop(true);
done();
