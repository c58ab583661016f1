// Bad input and failed operations: the error class, `code` and fields Bun
// gives, thrown synchronously where Bun throws; never a crash.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { connect, listen, udpSocket } from 'bun-sockets'
import { deferred, runNode } from './helpers.mjs'

const S = { data() {} }

function throwsLike(fn, ctor, code, message) {
  assert.throws(fn, (err) => {
    assert.equal(err.constructor, ctor, `${err.constructor.name}: ${err.message}`)
    assert.equal(err.code, code)
    if (message !== undefined) assert.equal(err.message, message)
    return true
  })
}

describe('the fd option (not supported)', () => {
  it('is refused, after Bun\'s type check, never ignored', async () => {
    const H = { hostname: '127.0.0.1', port: 0, socket: S }
    throwsLike(() => listen({ ...H, fd: 'x' }), TypeError, 'ERR_INVALID_ARG_TYPE', 'SocketOptions.fd must be a number')
    throwsLike(() => listen({ ...H, fd: null }), TypeError, 'ERR_INVALID_ARG_TYPE', 'SocketOptions.fd must be a number')
    throwsLike(() => listen({ ...H, fd: 3 }), Error, 'ERR_NOT_IMPLEMENTED')
    throwsLike(() => connect({ ...H, port: 9, fd: 3 }), Error, 'ERR_NOT_IMPLEMENTED')
    throwsLike(() => udpSocket({ fd: 'x' }), TypeError, 'ERR_INVALID_ARG_TYPE', 'The "fd" property must be of type number, got string')
    throwsLike(() => udpSocket({ fd: 3 }), Error, 'ERR_NOT_IMPLEMENTED')
    // For UDP, as in Bun, null is no fd.
    const u = await udpSocket({ hostname: '127.0.0.1', fd: null })
    u.close()
  })
})

describe('argument validation', () => {
  for (const [label, make, ctor, code, message] of [
    ['no options', () => listen(), TypeError, 'ERR_INVALID_ARG_TYPE', 'Expected object'],
    ['a number', () => listen(1), TypeError, 'ERR_INVALID_ARG_TYPE', 'Expected object'],
    ['no socket', () => listen({ hostname: '127.0.0.1', port: 0 }), TypeError, 'ERR_INVALID_ARG_TYPE', 'SocketOptions.socket is required'],
    ['socket not an object', () => listen({ hostname: '127.0.0.1', port: 0, socket: 1 }), TypeError, 'ERR_INVALID_ARG_TYPE', 'SocketHandler must be an object'],
    ['no data or drain', () => listen({ hostname: '127.0.0.1', port: 0, socket: { open() {} } }), TypeError, 'ERR_INVALID_ARG_TYPE', 'Expected at least "data" or "drain" callback'],
    ['data not a function', () => listen({ hostname: '127.0.0.1', port: 0, socket: { data: 1 } }), TypeError, 'ERR_INVALID_ARG_TYPE', 'Expected "onData" callback to be a function'],
    ['drain not a function', () => listen({ hostname: '127.0.0.1', port: 0, socket: { data() {}, drain: 0 } }), TypeError, 'ERR_INVALID_ARG_TYPE', 'Expected "onWritable" callback to be a function'],
    ['bad binaryType', () => listen({ hostname: '127.0.0.1', port: 0, socket: { data() {}, binaryType: 'text' } }), TypeError, 'ERR_INVALID_ARG_TYPE'],
    ['no hostname or unix', () => listen({ port: 0, socket: S }), TypeError, 'ERR_INVALID_ARG_TYPE', 'Expected either "hostname" or "unix"'],
    ['no port', () => listen({ hostname: '127.0.0.1', socket: S }), TypeError, 'ERR_INVALID_ARG_TYPE', 'Missing "port"'],
    ['port -1', () => listen({ hostname: '127.0.0.1', port: -1, socket: S }), RangeError, 'ERR_OUT_OF_RANGE'],
    ['port 65536', () => listen({ hostname: '127.0.0.1', port: 65536, socket: S }), RangeError, 'ERR_OUT_OF_RANGE'],
    ['port 1.5', () => listen({ hostname: '127.0.0.1', port: 1.5, socket: S }), RangeError, 'ERR_OUT_OF_RANGE'],
    ['port "abc"', () => listen({ hostname: '127.0.0.1', port: 'abc', socket: S }), RangeError, 'ERR_OUT_OF_RANGE'],
    ['unix not a string', () => listen({ unix: 1, socket: S }), TypeError, 'ERR_INVALID_ARG_TYPE', 'SocketOptions.unix must be a string'],
    ['allowHalfOpen not a boolean', () => listen({ hostname: '127.0.0.1', port: 0, allowHalfOpen: 'yes', socket: S }), TypeError, 'ERR_INVALID_ARG_TYPE'],
  ]) {
    it(`listen: ${label}`, () => throwsLike(make, ctor, code, message))
  }

  it('connect validates synchronously, like Bun', () => {
    throwsLike(() => connect(), TypeError, 'ERR_INVALID_ARG_TYPE', 'Expected options object')
    throwsLike(() => connect({ hostname: '127.0.0.1', port: 1 }), TypeError, 'ERR_INVALID_ARG_TYPE')
    throwsLike(() => connect({ port: 1, socket: S }), TypeError, 'ERR_INVALID_ARG_TYPE', 'Expected either "hostname" or "unix"')
    throwsLike(() => connect({ hostname: '127.0.0.1', port: 70000, socket: S }), RangeError, 'ERR_OUT_OF_RANGE')
  })

  it('a numeric string port is accepted, as Bun converts it', () => {
    const server = listen({ hostname: '127.0.0.1', port: '0', socket: S })
    try {
      assert.ok(server.port > 0)
    } finally {
      server.stop()
    }
  })
})

describe('hostile input found by the fuzz suite, answered as Bun does', () => {
  it('a hostname with a NUL byte is refused before any lookup', () => {
    const expected = { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: '"hostname" must not contain null bytes' }
    assert.throws(() => listen({ hostname: '127.0.0.1\0x', port: 0, socket: S }), expected)
    assert.throws(() => connect({ hostname: '127.0.0.1\0x', port: 1, socket: S }), expected)
  })

  it('detached buffers are empty data, not engine errors', async () => {
    const detached = () => {
      const buffer = new ArrayBuffer(8)
      const view = new DataView(buffer)
      const bytes = new Uint8Array(buffer)
      structuredClone(buffer, { transfer: [buffer] })
      return { buffer, view, bytes }
    }
    const server = listen({ hostname: '127.0.0.1', port: 0, socket: S })
    const client = await connect({ hostname: '127.0.0.1', port: server.port, socket: S })
    try {
      assert.equal(client.write(detached().buffer), 0)
      assert.equal(client.write(detached().view), 0)
      assert.equal(client.write(detached().bytes), 0)
      assert.throws(() => listen({ hostname: '127.0.0.1', port: 0, tls: { key: detached().buffer, cert: detached().buffer }, socket: S }), {
        code: 'ERR_OSSL_PEM_NO_START_LINE',
      })
    } finally {
      client.end()
      server.stop(true)
    }
  })

  it('a detached Uint8Array sent over UDP is an empty datagram', async () => {
    const buffer = new ArrayBuffer(8)
    const view = new Uint8Array(buffer)
    structuredClone(buffer, { transfer: [buffer] })
    const received = deferred('the empty datagram')
    const receiver = await udpSocket({ hostname: '127.0.0.1', socket: { data: (s, d) => received.resolve(d.length) } })
    const sender = await udpSocket({ hostname: '127.0.0.1' })
    try {
      assert.equal(sender.send(view, receiver.port, '127.0.0.1'), true)
      assert.equal(await received.promise, 0)
    } finally {
      sender.close()
      receiver.close()
    }
  })

  it('a typed array that lies about its byteLength is written by its real length', async () => {
    // Small writes are copied into a shared buffer first: trusting the
    // subclass would send whatever an earlier write left there.
    class Lying extends Uint8Array {
      get byteLength() {
        return 40
      }
    }
    const got = []
    const all = deferred('the bytes')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data(s, d) {
          got.push(d.toString('latin1'))
          if (got.join('').endsWith('ABCD')) all.resolve(got.join(''))
        },
      },
    })
    const client = await connect({ hostname: '127.0.0.1', port: server.port, socket: S })
    try {
      assert.equal(client.write(Buffer.from('Z'.repeat(50))), 50)
      assert.equal(client.write(new Lying([65, 66, 67, 68])), 4)
      client.end()
      assert.equal(await all.promise, `${'Z'.repeat(50)}ABCD`)
    } finally {
      server.stop(true)
    }
  })

  it('a server name rustls cannot hold is a TypeError', () => {
    assert.throws(() => connect({ hostname: '127.0.0.1', port: 1, tls: { serverName: 'a b' }, socket: S }), {
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_VALUE',
    })
  })
})

describe('write() argument errors', () => {
  it('rejects non-data and out-of-range offsets with Bun’s codes', async () => {
    const server = listen({ hostname: '127.0.0.1', port: 0, socket: S })
    try {
      const c = await connect({ hostname: '127.0.0.1', port: server.port, socket: S })
      const buf = Buffer.from('0123456789')
      throwsLike(() => c.write(123), TypeError, 'ERR_INVALID_ARG_TYPE')
      throwsLike(() => c.write(null), TypeError, 'ERR_INVALID_ARG_TYPE')
      throwsLike(() => c.write({}), TypeError, 'ERR_INVALID_ARG_TYPE')
      throwsLike(() => c.write(buf, 11), RangeError, 'ERR_OUT_OF_RANGE')
      throwsLike(() => c.write(buf, -1), RangeError, 'ERR_OUT_OF_RANGE')
      throwsLike(() => c.write(buf, 2, 100), RangeError, 'ERR_OUT_OF_RANGE')
      throwsLike(() => c.write(buf, 1.5), TypeError, 'ERR_INVALID_ARG_TYPE')
      throwsLike(() => c.end(123), TypeError, 'ERR_INVALID_ARG_TYPE')
      assert.equal(c.write(buf, 3, 2), 2)
      c.end()
      assert.equal(c.write(buf), -1, 'closed sockets return -1')
      assert.equal(c.end('x'), -1)
    } finally {
      server.stop(true)
    }
  })
})

describe('operation errors', () => {
  it('ECONNREFUSED: connectError runs, then the promise rejects', async () => {
    const probe = listen({ hostname: '127.0.0.1', port: 0, socket: S })
    const port = probe.port
    probe.stop()
    const order = []
    const p = connect({
      hostname: '127.0.0.1',
      port,
      socket: {
        data() {},
        connectError(socket, err) {
          order.push(`connectError ${socket.readyState} ${err.code}`)
        },
        close() {
          order.push('close')
        },
      },
    })
    const err = await p.then(
      () => assert.fail('connected to a closed port'),
      (e) => e,
    )
    order.push('rejected')
    assert.deepEqual(order, ['connectError -1 ECONNREFUSED', 'rejected'])
    assert.equal(err.constructor, Error)
    assert.equal(err.code, 'ECONNREFUSED')
    assert.equal(err.errno, -111)
    assert.equal(err.syscall, 'connect')
    assert.equal(err.message, 'Failed to connect')
  })

  it('no unhandled rejection when connectError exists and nobody awaits', async () => {
    const unhandled = []
    const onUnhandled = (reason) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const called = deferred('connectError')
      connect({ hostname: '127.0.0.1', port: 1, socket: { data() {}, connectError: () => called.resolve() } })
      await called.promise
      await new Promise((r) => setImmediate(r))
      await new Promise((r) => setImmediate(r))
      assert.deepEqual(unhandled, [])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('ENOTFOUND for a name that does not resolve', async () => {
    await assert.rejects(connect({ hostname: 'no-such-host.invalid', port: 80, socket: S }), (err) => {
      assert.equal(err.code, 'ENOTFOUND')
      assert.equal(err.syscall, 'getaddrinfo')
      assert.equal(err.hostname, 'no-such-host.invalid')
      assert.equal(err.errno, 4)
      return true
    })
  })

  it('EADDRINUSE is thrown by listen with Bun’s fields', () => {
    const first = listen({ hostname: '127.0.0.1', port: 0, socket: S })
    try {
      assert.throws(() => listen({ hostname: '127.0.0.1', port: first.port, socket: S }), (err) => {
        assert.equal(err.code, 'EADDRINUSE')
        assert.equal(err.errno, 98)
        assert.equal(err.syscall, 'listen')
        assert.equal(err.address, '127.0.0.1')
        assert.equal(err.port, first.port)
        assert.equal(err.message, 'Failed to listen at 127.0.0.1')
        return true
      })
    } finally {
      first.stop()
    }
  })

  it('methods after close are harmless no-ops with Bun’s return values', async () => {
    const server = listen({ hostname: '127.0.0.1', port: 0, socket: S })
    const c = await connect({ hostname: '127.0.0.1', port: server.port, socket: S })
    c.end()
    server.stop(true)
    server.stop(true)
    assert.equal(c.write('x'), -1)
    assert.equal(c.end(), -1)
    c.terminate()
    c.shutdown()
    c.pause()
    c.resume()
    c.timeout(1)
    c.ref()
    c.unref()
    c.flush()
    assert.equal(c.setNoDelay(true), false)
    assert.equal(c.setKeepAlive(true), false)
    assert.equal(c.readyState, -1)
  })
})

describe('handler exceptions', () => {
  it('go to the error handler, and the socket stays open', async () => {
    const errors = []
    const first = deferred('first error')
    const second = deferred('second data')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data(s, d) {
          if (String(d) === 'b') second.resolve(s.readyState)
          throw new Error(`boom ${d}`)
        },
        error(s, err) {
          errors.push(err.message)
          first.resolve()
        },
      },
    })
    try {
      const c = await connect({ hostname: '127.0.0.1', port: server.port, socket: S })
      c.write('a')
      // 'b' only once 'a' was handled, so that they come as two chunks.
      await first.promise
      c.write('b')
      assert.equal(await second.promise, 1)
      await new Promise((r) => setImmediate(r))
      assert.deepEqual(errors, ['boom a', 'boom b'])
      c.end()
    } finally {
      server.stop(true)
    }
  })

  it('a rejected promise from a handler is left unhandled, as in Bun (not routed to error)', async () => {
    const result = await runNode(`
      process.on('unhandledRejection', (r) => { console.log('unhandled', r.message); process.exit(0) })
      const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: {
        async data() { throw new Error('async boom') },
        error: (s, e) => console.log('error handler', e.message),
      } })
      const c = await Bun.connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
      c.write('x')
    `)
    assert.equal(result.stdout, 'unhandled async boom\n')
    assert.equal(result.code, 0)
  })
})
