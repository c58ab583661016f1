// Checks: socket.timeout(1): the timeout handler fires once (not repeatedly), with this === socket,
// and does NOT close the socket (readyState stays 1, I/O still works). A second socket armed with
// timeout(1) and then timeout(0) never fires. Bun's timer granularity is 4 s, so the event comes
// up to ~4 s after arming — only the event, never the timing, is traced.
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard(15000);
const events = [];
const echoed = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data(s, d) { s.write(d); } } });
const fired = deferred();
let fires = 0;
const a = await Bun.connect({
  hostname: '127.0.0.1', port: l.port,
  socket: {
    data(s, d) { events.push(['A data', d.toString()]); echoed.resolve(); },
    timeout(s) { fires++; events.push(['A timeout', this === s, s.readyState]); fired.resolve(); },
    close() { events.push('A close'); },
  },
});
const b = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {}, timeout() { events.push('B timeout (should not happen)'); } } });
events.push(['A.timeout(1) returns', a.timeout(1)]);
b.timeout(1);
events.push(['B.timeout(0) returns', b.timeout(0)]);
await fired.promise;
await sleep(200);
events.push(['A readyState after timeout', a.readyState]);
a.write('still-alive');
await echoed.promise;
trace(events);
trace('fires', fires);
a.end();
b.end();
await sleep(20);
l.stop(true);
done();
