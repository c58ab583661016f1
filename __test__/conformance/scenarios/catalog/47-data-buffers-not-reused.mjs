// Checks: chunks delivered to data are never reused/mutated later: keep references to the first
// chunks and check their contents after more data has arrived. Also: write("") sends nothing
// (no zero-length data event).
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
for (const bt of ['buffer', 'uint8array', 'arraybuffer']) {
  const kept = [];
  let total = '';
  const all = deferred();
  const l = Bun.listen({
    hostname: '127.0.0.1', port: 0,
    socket: {
      binaryType: bt,
      data(s, d) {
        kept.push(d);
        total += Buffer.from(d instanceof ArrayBuffer ? new Uint8Array(d) : d).toString();
        s.write('ack');
        if (total.length >= 12) all.resolve();
      },
    },
  });
  let acks = 0;
  let ackWaiter;
  const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data(s, d) { acks += d.length / 3; ackWaiter && ackWaiter(); } } });
  for (const part of ['AAAA', '', 'BBBB', 'CCCC']) {
    const before = acks;
    c.write(part);
    if (part) await new Promise((r) => { ackWaiter = () => acks > before && r(); });
  }
  await all.promise;
  const texts = kept.map((d) => Buffer.from(d instanceof ArrayBuffer ? new Uint8Array(d) : d).toString());
  trace(bt, { events: kept.length, texts, distinctBacking: new Set(kept.map((d) => (d instanceof ArrayBuffer ? d : d.buffer))).size });
  c.end();
  await sleep(20);
  l.stop(true);
}
done();
