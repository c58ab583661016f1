// binaryType decides what `data` receives.
import { defer, guard, trace } from './_trace.mjs'
guard()
const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data: (s, d) => s.write(d) } })
for (const binaryType of [undefined, 'buffer', 'arraybuffer', 'uint8array']) {
  const got = defer()
  const c = await Bun.connect({
    hostname: '127.0.0.1',
    port: server.port,
    socket: { binaryType, data: (s, d) => got.resolve(d) },
  })
  c.write('abc')
  const d = await got.promise
  trace(binaryType, Object.prototype.toString.call(d), d.constructor.name, Buffer.isBuffer(d), d.byteLength, Buffer.from(d).toString())
  c.end()
}
server.stop(true)
