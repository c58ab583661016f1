// Checks: server end() when the CLIENT has allowHalfOpen:true: the client gets end, then a drain
// (quirk), and stays open; it closes only when it calls end() itself.
import { trace, guard, sides, tracedHandlers, done, sleep, deferred } from './_trace.mjs';
guard();
const t = sides();
const S = tracedHandlers(t.S, { onOpen: (s) => { t.S('end() returned', s.end()); } });
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: S.handlers });
const gotEnd = deferred();
const C = tracedHandlers(t.C, { onEnd: () => gotEnd.resolve() });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, allowHalfOpen: true, socket: C.handlers });
await gotEnd.promise;
await sleep(100);
t.C('still open after 100ms', c.readyState);
t.C('end() returned', c.end());
await Promise.all([C.closed.promise, S.closed.promise]);
t.print();
l.stop(true);
done();
