// Checks: backpressure. With the receiving socket paused, a 64 MiB write returns a partial count
// (0 < n < size; nothing is buffered by Bun beyond the kernel), bytesWritten equals n; the next
// write before drain returns 0 (not -1); after resume() the writer gets exactly one drain; the
// receiver gets exactly the n bytes. pause()/resume() return undefined.
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard(15000);
const SIZE = 64 * 1024 * 1024;
let received = 0;
let expected = -1;
const all = deferred();
const sOpen = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { trace('pause() returns', s.pause()); sOpen.resolve(s); }, data(s, d) { received += d.length; if (received === expected) all.resolve(); } } });
let drains = 0;
const drained = deferred();
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {}, drain(s) { drains++; drained.resolve(); } } });
const ss = await sOpen.promise;
const big = new Uint8Array(SIZE);
const n = c.write(big);
expected = n;
trace('first write partial', n > 0 && n < SIZE, 'bytesWritten==n', c.bytesWritten === n);
trace('second write before drain', c.write(big));
trace('small write before drain', c.write('abc'));
await sleep(100);
trace('received while paused', received, 'drains', drains);
trace('resume() returns', ss.resume());
await drained.promise;
await all.promise;
trace('received == n', received === n, 'drains', drains);
c.terminate();
await sleep(20);
l.stop(true);
done();
