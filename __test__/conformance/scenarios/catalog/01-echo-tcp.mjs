// Checks: basic TCP echo over 127.0.0.1 — event order per side for a client-initiated end(),
// that open runs before data, that the default binaryType delivers Buffers, and close args.
import { trace, guard, deferred, sides, done } from './_trace.mjs';
guard();
const t = sides();
const closed = { C: deferred(), S: deferred() };
let serverGot = '';
const listener = Bun.listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open(s) { t.S('open', s.readyState); },
    data(s, d) { serverGot += d.toString(); t.S('data', Buffer.isBuffer(d)); s.write(d); },
    end(s) { t.S('end', s.readyState); },
    close(s, e) { t.S('close', e === undefined ? 'no-error' : e.code, s.readyState); closed.S.resolve(); },
    error(s, e) { t.S('error', e && e.code); },
  },
});
let clientGot = '';
const reply = deferred();
const c = await Bun.connect({
  hostname: '127.0.0.1',
  port: listener.port,
  socket: {
    open(s) { t.C('open', s.readyState); },
    data(s, d) { clientGot += d.toString(); if (clientGot === 'hello') reply.resolve(); },
    end(s) { t.C('end'); },
    close(s, e) { t.C('close', e === undefined ? 'no-error' : e.code, s.readyState); closed.C.resolve(); },
    error(s, e) { t.C('error', e && e.code); },
  },
});
t.C('connected', c.readyState);
t.C('write', c.write('hello'));
await reply.promise;
t.C('got', clientGot);
t.C('end()', c.end());
await Promise.all([closed.C.promise, closed.S.promise]);
t.S('got', serverGot);
t.print();
listener.stop(true);
done();
