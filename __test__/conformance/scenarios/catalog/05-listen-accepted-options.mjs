// Checks: Bun.listen inputs that are *accepted* (no throw): null/undefined handlers, only drain,
// port as numeric string, weird backlog values, top-level binaryType (ignored), unknown keys,
// tls: false, and unix+hostname together (unix wins).
import { trace, guard, describeError, done, tmpSock, rmrf } from './_trace.mjs';
guard();
const noop = () => {};
const B = { hostname: '127.0.0.1', port: 0 };
const p = tmpSock('acc');
const cases = [
  ['open: null', () => Bun.listen({ ...B, socket: { data: noop, open: null } })],
  ['open: undefined', () => Bun.listen({ ...B, socket: { data: noop, open: undefined } })],
  ['only drain', () => Bun.listen({ ...B, socket: { drain: noop } })],
  ['port "0"', () => Bun.listen({ hostname: '127.0.0.1', port: '0', socket: { data: noop } })],
  ['backlog -1', () => Bun.listen({ ...B, backlog: -1, socket: { data: noop } })],
  ['backlog "x"', () => Bun.listen({ ...B, backlog: 'x', socket: { data: noop } })],
  ['backlog 1e10', () => Bun.listen({ ...B, backlog: 1e10, socket: { data: noop } })],
  ['top-level binaryType "blob"', () => Bun.listen({ ...B, binaryType: 'blob', socket: { data: noop } })],
  ['unknown option', () => Bun.listen({ ...B, bogus: 1, socket: { data: noop, bogus: 2 } })],
  ['tls false', () => Bun.listen({ ...B, tls: false, socket: { data: noop } })],
  ['allowHalfOpen false', () => Bun.listen({ ...B, allowHalfOpen: false, socket: { data: noop } })],
  ['exclusive true', () => Bun.listen({ ...B, exclusive: true, socket: { data: noop } })],
  ['unix + hostname', () => Bun.listen({ unix: p, hostname: '127.0.0.1', port: 0, socket: { data: noop } })],
];
for (const [label, fn] of cases) {
  try {
    const l = fn();
    trace(label, 'ok', { port: typeof l.port, portPositive: l.port > 0, hostname: l.hostname, unixIsPath: l.unix === p, unix: l.unix === p ? '<path>' : l.unix });
    l.stop(true);
  } catch (e) {
    trace(label, 'throws', describeError(e));
  }
}
rmrf(p);
done();
