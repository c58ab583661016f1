// Checks: unix listen failures (all synchronous throws, errno positive, address = path, no port):
// path exists as regular file (EADDRINUSE, file untouched), live socket (EADDRINUSE),
// nonexistent directory (ENOENT), path too long (EINVAL). A 107-byte path works.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trace, guard, describeErrorKeys, done, tmpSock, rmrf } from './_trace.mjs';
guard();
const noop = () => {};
function attempt(label, p) {
  try {
    const l = Bun.listen({ unix: p, socket: { data: noop } });
    trace(label, 'ok', l.unix === p);
    return l;
  } catch (e) {
    trace(label, 'throws', describeErrorKeys(e), { addressIsPath: e.address === p, port: e.port });
  }
}
const file = tmpSock('file');
fs.writeFileSync(file, 'x');
attempt('existing regular file', file);
trace('file untouched', fs.readFileSync(file, 'utf8'));
rmrf(file);
const live = tmpSock('live');
const l1 = attempt('first listen', live);
attempt('second listen same path', live);
l1.stop(true);
attempt('nonexistent directory', path.join(os.tmpdir(), 'bsk-no-such-dir-' + process.pid, 'x.sock'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsk-'));
const tooLong = path.join(dir, 'a'.repeat(Math.max(1, 120 - dir.length)));
attempt('path > 107 bytes', tooLong);
const fits = path.join(dir, 'b'.repeat(107 - dir.length - 1));
trace('fits length', Buffer.byteLength(fits));
const l2 = attempt('path == 107 bytes', fits);
if (l2) l2.stop(true);
rmrf(dir);
done();
