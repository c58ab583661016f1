// Checks: shape of TCP socket objects (client and accepted): same prototype, toStringTag
// "TCPSocket", no own properties, the full sorted list of prototype members with their kinds
// (getter / getter+setter / function with its length), symbols, JSON.stringify, String().
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const sOpen = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { sOpen.resolve(s); }, data() {} } });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
const ss = await sOpen.promise;
const proto = Object.getPrototypeOf(c);
trace('same proto', proto === Object.getPrototypeOf(ss), Object.getPrototypeOf(proto) === Object.prototype);
trace('tags', Object.prototype.toString.call(c), Object.prototype.toString.call(ss), typeof c, c.constructor === Object);
trace('own', Object.getOwnPropertyNames(c), Object.getOwnPropertyNames(ss), Object.keys(c));
const kinds = {};
for (const k of Object.getOwnPropertyNames(proto).sort()) {
  const d = Object.getOwnPropertyDescriptor(proto, k);
  kinds[k] = d.get ? (d.set ? 'get/set' : 'get') : typeof d.value === 'function' ? `function/${d.value.length}` : typeof d.value;
}
trace('members', kinds);
// Well-known symbols by identity (Node 20 describes Symbol.dispose as "nodejs.dispose"); Node's
// util.inspect hook, which bun-sockets adds for readable inspection, is not compared.
const symbolName = (sym) => (sym === Symbol.dispose ? 'Symbol(Symbol.dispose)' : String(sym));
const inspectHook = Symbol.for('nodejs.util.inspect.custom');
trace('symbols', Object.getOwnPropertySymbols(proto).filter((s) => s !== inspectHook).map(symbolName).sort());
trace('JSON', JSON.stringify(c), 'String', String(c));
c.end();
await sleep(30);
l.stop(true);
done();
