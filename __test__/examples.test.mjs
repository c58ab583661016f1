// The README's recipes (examples/): each runs to completion by itself and
// prints what it promises.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, it } from 'node:test'
import { root } from './helpers.mjs'

function example(name, ...args) {
  const result = spawnSync(process.execPath, [path.join(root, 'examples', name), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  })
  assert.equal(result.status, 0, `${name}: ${result.stdout}${result.stderr}`)
  return result.stdout
}

describe('examples', () => {
  it('echo-server --once', () => {
    assert.match(example('echo-server.mjs', '--once'), /^echo server on 127\.0\.0\.1:\d+\nechoed: hello\n$/)
  })
  it('line-protocol: 500,000 lines through write/drain backpressure, in order', () => {
    assert.equal(example('line-protocol.mjs'), '500000 lines answered in order; a queue waited for drain at least once\n')
  })
  it('tls-echo', () => {
    assert.match(example('tls-echo.mjs'), /^TLSv1\.3 TLS_\w+, server is localhost\nechoed over TLS: secret\n$/)
  })
  it('starttls', () => {
    assert.equal(
      example('starttls.mjs'),
      'upgraded: success=true authorized=true error=null\nserver got hello over TLSv1.3\n',
    )
  })
  it('udp-multicast on loopback', () => {
    assert.match(example('udp-multicast.mjs'), /^group message from 127\.0\.0\.1:\d+: hello, group\n$/)
  })
})
