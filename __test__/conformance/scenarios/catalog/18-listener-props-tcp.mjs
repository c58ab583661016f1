// Checks: shape of a TCP listener object — typeof, toStringTag, no own keys, prototype member
// names/kinds, port/hostname/unix/data/fd values, readonly port/hostname (assignment throws in
// module strict mode), writable data, ref/unref/stop return undefined, JSON.stringify.
import { trace, guard, tryCall, done } from './_trace.mjs';
guard();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, data: { a: 1 }, socket: { data() {} } });
const proto = Object.getPrototypeOf(l);
trace('typeof', typeof l, Object.prototype.toString.call(l), l.constructor === Object);
trace('own keys', Object.keys(l), Object.getOwnPropertyNames(l));
const kinds = {};
for (const k of Object.getOwnPropertyNames(proto).sort()) {
  const d = Object.getOwnPropertyDescriptor(proto, k);
  kinds[k] = d.get ? (d.set ? 'accessor-rw' : 'accessor-ro') : typeof d.value;
}
trace('proto members', kinds);
// Well-known symbols by identity (Node 20 describes Symbol.dispose as "nodejs.dispose"); Node's
// util.inspect hook, which bun-sockets adds for readable inspection, is not compared.
const symbolName = (sym) => (sym === Symbol.dispose ? 'Symbol(Symbol.dispose)' : String(sym));
const inspectHook = Symbol.for('nodejs.util.inspect.custom');
trace('proto symbols', Object.getOwnPropertySymbols(proto).filter((s) => s !== inspectHook).map(symbolName).sort());
trace('values', { port: typeof l.port, portPositive: l.port > 0, hostname: l.hostname, unix: l.unix, data: l.data, fd: typeof l.fd, url: l.url });
trace('JSON', JSON.stringify(l));
trace('assign port', tryCall(() => { l.port = 1; }));
trace('assign hostname', tryCall(() => { l.hostname = 'x'; }));
trace('assign data', tryCall(() => { l.data = { b: 2 }; }), l.data);
trace('ref', tryCall(() => l.ref()), 'unref', tryCall(() => l.unref()));
const gs = {};
l.getsockname(gs);
trace('getsockname(obj)', { family: gs.family, address: gs.address, port: gs.port === l.port });
trace('getsockname()', tryCall(() => l.getsockname()).throws ? 'throws' : 'no-throw');
// A function is an object too: Bun fills it.
const gsFn = function () {};
l.getsockname(gsFn);
trace('getsockname(function)', gsFn.family, gsFn.port === l.port);
trace('stop', tryCall(() => l.stop(true)));
done();
