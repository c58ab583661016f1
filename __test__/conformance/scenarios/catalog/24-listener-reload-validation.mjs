// Checks: listener.reload() argument validation (throws synchronously; note some are plain
// Error without code) and that after stop() every reload call throws.
import { trace, guard, describeError, done } from './_trace.mjs';
guard();
const noop = () => {};
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data: noop } });
const cases = [
  ['no arg', () => l.reload()],
  ['undefined', () => l.reload(undefined)],
  ['null', () => l.reload(null)],
  ['1', () => l.reload(1)],
  ['{}', () => l.reload({})],
  ['{socket: 1}', () => l.reload({ socket: 1 })],
  ['{socket: {}}', () => l.reload({ socket: {} })],
  ['{socket: {data: 1}}', () => l.reload({ socket: { data: 1 } })],
  ['{socket: {open only}}', () => l.reload({ socket: { open: noop } })],
  ['{socket: {binaryType bad}}', () => l.reload({ socket: { data: noop, binaryType: 'x' } })],
  ['valid', () => l.reload({ socket: { data: noop } })],
];
for (const [label, fn] of cases) {
  try { trace(label, 'returned', fn() === undefined ? 'undefined' : 'value'); } catch (e) { trace(label, 'throws', describeError(e)); }
}
l.stop();
for (const [label, fn] of [['after stop: valid', () => l.reload({ socket: { data: noop } })], ['after stop: no arg', () => l.reload()]]) {
  try { trace(label, 'returned', fn() === undefined ? 'undefined' : 'value'); } catch (e) { trace(label, 'throws', describeError(e)); }
}
done();
