// Checks: socket.timeout() argument handling: no argument throws a plain Error (no code); negative
// throws a plain Error; numeric strings, null, undefined, NaN, floats, objects are coerced and
// accepted (return undefined).
import { trace, guard, describeError, done, sleep } from './_trace.mjs';
guard();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
for (const [label, args] of [['()', []], ['(undefined)', [undefined]], ['(null)', [null]], ['("2")', ['2']], ['(1.7)', [1.7]], ['(-1)', [-1]], ['(NaN)', [NaN]], ['({})', [{}]], ['(0)', [0]]]) {
  try { trace(label, 'returned', c.timeout(...args) === undefined ? 'undefined' : 'value'); } catch (e) { trace(label, 'throws', describeError(e)); }
}
c.timeout(0);
c.end();
await sleep(20);
l.stop(true);
done();
