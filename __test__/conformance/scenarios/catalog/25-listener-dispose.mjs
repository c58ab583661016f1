// Checks: listener[Symbol.dispose]() behaves like stop(true): accepted sockets close synchronously
// and the client sees end + close. Symbol.asyncDispose is absent.
import { trace, guard, deferred, done } from './_trace.mjs';
guard();
const order = [];
const sOpen = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open() { sOpen.resolve(); }, data() {}, close(s, e) { order.push(['S:close', e === undefined ? 'no-error' : e.code]); } } });
trace('types', typeof l[Symbol.dispose], typeof l[Symbol.asyncDispose]);
const cl = [];
const cClosed = deferred();
await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {}, end() { cl.push('end'); }, close(s, e) { cl.push(['close', e === undefined ? 'no-error' : e.code]); cClosed.resolve(); } } });
await sOpen.promise;
order.push('dispose');
l[Symbol.dispose]();
order.push('after dispose');
await cClosed.promise;
trace('server', order);
trace('client', cl);
done();
