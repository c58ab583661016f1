// Checks: shutdown() (no arg) is a true half-close: readyState stays 1, further writes return -1,
// the socket can still RECEIVE. Peer gets end. Default peer then closes -> the shutting-down side
// gets close WITHOUT an end event. With a half-open peer, the peer can still reply.
import { trace, guard, sides, tracedHandlers, done, deferred } from './_trace.mjs';
guard();
for (const peerHalf of [false, true]) {
  const t = sides();
  const S = tracedHandlers(t.S, {
    onEnd: (s) => { t.S('write in end handler', s.write('reply')); if (peerHalf) s.end(); },
  });
  const l = Bun.listen({ hostname: '127.0.0.1', port: 0, allowHalfOpen: peerHalf, socket: S.handlers });
  const C = tracedHandlers(t.C);
  const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
  await S.opened.promise;
  t.C('shutdown() returned', c.shutdown());
  t.C('readyState after shutdown', c.readyState);
  t.C('write after shutdown', c.write('x'));
  await Promise.all([C.closed.promise, S.closed.promise]);
  trace('server allowHalfOpen', peerHalf);
  t.print();
  l.stop(true);
}
done();
