// Checks: the connect `data` option becomes socket.data (same object identity), is visible in every
// handler including close, can be reassigned, and survives after close. In connectError the
// failing socket also carries it.
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
const mine = { id: 42 };
const log = [];
const closed = deferred();
const c = await Bun.connect({
  hostname: '127.0.0.1', port: l.port, data: mine,
  socket: {
    open(s) { log.push(['open', s.data === mine]); },
    data() {},
    close(s) { log.push(['close', s.data]); closed.resolve(); },
  },
});
log.push(['after await', c.data === mine]);
c.data = { id: 43 };
log.push(['reassigned', c.data]);
c.end();
await closed.promise;
log.push(['after close', c.data]);
trace(log);
const tmp = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
const free = tmp.port;
tmp.stop(true);
await Bun.connect({ hostname: '127.0.0.1', port: free, data: 'str-data', socket: { data() {}, connectError(s) { trace('connectError socket.data', s.data); } } }).catch(() => {});
l.stop(true);
done();
