// Checks: port values that are coerced instead of rejected — numeric strings and `true` are
// accepted by connect (the promise then rejects with ECONNREFUSED asynchronously), and a
// numeric string port works for listen.
import { trace, guard, classify, done } from './_trace.mjs';
guard();
const noop = () => {};
const l = Bun.listen({ hostname: '127.0.0.1', port: String(0), socket: { data: noop } });
trace('listen port "0"', typeof l.port, l.port > 0);
// connect with the port as a string works
const r = await classify(() => Bun.connect({ hostname: '127.0.0.1', port: String(l.port), socket: { data: noop } }), (s) => s.terminate());
trace('connect port as string', r);
// free port for refused connects
const tmp = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data: noop } });
const free = tmp.port;
tmp.stop(true);
trace('connect port "<free>"', await classify(() => Bun.connect({ hostname: '127.0.0.1', port: String(free), socket: { data: noop } })));
trace('connect port 0', await classify(() => Bun.connect({ hostname: '127.0.0.1', port: 0, socket: { data: noop } })));
l.stop(true);
done();
