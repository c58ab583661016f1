// Checks: echo over a unix socket; listener.unix value; address properties are undefined on unix
// sockets; the socket file exists while listening and is removed by stop().
import fs from 'node:fs';
import { trace, guard, deferred, sides, done, tmpSock, rmrf } from './_trace.mjs';
guard();
const p = tmpSock('echo');
const t = sides();
const closed = { C: deferred(), S: deferred() };
const listener = Bun.listen({
  unix: p,
  socket: {
    open(s) { t.S('open', s.remoteAddress, s.remotePort, s.remoteFamily, s.localAddress, s.localPort, s.localFamily); },
    data(s, d) { s.write(d); },
    end(s) { t.S('end'); },
    close(s, e) { t.S('close', e === undefined ? 'no-error' : e.code); closed.S.resolve(); },
  },
});
trace('listener', listener.unix === p, listener.port, listener.hostname);
trace('file exists while listening', fs.existsSync(p), fs.statSync(p).isSocket());
let got = '';
const reply = deferred();
const c = await Bun.connect({
  unix: p,
  socket: {
    data(s, d) { got += d.toString(); if (got.length >= 9) reply.resolve(); },
    close(s, e) { t.C('close', e === undefined ? 'no-error' : e.code); closed.C.resolve(); },
  },
});
t.C('props', c.remoteAddress, c.remotePort, c.remoteFamily, c.localAddress, c.localPort, c.localFamily);
c.write('unix-echo');
await reply.promise;
t.C('got', got);
c.end();
await Promise.all([closed.C.promise, closed.S.promise]);
t.print();
listener.stop(true);
trace('file exists after stop', fs.existsSync(p));
trace('listener.unix after stop', listener.unix === p);
rmrf(p);
done();
