// Checks: server terminate() inside open: the client still resolves/opens, then gets close with
// ECONNRESET (no end event).
import { trace, guard, sides, tracedHandlers, done } from './_trace.mjs';
guard();
const t = sides();
const S = tracedHandlers(t.S, { onOpen: (s) => t.S('terminate() returned', s.terminate()) });
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: S.handlers });
const C = tracedHandlers(t.C);
await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
await Promise.all([C.closed.promise, S.closed.promise]);
t.print();
l.stop(true);
done();
