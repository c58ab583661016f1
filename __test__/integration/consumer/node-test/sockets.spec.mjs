// Run as `node --import bun-sockets/polyfill --test node-test/sockets.spec.mjs`.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import s from '../shared/scenarios.cjs'

test('Bun is the polyfill', () => {
  assert.equal(typeof Bun.listen, 'function')
  assert.equal(typeof Bun.udpSocket, 'function')
})
test('TCP echo', async () => assert.equal(await s.tcpEcho(), 'ping over TCP'))
test('bytes as a Uint8Array', async () => assert.deepEqual(await s.typedArrayEcho(), [0, 1, 2, 253, 254, 255]))
test('Unix socket echo', async () => assert.equal(await s.unixEcho(), 'ping over a Unix socket'))
test('connection refused', async () =>
  assert.deepEqual(await s.refused(), { name: 'Error', code: 'ECONNREFUSED', syscall: 'connect' }))
test('TLS echo', async () =>
  assert.deepEqual(await s.tlsEcho(), { text: 'ping over TLS', authorized: true, protocol: 'TLSv1.3' }))
test('UDP round trip', async () => {
  const got = await s.udpRoundTrip()
  assert.equal(got.text, 'ping over UDP')
  assert.equal(got.fromSender, true)
})
