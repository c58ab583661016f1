// Checks: end(data) writes the data first (returns its byte count), then closes; the peer gets
// data, end, close. Also end(buf, offset, length).
import { trace, guard, sides, tracedHandlers, done } from './_trace.mjs';
guard();
for (const variant of ['string', 'buffer+offset+length']) {
  const t = sides();
  const S = tracedHandlers(t.S);
  const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: S.handlers });
  const C = tracedHandlers(t.C);
  const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: C.handlers });
  await S.opened.promise;
  if (variant === 'string') t.C('end("bye") returned', c.end('bye'));
  else t.C('end(buf,1,3) returned', c.end(Buffer.from('xbyex'), 1, 3));
  await Promise.all([C.closed.promise, S.closed.promise]);
  trace(variant);
  t.print();
  l.stop(true);
}
done();
