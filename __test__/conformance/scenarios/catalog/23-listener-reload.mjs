// Checks: listener.reload({socket}) replaces the handlers of the listener AND of already-accepted
// sockets (their next data event uses the new handlers); new connections use the new open; the
// handler set is replaced wholesale (handlers omitted in the new set no longer fire).
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const log = [];
const waiters = [];
let opens = 0;
const onOpen = (tag) => (s) => { log.push(tag + ':open'); opens++; waiters.splice(0).forEach((w) => w()); };
const l = Bun.listen({
  hostname: '127.0.0.1', port: 0,
  socket: {
    open: onOpen('v1'),
    data(s, d) { log.push('v1:data:' + d); s.write('v1'); },
    close() { log.push('v1:close'); },
  },
});
const waitOpens = (n) => new Promise((r) => { const check = () => (opens >= n ? r() : waiters.push(check)); check(); });
async function client(tag) {
  const got = [];
  let want = null;
  const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data(s, d) { got.push(d.toString()); want && want(); } } });
  return {
    c,
    async ask(msg) { const p = new Promise((r) => (want = r)); c.write(msg); await p; want = null; return got.pop(); },
  };
}
const c1 = await client('c1');
await waitOpens(1);
trace('c1 before reload', await c1.ask('a'));
trace('reload returns', l.reload({
  socket: {
    open: onOpen('v2'),
    data(s, d) { log.push('v2:data:' + d); s.write('v2'); },
  },
}));
trace('c1 after reload', await c1.ask('b'));
const c2 = await client('c2');
await waitOpens(2);
trace('c2 (new) after reload', await c2.ask('c'));
c1.c.end();
c2.c.end();
await sleep(100);
trace('server log', log);
l.stop(true);
done();
