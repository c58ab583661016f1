// Unix-domain sockets: paths, abstract names, errors and cleanup.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import { describe, it } from 'node:test'
import { connect, listen } from 'bun-sockets'
import { deferred, uniqueUnixPath } from './helpers.mjs'

describe('unix sockets', () => {
  it('echo over a socket file, with no IP addresses on the sockets', async () => {
    const path = uniqueUnixPath()
    const serverOpen = deferred('server open')
    const server = listen({
      unix: path,
      socket: {
        open: (s) => serverOpen.resolve(s),
        data: (s, d) => s.write(d),
      },
    })
    try {
      assert.equal(server.unix, path)
      assert.equal(server.port, undefined)
      assert.equal(server.hostname, undefined)
      assert.ok(fs.statSync(path).isSocket())
      const got = deferred('echo')
      const client = await connect({ unix: path, socket: { data: (s, d) => got.resolve(String(d)) } })
      client.write('over unix')
      assert.equal(await got.promise, 'over unix')
      const s = await serverOpen.promise
      for (const socket of [client, s]) {
        assert.equal(socket.remoteAddress, undefined)
        assert.equal(socket.remotePort, undefined)
        assert.equal(socket.localAddress, undefined)
        assert.equal(socket.localFamily, undefined)
      }
      assert.equal(client.setNoDelay(true), true, 'Bun reports true even where the option does not apply')
      client.end()
    } finally {
      server.stop(true)
    }
    assert.equal(fs.existsSync(path), false, 'stop() removes the socket file, as Bun does')
  })

  it('interoperates with node:net on the same path', async () => {
    const path = uniqueUnixPath('interop')
    const server = listen({ unix: path, socket: { data: (s, d) => s.write(`bun:${d}`) } })
    try {
      const reply = await new Promise((resolve, reject) => {
        const c = net.createConnection(path, () => c.write('node'))
        c.on('data', (d) => {
          resolve(String(d))
          c.destroy()
        })
        c.on('error', reject)
      })
      assert.equal(reply, 'bun:node')
    } finally {
      server.stop(true)
    }
  })

  it('supports Linux abstract names (leading NUL)', { skip: process.platform !== 'linux' }, async () => {
    const name = `\0bun-sockets-abstract-${process.pid}-${Date.now()}`
    const server = listen({ unix: name, socket: { data: (s, d) => s.write(d) } })
    try {
      const got = deferred('abstract echo')
      const client = await connect({ unix: name, socket: { data: (s, d) => got.resolve(String(d)) } })
      client.write('abstract')
      assert.equal(await got.promise, 'abstract')
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('reports bind and connect errors with code, errno and syscall', async () => {
    const existing = uniqueUnixPath('file')
    fs.writeFileSync(existing, 'not a socket')
    try {
      assert.throws(() => listen({ unix: existing, socket: { data() {} } }), {
        name: 'Error',
        code: 'EADDRINUSE',
        syscall: 'listen',
        message: `Failed to listen at ${existing}`,
      })
    } finally {
      fs.unlinkSync(existing)
    }
    // As in Bun, a "file://", "unix://" or "sock://" prefix names the path.
    const prefixed = uniqueUnixPath('prefix')
    const viaPrefix = listen({ unix: `unix://${prefixed}`, socket: { data() {} } })
    assert.equal(viaPrefix.unix, prefixed)
    assert.ok(fs.existsSync(prefixed))
    const prefixedClient = await connect({ unix: `file://${prefixed}`, socket: { data() {} } })
    prefixedClient.end()
    viaPrefix.stop(true)
    assert.throws(() => listen({ unix: '/nonexistent-dir/x.sock', socket: { data() {} } }), { code: 'ENOENT' })
    assert.throws(() => listen({ unix: `/tmp/${'x'.repeat(200)}`, socket: { data() {} } }), { code: 'EINVAL' })
    let seen
    const connecting = connect({ unix: uniqueUnixPath('missing'), socket: { data() {}, connectError: (s, e) => (seen = e) } })
    // As in Bun, the kernel's answer comes inside connect(): connectError
    // has run before it returns.
    assert.equal(seen?.code, 'ENOENT')
    await assert.rejects(connecting, { code: 'ENOENT', syscall: 'connect' })
    // A throw in connectError becomes the rejection, not a throw of connect().
    const thrown = new Error('from connectError')
    const rejecting = connect({
      unix: uniqueUnixPath('missing'),
      socket: {
        data() {},
        connectError() {
          throw thrown
        },
      },
    })
    await assert.rejects(rejecting, (err) => err === thrown)
  })
})
