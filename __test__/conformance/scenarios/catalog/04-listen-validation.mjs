// Checks: Bun.listen argument validation — every bad input throws synchronously; traces the
// error class/name/code for each (messages are not compared). Accepted inputs are in 05.
import { trace, guard, describeError, done } from './_trace.mjs';
guard();
const noop = () => {};
const H = { data: noop };
const B = { hostname: '127.0.0.1', port: 0 };
const cases = [
  ['no argument', () => Bun.listen()],
  ['null', () => Bun.listen(null)],
  ['number', () => Bun.listen(1)],
  ['string', () => Bun.listen('x')],
  ['missing socket', () => Bun.listen({ ...B })],
  ['socket: 1', () => Bun.listen({ ...B, socket: 1 })],
  ['socket: null', () => Bun.listen({ ...B, socket: null })],
  ['socket: "x"', () => Bun.listen({ ...B, socket: 'x' })],
  ['data: 1', () => Bun.listen({ ...B, socket: { data: 1 } })],
  ['open: 1', () => Bun.listen({ ...B, socket: { data: noop, open: 1 } })],
  ['close: "x"', () => Bun.listen({ ...B, socket: { data: noop, close: 'x' } })],
  ['error: {}', () => Bun.listen({ ...B, socket: { data: noop, error: {} } })],
  ['end: 1', () => Bun.listen({ ...B, socket: { data: noop, end: 1 } })],
  ['drain: 1', () => Bun.listen({ ...B, socket: { drain: 1 } })],
  ['timeout: 1', () => Bun.listen({ ...B, socket: { data: noop, timeout: 1 } })],
  ['connectError: 1', () => Bun.listen({ ...B, socket: { data: noop, connectError: 1 } })],
  ['no handlers {}', () => Bun.listen({ ...B, socket: {} })],
  ['only open', () => Bun.listen({ ...B, socket: { open: noop } })],
  ['only close+end+error', () => Bun.listen({ ...B, socket: { close: noop, end: noop, error: noop } })],
  ['missing port', () => Bun.listen({ hostname: '127.0.0.1', socket: H })],
  ['port null', () => Bun.listen({ hostname: '127.0.0.1', port: null, socket: H })],
  ['port "abc"', () => Bun.listen({ hostname: '127.0.0.1', port: 'abc', socket: H })],
  ['port -1', () => Bun.listen({ hostname: '127.0.0.1', port: -1, socket: H })],
  ['port 65536', () => Bun.listen({ hostname: '127.0.0.1', port: 65536, socket: H })],
  ['port 1.5', () => Bun.listen({ hostname: '127.0.0.1', port: 1.5, socket: H })],
  ['port NaN', () => Bun.listen({ hostname: '127.0.0.1', port: NaN, socket: H })],
  ['port Infinity', () => Bun.listen({ hostname: '127.0.0.1', port: Infinity, socket: H })],
  ['port {}', () => Bun.listen({ hostname: '127.0.0.1', port: {}, socket: H })],
  ['missing hostname', () => Bun.listen({ port: 0, socket: H })],
  ['hostname ""', () => Bun.listen({ hostname: '', port: 0, socket: H })],
  ['hostname null', () => Bun.listen({ hostname: null, port: 0, socket: H })],
  ['unix 1', () => Bun.listen({ unix: 1, socket: H })],
  ['unix ""', () => Bun.listen({ unix: '', socket: H })],
  ['unix null', () => Bun.listen({ unix: null, socket: H })],
  ['binaryType "blob"', () => Bun.listen({ ...B, socket: { data: noop, binaryType: 'blob' } })],
  ['binaryType 1', () => Bun.listen({ ...B, socket: { data: noop, binaryType: 1 } })],
  ['allowHalfOpen "yes"', () => Bun.listen({ ...B, allowHalfOpen: 'yes', socket: H })],
  ['allowHalfOpen 1', () => Bun.listen({ ...B, allowHalfOpen: 1, socket: H })],
  ['exclusive "x"', () => Bun.listen({ ...B, exclusive: 'x', socket: H })],
  ['reusePort 1', () => Bun.listen({ ...B, reusePort: 1, socket: H })],
  ['ipv6Only 1', () => Bun.listen({ ...B, ipv6Only: 1, socket: H })],
  ['tls 1', () => Bun.listen({ ...B, tls: 1, socket: H })],
  ['tls "x"', () => Bun.listen({ ...B, tls: 'x', socket: H })],
  ['fd "x"', () => Bun.listen({ fd: 'x', socket: H })],
];
for (const [label, fn] of cases) {
  let res;
  try {
    const r = fn();
    res = { returned: typeof r };
    try { r.stop(true); } catch {}
  } catch (e) {
    res = { throws: describeError(e) };
  }
  trace(label, res);
}
done();
