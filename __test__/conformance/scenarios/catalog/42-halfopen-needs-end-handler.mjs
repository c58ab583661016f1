// Checks: allowHalfOpen:true only has an effect when an `end` handler is defined. Without an end
// handler, receiving FIN closes the socket just like allowHalfOpen:false.
import { trace, guard, sides, tracedHandlers, done, sleep } from './_trace.mjs';
guard();
for (const withEnd of [false, true]) {
  const t = sides();
  const S = tracedHandlers(t.S, { noEnd: !withEnd });
  const l = Bun.listen({ hostname: '127.0.0.1', port: 0, allowHalfOpen: true, socket: S.handlers });
  const C = tracedHandlers(t.C);
  const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, allowHalfOpen: true, socket: C.handlers });
  const ss = await S.opened.promise;
  c.shutdown();
  await sleep(150);
  t.S('readyState 150ms after peer shutdown', ss.readyState);
  if (withEnd) { t.S('server end()', ss.end()); }
  await Promise.all([C.closed.promise, S.closed.promise]);
  trace('server has end handler', withEnd);
  t.print();
  l.stop(true);
}
done();
