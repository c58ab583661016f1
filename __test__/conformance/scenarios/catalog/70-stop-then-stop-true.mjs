// Checks: calling stop() and later stop(true) on the same listener: the second call still closes
// the connections that survived the graceful stop (synchronously, no error); peer sees end+close.
import { trace, guard, sides, tracedHandlers, done } from './_trace.mjs';
guard();
const t = sides();
const S = tracedHandlers(t.S);
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: S.handlers });
const C = tracedHandlers(t.C);
await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
await S.opened.promise;
t.S('stop()', l.stop());
t.S('stop(true)', l.stop(true));
t.S('stop(true) again', l.stop(true));
await Promise.all([C.closed.promise, S.closed.promise]);
t.print();
done();
