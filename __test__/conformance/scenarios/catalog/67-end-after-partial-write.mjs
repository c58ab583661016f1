// Checks: end() right after a partial (backpressured) write still closes the socket synchronously
// (Bun keeps no user-space buffer); the bytes already accepted by the kernel are still delivered:
// the (paused, then resumed) peer receives exactly n bytes, then end, then close without error.
import { trace, guard, deferred, done } from './_trace.mjs';
guard(15000);
const SIZE = 32 * 1024 * 1024;
let received = 0;
const sOpen = deferred();
const sClosed = deferred();
const S = [];
const l = Bun.listen({
  hostname: '127.0.0.1', port: 0,
  socket: {
    open(s) { s.pause(); sOpen.resolve(s); },
    data(s, d) { received += d.length; },
    end() { S.push(['end', received === n]); },
    close(s, e) { S.push(['close', e === undefined ? 'no-error' : e.code]); sClosed.resolve(); },
  },
});
const C = [];
let n;
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {}, drain() { C.push('drain'); }, close(s, e) { C.push(['close', e === undefined ? 'no-error' : e.code]); } } });
const ss = await sOpen.promise;
n = c.write(new Uint8Array(SIZE));
C.push(['partial', n > 0 && n < SIZE]);
C.push(['end()', c.end()]);
C.push(['readyState', c.readyState]);
ss.resume();
await sClosed.promise;
trace('client', C);
trace('server', S, 'received == n', received === n);
l.stop(true);
done();
