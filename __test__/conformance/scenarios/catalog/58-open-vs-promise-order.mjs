// Checks: ordering around connect: the client open handler runs BEFORE code awaiting the connect
// promise; the promise is already resolved when open runs, so then-callbacks run before
// microtasks queued inside open. process.nextTick queued inside open runs before both.
// (Server open is not traced: its order relative to client open is a cross-side race.)
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const log = [];
const sOpen = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open() { sOpen.resolve(); }, data() {} } });
const p = Bun.connect({
  hostname: '127.0.0.1', port: l.port,
  socket: {
    open(s) {
      log.push('C:open');
      queueMicrotask(() => log.push('C:microtask-from-open'));
      process.nextTick(() => log.push('C:nextTick-from-open'));
      setTimeout(() => log.push('C:setTimeout0-from-open'), 0);
    },
    data() {},
  },
});
log.push('connect() returned');
p.then(() => log.push('C:then'));
const c = await p;
log.push('C:await resumed');
await sOpen.promise;
await sleep(50);
trace(log);
c.end();
await sleep(20);
l.stop(true);
done();
