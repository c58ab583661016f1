// binaryType (top-level option) decides what `data` gets; each datagram
// in memory of its own.
import { countdown, guard, trace } from './_trace.mjs'
guard()
for (const binaryType of ['buffer', 'arraybuffer', 'uint8array']) {
  const got = countdown(1)
  const s = await Bun.udpSocket({
    hostname: '127.0.0.1',
    binaryType,
    socket: {
      data(x, d) {
        const view = d instanceof ArrayBuffer ? new Uint8Array(d) : d
        trace(binaryType, x.binaryType, d.constructor.name, d.byteLength, view.byteOffset ?? 0, view.buffer.byteLength, [...view])
        got.tick()
      },
    },
  })
  const b = await Bun.udpSocket({ hostname: '127.0.0.1' })
  b.send(new Uint8Array([1, 2, 3]), s.port, '127.0.0.1')
  await got.promise
  s.close()
  b.close()
}
