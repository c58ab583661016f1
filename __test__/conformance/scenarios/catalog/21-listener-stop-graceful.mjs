// Checks: listener.stop() (no arg) stops accepting (new connects get ECONNREFUSED) but existing
// connections keep working in both directions; accepted socket.listener stays set until the
// socket closes; in its close handler socket.listener is undefined. listener.data stays until
// the last connection has closed and the listener is torn down (a macrotask later), then reads
// undefined (immediately if there were no connections); fd -> -1 right after stop().
import { trace, guard, deferred, sides, done, sleep } from './_trace.mjs';
guard();
const t = sides();
const sOpen = deferred();
const closed = { C: deferred(), S: deferred() };
const gotReply = deferred();
const l = Bun.listen({
  hostname: '127.0.0.1', port: 0, data: { d: 1 },
  socket: {
    open(s) { sOpen.resolve(s); },
    data(s, d) { t.S('data', d.toString()); s.write('reply'); },
    end() { t.S('end'); },
    close(s, e) { t.S('close', e === undefined ? 'no-error' : e.code, 'listener:' + typeof s.listener); closed.S.resolve(); },
  },
});
const port = l.port;
const c = await Bun.connect({
  hostname: '127.0.0.1', port,
  socket: {
    data(s, d) { t.C('data', d.toString()); gotReply.resolve(); },
    end() { t.C('end'); },
    close(s, e) { t.C('close', e === undefined ? 'no-error' : e.code); closed.C.resolve(); },
  },
});
const ss = await sOpen.promise;
trace('stop() returns', l.stop());
trace('after stop', { fd: l.fd, ssReadyState: ss.readyState, ssListenerIsL: ss.listener === l, lData: l.data, ssData: ss.data, portType: typeof l.port, portSame: l.port === port, hostname: l.hostname });
try {
  const c2 = await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } });
  trace('new connect', 'unexpected-ok');
  c2.terminate();
} catch (e) {
  trace('new connect', e.code);
}
c.write('still works');
await gotReply.promise;
trace('second stop() returns', l.stop());
c.end();
await Promise.all([closed.C.promise, closed.S.promise]);
t.print();
await sleep(50);
trace('50ms after all closed', { lData: l.data, fd: l.fd, portSame: l.port === port });
const l2 = Bun.listen({ hostname: '127.0.0.1', port: 0, data: { e: 1 }, socket: { data() {} } });
l2.stop();
trace('stop() with no connections', { data: l2.data, fd: l2.fd });
done();
