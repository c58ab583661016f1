// Checks: on a failed connect, connectError(socket, err) runs first, then the promise rejects
// (it still rejects even though connectError exists). No open/close/error/end handler fires.
// Also what the socket argument looks like inside connectError, and that the rejection error is a
// different Error instance (equal fields) from the one passed to connectError.
import { trace, guard, done, sleep } from './_trace.mjs';
guard();
const noop = () => {};
const tmp = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data: noop } });
const free = tmp.port;
tmp.stop(true);
const log = [];
let ceErr;
const p = Bun.connect({
  hostname: '127.0.0.1',
  port: free,
  data: { tag: 'mine' },
  socket: {
    data: noop,
    open() { log.push('open'); },
    close(s, e) { log.push(['close', e && e.code]); },
    end() { log.push('end'); },
    error(s, e) { log.push(['error', e && e.code]); },
    connectError(s, e) {
      ceErr = e;
      log.push(['connectError', e.code, e.syscall, e.errno, this === s]);
      log.push(['socket-arg', {
        tag: Object.prototype.toString.call(s),
        readyState: s.readyState,
        data: s.data,
        remoteAddress: s.remoteAddress,
        remotePort: s.remotePort,
        listener: s.listener,
        write: s.write('x'),
        end: s.end(),
        bytesWritten: s.bytesWritten,
      }]);
    },
  },
});
log.push('connect() returned');
await p.then(() => log.push('resolved'), (e) => log.push(['rejected', e.code, e.syscall, e.errno, 'same instance as connectError arg', e === ceErr]));
// Time for handlers that should not run.
await sleep(50);
trace(log);
done();
