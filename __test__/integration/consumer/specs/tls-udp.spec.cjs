// jest and vitest (globals: true) run these same files.
const s = require('../shared/scenarios.cjs')

test('TLS echo', async () => {
  expect(await s.tlsEcho()).toEqual({ text: 'ping over TLS', authorized: true, protocol: 'TLSv1.3' })
})
test('UDP round trip', async () => {
  expect(await s.udpRoundTrip()).toMatchObject({ text: 'ping over UDP', address: '127.0.0.1', fromSender: true })
})
