// Checks: bytesWritten starts at 0, grows by the byte length of each write (UTF-8 bytes for
// strings), counts end(data), and is unchanged by failed (-1) writes after close.
import { trace, guard, deferred, done } from './_trace.mjs';
guard();
const sClosed = deferred();
let received = 0;
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data(s, d) { received += d.length; }, close() { sClosed.resolve(); } } });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
const steps = [['initial', c.bytesWritten]];
steps.push(['write("abc")', c.write('abc'), c.bytesWritten]);
steps.push(['write("héé")', c.write('héé'), c.bytesWritten]);
steps.push(['write(Uint8Array(10))', c.write(new Uint8Array(10)), c.bytesWritten]);
steps.push(['write("")', c.write(''), c.bytesWritten]);
steps.push(['end("xy")', c.end('xy'), c.bytesWritten]);
steps.push(['write after end', c.write('zzz'), c.bytesWritten]);
await sClosed.promise;
steps.push(['server received', received]);
trace(steps);
l.stop(true);
done();
