// Checks: client terminate() — client close handler runs synchronously with NO error; the server
// (TCP) gets NO end event, only close with an ECONNRESET error (syscall "read", errno -104).
// allowHalfOpen makes no difference.
import { trace, guard, sides, tracedHandlers, describeErrorKeys, done } from './_trace.mjs';
guard();
for (const half of [false, true]) {
  const t = sides();
  let closeErr;
  const S = tracedHandlers(t.S);
  const origClose = S.handlers.close;
  S.handlers.close = (s, e) => { closeErr = e; origClose(s, e); };
  const l = Bun.listen({ hostname: '127.0.0.1', port: 0, allowHalfOpen: half, socket: S.handlers });
  const C = tracedHandlers(t.C);
  const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, allowHalfOpen: half, socket: C.handlers });
  await S.opened.promise;
  t.C('terminate() returned', c.terminate());
  t.C('write after terminate', c.write('x'));
  await Promise.all([C.closed.promise, S.closed.promise]);
  trace('allowHalfOpen', half);
  t.print();
  trace('server close error', describeErrorKeys(closeErr));
  l.stop(true);
}
done();
