// Checks: socket.close() exists and behaves like end() without data: synchronous local close
// (no error), peer gets end + close. close() twice is harmless.
import { trace, guard, sides, tracedHandlers, done } from './_trace.mjs';
guard();
const t = sides();
const S = tracedHandlers(t.S);
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: S.handlers });
const C = tracedHandlers(t.C);
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
await S.opened.promise;
t.C('typeof close', typeof c.close);
t.C('close() returned', c.close());
t.C('readyState', c.readyState);
t.C('close() again', c.close());
await Promise.all([C.closed.promise, S.closed.promise]);
t.print();
l.stop(true);
done();
