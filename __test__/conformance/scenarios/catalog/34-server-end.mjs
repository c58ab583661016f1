// Checks: server end() in its open handler with defaults: server socket closes synchronously
// (close handler runs inside end()); the client still gets open (the promise resolves), then
// end, then close (no error).
import { trace, guard, sides, tracedHandlers, done } from './_trace.mjs';
guard();
const t = sides();
const S = tracedHandlers(t.S, { onOpen: (s) => { t.S('end() returned', s.end()); t.S('write after end', s.write('x')); } });
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: S.handlers });
const C = tracedHandlers(t.C);
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
t.C('resolved', c.readyState >= -1);
await Promise.all([C.closed.promise, S.closed.promise]);
t.print();
l.stop(true);
done();
