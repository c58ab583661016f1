// Checks: Bun.connect argument validation — bad inputs throw synchronously (they do NOT return a
// rejected promise); traces class/name/code for each.
import { trace, guard, describeError, done } from './_trace.mjs';
guard();
const noop = () => {};
const H = { data: noop };
const B = { hostname: '127.0.0.1', port: 1 };
const cases = [
  ['no argument', () => Bun.connect()],
  ['null', () => Bun.connect(null)],
  ['number', () => Bun.connect(1)],
  ['string', () => Bun.connect('x')],
  ['array', () => Bun.connect([])],
  ['missing socket', () => Bun.connect({ ...B })],
  ['socket: 1', () => Bun.connect({ ...B, socket: 1 })],
  ['socket: null', () => Bun.connect({ ...B, socket: null })],
  ['data: 1', () => Bun.connect({ ...B, socket: { data: 1 } })],
  ['open: 1', () => Bun.connect({ ...B, socket: { data: noop, open: 1 } })],
  ['connectError: "x"', () => Bun.connect({ ...B, socket: { data: noop, connectError: 'x' } })],
  ['no handlers {}', () => Bun.connect({ ...B, socket: {} })],
  ['only open+close+connectError', () => Bun.connect({ ...B, socket: { open: noop, close: noop, connectError: noop } })],
  ['missing port', () => Bun.connect({ hostname: '127.0.0.1', socket: H })],
  ['port null', () => Bun.connect({ hostname: '127.0.0.1', port: null, socket: H })],
  ['port "abc"', () => Bun.connect({ hostname: '127.0.0.1', port: 'abc', socket: H })],
  ['port -1', () => Bun.connect({ hostname: '127.0.0.1', port: -1, socket: H })],
  ['port 65536', () => Bun.connect({ hostname: '127.0.0.1', port: 65536, socket: H })],
  ['port 1.5', () => Bun.connect({ hostname: '127.0.0.1', port: 1.5, socket: H })],
  ['port NaN', () => Bun.connect({ hostname: '127.0.0.1', port: NaN, socket: H })],
  ['missing hostname', () => Bun.connect({ port: 1, socket: H })],
  ['hostname ""', () => Bun.connect({ hostname: '', port: 1, socket: H })],
  ['hostname null', () => Bun.connect({ hostname: null, port: 1, socket: H })],
  ['unix 1', () => Bun.connect({ unix: 1, socket: H })],
  ['unix ""', () => Bun.connect({ unix: '', socket: H })],
  ['binaryType "text"', () => Bun.connect({ ...B, socket: { data: noop, binaryType: 'text' } })],
  ['allowHalfOpen "no"', () => Bun.connect({ ...B, allowHalfOpen: 'no', socket: H })],
  ['exclusive 1', () => Bun.connect({ ...B, exclusive: 1, socket: H })],
  ['reusePort "x"', () => Bun.connect({ ...B, reusePort: 'x', socket: H })],
  ['ipv6Only 0', () => Bun.connect({ ...B, ipv6Only: 0, socket: H })],
  ['tls 1', () => Bun.connect({ ...B, tls: 1, socket: H })],
];
for (const [label, fn] of cases) {
  let res;
  try {
    const r = fn();
    res = { returned: r && typeof r.then === 'function' ? 'promise' : typeof r };
    if (r && r.then) r.then((s) => s.terminate(), () => {});
  } catch (e) {
    res = { throws: describeError(e) };
  }
  trace(label, res);
}
done();
