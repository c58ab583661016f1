// Checks: every handler is called with `this === socket` and the documented arguments: open(s),
// data(s, chunk), end(s), close(s, err) (2 args, err undefined on clean close), drain(s).
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
const log = [];
const closed = deferred();
function rec(name) {
  return function (...args) { log.push([name, this === args[0], args.length, args.length > 1 ? typeof args[1] : null]); };
}
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { s.write('x'); s.end(); }, data() {} } });
const c = await Bun.connect({
  hostname: '127.0.0.1', port: l.port,
  socket: {
    open: rec('open'),
    data: rec('data'),
    end: rec('end'),
    close(...a) { rec('close').apply(this, a); closed.resolve(); },
  },
});
await closed.promise;
trace(log);
l.stop(true);
done();
