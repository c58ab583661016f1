// Under real Bun: `bun bun-core.mjs` runs the runners' scenarios against
// this package's exports (Bun's Node-API), not Bun's own sockets, and
// prints what each observed as JSON.
import * as sockets from 'bun-sockets'
import s from './shared/scenarios.cjs'

if (sockets.listen === globalThis.Bun?.listen) throw new Error("bun-sockets must not be Bun's own API")
s.use(sockets)
const results = {}
for (const name of ['tcpEcho', 'typedArrayEcho', 'unixEcho', 'refused', 'tlsEcho', 'udpRoundTrip']) {
  results[name] = await s[name]()
}
console.log(JSON.stringify(results))
