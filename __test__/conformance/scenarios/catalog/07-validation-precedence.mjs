// Checks: which validation error wins when several options are bad at once (only the error
// class/code is compared). Order observed in Bun: object > socket present > socket is object >
// allowHalfOpen > port (if given) > tls > exclusive/reusePort/ipv6Only > unix type > handlers
// (binaryType, then callbacks) > hostname/unix presence > missing port.
import { trace, guard, describeError, done } from './_trace.mjs';
guard();
const noop = () => {};
const H = { data: noop };
const cases = {
  'socket missing + hostname missing': {},
  'socket 1 + allowHalfOpen 1': { hostname: 'x', port: 0, allowHalfOpen: 1, socket: 1 },
  'allowHalfOpen 1 + port -1': { hostname: 'x', port: -1, allowHalfOpen: 1, socket: H },
  'handlers {} + port -1': { hostname: 'x', port: -1, socket: {} },
  'no hostname + port -1': { port: -1, socket: H },
  'tls 1 + port -1': { hostname: 'x', port: -1, tls: 1, socket: H },
  'exclusive 1 + port -1': { hostname: 'x', port: -1, exclusive: 1, socket: H },
  'unix 1 + port -1': { unix: 1, port: -1, socket: H },
  'missing port + handlers {}': { hostname: 'x', socket: {} },
  'missing hostname + handlers {}': { port: 0, socket: {} },
  'missing hostname + missing port': { socket: H },
  'port "abc" + handlers {}': { hostname: 'x', port: 'abc', socket: {} },
  'binaryType bad + port 1.5': { hostname: 'x', port: 1.5, socket: { data: noop, binaryType: 'x' } },
};
for (const fn of ['listen', 'connect']) {
  for (const [label, opts] of Object.entries(cases)) {
    let res;
    try {
      const r = Bun[fn](opts);
      res = 'no-throw';
      if (r && r.then) r.catch(() => {});
      else if (r) r.stop(true);
    } catch (e) {
      const d = describeError(e);
      res = [d.name, d.code];
    }
    trace(fn, label, res);
  }
}
done();
