// Checks: what write() returns inside each handler: in open (bytes), in data (bytes), in end
// with default allowHalfOpen (bytes — the socket is still open during end), in close (-1).
// Also end() inside the data handler (classic request/response): the peer gets the reply then end.
import { trace, guard, sides, deferred, done } from './_trace.mjs';
guard();
const t = sides();
const closed = { C: deferred(), S: deferred() };
const l = Bun.listen({
  hostname: '127.0.0.1', port: 0,
  socket: {
    open(s) { t.S('write in open', s.write('hello ')); },
    data(s, d) { t.S('data', d.toString()); t.S('end(reply) in data', s.end('reply')); },
    close(s) { t.S('write in close', s.write('x')); t.S('end in close', s.end()); closed.S.resolve(); },
  },
});
let got = '';
const c = await Bun.connect({
  hostname: '127.0.0.1', port: l.port,
  socket: {
    data(s, d) { got += d.toString(); if (got === 'hello ') t.C('write in data', s.write('req')); },
    end(s) { t.C('got before end', got); t.C('write in end', s.write('bye')); },
    close(s) { t.C('write in close', s.write('x')); closed.C.resolve(); },
  },
});
await Promise.all([closed.C.promise, closed.S.promise]);
t.print();
l.stop(true);
done();
