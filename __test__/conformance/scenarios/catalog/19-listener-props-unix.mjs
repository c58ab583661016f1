// Checks: unix listener values: unix = path as given, port/hostname undefined, data default.
import { trace, guard, done, tmpSock, rmrf } from './_trace.mjs';
guard();
const p = tmpSock('lprops');
const l = Bun.listen({ unix: p, socket: { data() {} } });
trace({ unixIsPath: l.unix === p, port: l.port, hostname: l.hostname, data: l.data, fd: typeof l.fd, tag: Object.prototype.toString.call(l) });
l.stop(true);
trace('after stop', { unixIsPath: l.unix === p, fd: l.fd });
rmrf(p);
done();
