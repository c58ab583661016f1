// Checks: stop() removes the unix socket file, so listening again on the same path works; the
// abstract-namespace form ("\0name") listens without creating a file and is echoed in .unix.
import fs from 'node:fs';
import { trace, guard, done, tmpSock, rmrf } from './_trace.mjs';
guard();
const p = tmpSock('re');
const l1 = Bun.listen({ unix: p, socket: { data() {} } });
l1.stop();
trace('exists after stop()', fs.existsSync(p));
const l2 = Bun.listen({ unix: p, socket: { data() {} } });
trace('second listen ok', l2.unix === p);
let got = '';
const c = await Bun.connect({ unix: p, socket: { data(s, d) { got += d; } } });
trace('connect ok', c.readyState);
c.end();
l2.stop(true);
rmrf(p);
const abs = '\0bsk-abstract-' + process.pid;
const la = Bun.listen({ unix: abs, socket: { data(s, d) { s.write(d); } } });
trace('abstract unix', la.unix === abs);
const reply = await new Promise(async (res) => { const ca = await Bun.connect({ unix: abs, socket: { data(s, d) { res(d.toString()); s.end(); } } }); ca.write('abs'); });
trace('abstract echo', reply);
la.stop(true);
done();
