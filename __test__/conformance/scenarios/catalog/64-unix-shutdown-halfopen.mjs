// Checks: unix-socket shutdown() half-close works like TCP: the server (allowHalfOpen) gets end
// then drain, can still write back, and the client receives it; both close when server ends.
import { trace, guard, sides, tracedHandlers, done, tmpSock, rmrf, deferred } from './_trace.mjs';
guard();
const p = tmpSock('uh');
const t = sides();
const S = tracedHandlers(t.S, { onEnd: (s) => { t.S('write in end', s.write('reply')); } });
const l = Bun.listen({ unix: p, allowHalfOpen: true, socket: S.handlers });
const gotReply = deferred();
const C = tracedHandlers(t.C, { onData: () => gotReply.resolve() });
const c = await Bun.connect({ unix: p, socket: C.handlers });
const ss = await S.opened.promise;
c.shutdown();
await gotReply.promise;
t.S('server end()', ss.end());
await Promise.all([C.closed.promise, S.closed.promise]);
t.print();
l.stop(true);
rmrf(p);
done();
