// Checks: client end() with default allowHalfOpen=false on both sides. Surprise: end() closes the
// client socket SYNCHRONOUSLY (its close handler runs inside end(), readyState -1, end() returns 0),
// later writes return -1; the server gets end then close (no error). No drain anywhere.
import { trace, guard, sides, tracedHandlers, done, sleep } from './_trace.mjs';
guard();
const t = sides();
const S = tracedHandlers(t.S);
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: S.handlers });
const C = tracedHandlers(t.C);
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
await S.opened.promise;
t.C('calling end()');
t.C('end() returned', c.end());
t.C('readyState', c.readyState);
t.C('write after end', c.write('x'));
t.C('second end()', c.end());
await Promise.all([C.closed.promise, S.closed.promise]);
t.print();
l.stop(true);
done();
