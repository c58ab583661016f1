// Checks: echo over IPv6 loopback (::1): address/family properties on both sides and echo data.
import { trace, guard, deferred, sides, done } from './_trace.mjs';
guard();
const t = sides();
const closed = { C: deferred(), S: deferred() };
const listener = Bun.listen({
  hostname: '::1',
  port: 0,
  socket: {
    open(s) { t.S('open', s.remoteAddress, s.remoteFamily, s.localAddress, s.localFamily, s.localPort === listener.port); },
    data(s, d) { s.write(d); },
    close(s, e) { t.S('close', e === undefined ? 'no-error' : e.code); closed.S.resolve(); },
  },
});
trace('listener.hostname', listener.hostname);
let got = '';
const reply = deferred();
const c = await Bun.connect({
  hostname: '::1',
  port: listener.port,
  socket: {
    data(s, d) { got += d.toString(); if (got.length >= 4) reply.resolve(); },
    close(s, e) { t.C('close', e === undefined ? 'no-error' : e.code); closed.C.resolve(); },
  },
});
t.C('props', c.remoteAddress, c.remoteFamily, c.localAddress, c.localFamily, c.remotePort === listener.port);
c.write('ping');
await reply.promise;
t.C('got', got);
c.end();
await Promise.all([closed.C.promise, closed.S.promise]);
t.print();
listener.stop(true);
done();
