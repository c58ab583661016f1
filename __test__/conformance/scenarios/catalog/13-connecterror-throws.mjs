// Checks: if connectError throws, the connect promise rejects with the thrown value instead of
// the ECONNREFUSED error; if connectError returns normally the promise rejects with ECONNREFUSED.
import { trace, guard, describeError, done } from './_trace.mjs';
guard();
const noop = () => {};
const tmp = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data: noop } });
const free = tmp.port;
tmp.stop(true);
class MyErr extends Error { constructor() { super('mine'); this.code = 'EMINE'; } }
for (const mode of ['returns', 'throws Error', 'throws string']) {
  const order = [];
  try {
    await Bun.connect({
      hostname: '127.0.0.1',
      port: free,
      socket: {
        data: noop,
        error(s, e) { order.push(['error-handler', describeError(e)]); },
        connectError() {
          order.push('connectError');
          if (mode === 'throws Error') throw new MyErr();
          if (mode === 'throws string') throw 'str';
        },
      },
    });
    order.push('resolved');
  } catch (e) {
    order.push(['rejected', describeError(e)]);
  }
  trace(mode, order);
}
done();
