// Checks: unix connect failures reject asynchronously with syscall "connect" and NEGATIVE errno:
// missing path -> ENOENT, missing dir -> ENOENT, regular file -> ECONNREFUSED,
// path too long -> EINVAL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trace, guard, describeErrorKeys, classify, done, tmpSock, rmrf } from './_trace.mjs';
guard();
const noop = () => {};
const c = (p) => classify(() => Bun.connect({ unix: p, socket: { data: noop } }), (s) => s.terminate());
trace('missing path', await c(tmpSock('missing')));
trace('missing dir', await c(path.join(os.tmpdir(), 'bsk-no-dir-' + process.pid, 'a.sock')));
const file = tmpSock('regular');
fs.writeFileSync(file, '');
trace('regular file', await c(file));
rmrf(file);
trace('too long', await c(path.join(os.tmpdir(), 'z'.repeat(200))));
done();
