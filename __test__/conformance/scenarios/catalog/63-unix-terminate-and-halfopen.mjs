// Checks: unix-socket differences from TCP. terminate() on a unix socket: the peer sees a
// graceful end + close with NO error (TCP gives ECONNRESET). When the client end()s, a half-open
// server (allowHalfOpen + end handler) does NOT stay open on unix: write in its end handler
// returns -1 and it closes right away (no drain).
import { trace, guard, sides, tracedHandlers, done, tmpSock, rmrf } from './_trace.mjs';
guard();
for (const action of ['terminate', 'end']) {
  const p = tmpSock('u');
  const t = sides();
  const S = tracedHandlers(t.S, { onEnd: (s) => t.S('write in end', s.write('late')) });
  const l = Bun.listen({ unix: p, allowHalfOpen: true, socket: S.handlers });
  const C = tracedHandlers(t.C);
  const c = await Bun.connect({ unix: p, socket: C.handlers });
  await S.opened.promise;
  c[action]();
  await Promise.all([C.closed.promise, S.closed.promise]);
  trace('client ' + action + '()');
  t.print();
  l.stop(true);
  rmrf(p);
}
done();
