// Checks: listener.stop(true) closes all accepted sockets SYNCHRONOUSLY (their close handler runs
// before stop returns, with no error); the peer sees a graceful end (end then close, no error).
import { trace, guard, deferred, done } from './_trace.mjs';
guard();
const order = [];
const opened = deferred();
let opens = 0;
const l = Bun.listen({
  hostname: '127.0.0.1', port: 0,
  socket: {
    open() { if (++opens === 2) opened.resolve(); },
    data() {},
    end() { order.push('S:end'); },
    close(s, e) { order.push(['S:close', e === undefined ? 'no-error' : e.code, s.readyState]); },
  },
});
const clientLogs = [[], []];
const closed = [deferred(), deferred()];
const clients = [];
for (const i of [0, 1]) {
  clients.push(await Bun.connect({
    hostname: '127.0.0.1', port: l.port,
    socket: {
      data() {},
      end() { clientLogs[i].push('end'); },
      close(s, e) { clientLogs[i].push(['close', e === undefined ? 'no-error' : e.code]); closed[i].resolve(); },
      error(s, e) { clientLogs[i].push(['error', e.code]); },
    },
  }));
}
await opened.promise;
order.push('before stop(true)');
const r = l.stop(true);
order.push(['after stop(true)', r === undefined ? 'undefined' : r]);
trace('server order', order);
await Promise.all(closed.map((d) => d.promise));
trace('client 0', clientLogs[0]);
trace('client 1', clientLogs[1]);
done();
