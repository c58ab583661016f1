// What send takes as data: strings (UTF-8), typed arrays and views with
// their offsets, ArrayBuffer, SharedArrayBuffer, String objects.
import { countdown, guard, trace } from './_trace.mjs'
guard()
const payloads = [
  ['string', 'héllo'],
  ['String object', new String('boxed')],
  ['Uint8Array view', new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 3)],
  ['DataView', new DataView(new Uint8Array([9, 8, 7]).buffer, 1)],
  ['ArrayBuffer', new Uint8Array([5, 6]).buffer],
  ['SharedArrayBuffer', new SharedArrayBuffer(2)],
  ['Uint16Array', new Uint16Array([0x0102])],
]
const got = countdown(payloads.length)
const seen = []
const s = await Bun.udpSocket({
  hostname: '127.0.0.1',
  socket: {
    data(x, d) {
      seen.push([...d])
      got.tick()
    },
  },
})
const b = await Bun.udpSocket({ hostname: '127.0.0.1' })
for (const [label, payload] of payloads) {
  trace(label, b.send(payload, s.port, '127.0.0.1'))
  await new Promise((r) => setTimeout(r, 10))
}
await got.promise
for (const bytes of seen) trace('received', bytes)
s.close()
b.close()
