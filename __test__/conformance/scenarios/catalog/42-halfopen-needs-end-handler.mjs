// Checks: allowHalfOpen:true only has an effect when an `end` handler is defined. Without an end
// handler, receiving FIN closes the socket just like allowHalfOpen:false.
import { trace, guard, sides, tracedHandlers, deferred, done } from './_trace.mjs';
guard();
for (const withEnd of [false, true]) {
  const t = sides();
  // With an end handler the server gets end, then drain (Bun's half-open drain).
  const drained = deferred();
  const S = tracedHandlers(t.S, { noEnd: !withEnd, onDrain: () => drained.resolve() });
  const l = Bun.listen({ hostname: '127.0.0.1', port: 0, allowHalfOpen: true, socket: S.handlers });
  const C = tracedHandlers(t.C);
  const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, allowHalfOpen: true, socket: C.handlers });
  const ss = await S.opened.promise;
  c.shutdown();
  await (withEnd ? drained.promise : S.closed.promise);
  t.S('readyState after peer shutdown', ss.readyState);
  if (withEnd) { t.S('server end()', ss.end()); }
  await Promise.all([C.closed.promise, S.closed.promise]);
  trace('server has end handler', withEnd);
  t.print();
  l.stop(true);
}
done();
