// Checks: readyState across the lifecycle: 1 in open/data, stays 1 after shutdown() (write side),
// 1 in the end handler, -1 right after end()/terminate()/close(), -1 in close handler, -1 in
// connectError. (0, -2, 2 were never observed.)
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const noop = () => {};
const S = [];
const C = [];
let sres;
const l = Bun.listen({
  hostname: '127.0.0.1', port: 0, allowHalfOpen: true,
  socket: {
    open(s) { S.push(['open', s.readyState]); sres && sres(s); },
    data(s, d) { S.push(['data', s.readyState]); },
    end(s) { S.push(['end', s.readyState]); s.end(); S.push(['after end() in end handler', s.readyState]); },
    close(s) { S.push(['close', s.readyState]); },
  },
});
const cClosed = deferred();
const c = await Bun.connect({
  hostname: '127.0.0.1', port: l.port,
  socket: {
    open(s) { C.push(['open', s.readyState]); },
    data: noop,
    end(s) { C.push(['end', s.readyState]); },
    close(s) { C.push(['close', s.readyState]); cClosed.resolve(); },
  },
});
C.push(['after await', c.readyState]);
c.write('x');
await sleep(30);
c.shutdown();
C.push(['after shutdown()', c.readyState]);
await cClosed.promise;
C.push(['after close', c.readyState]);
trace('client', C);
trace('server', S);
// end(), terminate(), close() on fresh connections
for (const m of ['end', 'terminate', 'close']) {
  const x = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data: noop } });
  x[m]();
  trace('after ' + m + '()', x.readyState);
}
const tmp = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data: noop } });
const free = tmp.port;
tmp.stop(true);
await Bun.connect({ hostname: '127.0.0.1', port: free, socket: { data: noop, connectError(s) { trace('in connectError', s.readyState); } } }).catch(() => {});
await sleep(30);
l.stop(true);
done();
