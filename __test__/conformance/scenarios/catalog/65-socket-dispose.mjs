// Checks: socket[Symbol.dispose]() acts like end(): synchronous local close without error; peer
// gets end + close.
import { trace, guard, sides, tracedHandlers, done } from './_trace.mjs';
guard();
const t = sides();
const S = tracedHandlers(t.S);
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: S.handlers });
const C = tracedHandlers(t.C);
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
await S.opened.promise;
t.C('typeof dispose', typeof c[Symbol.dispose]);
t.C('dispose returned', c[Symbol.dispose]());
t.C('readyState', c.readyState);
await Promise.all([C.closed.promise, S.closed.promise]);
t.print();
l.stop(true);
done();
