// Bad tls options throw synchronously, with Bun's classes, codes and
// messages, from listen and connect alike.
import { attempt, guard, identity, pem } from './_trace.mjs'
guard()
const cases = {
  'tls: 5': 5,
  "tls: 'x'": 'x',
  'tls: []': [],
  'key: 5': { key: 5, cert: pem('server.pem') },
  'cert: {}': { key: pem('server.key'), cert: {} },
  'ca: [5]': { ca: [5] },
  'ca: 5': { ca: 5 },
  "ca: 'garbage'": { ca: 'garbage' },
  'passphrase: 5': { ...identity(), passphrase: 5 },
  'wrong passphrase': { key: pem('server-encrypted.key'), cert: pem('server.pem'), passphrase: 'nope' },
  'key/cert mismatch': { key: pem('client.key'), cert: pem('server.pem') },
  "key: 'garbage'": { key: 'garbage', cert: pem('server.pem') },
  'ciphers: 5': { ...identity(), ciphers: 5 },
  'rejectUnauthorized: 1': { rejectUnauthorized: 1 },
  'serverName: 5': { serverName: 5 },
  'ALPNProtocols: 5': { ALPNProtocols: 5 },
  'secureOptions: -1': { secureOptions: -1 },
  "minVersion: 'TLSv1.3'": { minVersion: 'TLSv1.3' },
}
for (const [label, tls] of Object.entries(cases)) {
  attempt(`listen ${label}`, () => Bun.listen({ hostname: '127.0.0.1', port: 0, tls, socket: { data() {} } })?.stop())
  attempt(`connect ${label}`, () => Bun.connect({ hostname: '127.0.0.1', port: 1, tls, socket: { data() {} } }).catch(() => {}))
}
