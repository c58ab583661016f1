// Checks: what the data handler receives for binaryType undefined (default), "buffer",
// "arraybuffer", "uint8array" — on server and client sides. "uint8array" is a plain Uint8Array
// (NOT a Buffer); "buffer" is a Buffer; each chunk has its own exact-size backing store.
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
function describe(d) {
  return {
    ctor: d.constructor.name,
    isBuffer: Buffer.isBuffer(d),
    isUint8Array: d instanceof Uint8Array,
    isArrayBuffer: d instanceof ArrayBuffer,
    protoIsUint8ArrayProto: Object.getPrototypeOf(d) === Uint8Array.prototype,
    byteLength: d.byteLength,
    byteOffset: d.byteOffset,
    backingLength: d.buffer ? d.buffer.byteLength : null,
    text: Buffer.from(d.buffer ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d)).toString(),
  };
}
for (const bt of [undefined, 'buffer', 'arraybuffer', 'uint8array']) {
  const got = deferred();
  const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { binaryType: bt, data(s, d) { got.resolve(d); }, open(s) { s.write('from-server'); } } });
  const cgot = deferred();
  const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { binaryType: bt, data(s, d) { cgot.resolve(d); } } });
  c.write('hello');
  trace(String(bt), 'server', describe(await got.promise));
  trace(String(bt), 'client', describe(await cgot.promise));
  c.end();
  await sleep(20);
  l.stop(true);
}
// binaryType as a TOP-LEVEL option is ignored (only socket.binaryType counts)
const got = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, binaryType: 'arraybuffer', socket: { data(s, d) { got.resolve(d); } } });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
c.write('x');
trace('top-level binaryType', (await got.promise).constructor.name);
c.end();
await sleep(20);
l.stop(true);
done();
