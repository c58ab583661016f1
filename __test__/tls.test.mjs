// TLS over real loopback sockets: handshakes and their outcomes as Bun
// reports them, verification failures, mTLS, ALPN, options and their
// errors, bulk integrity, and interop with node:tls in both directions.
// Certificates: __test__/fixtures/tls (scripts/make-test-certs.sh).

import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import { Duplex } from 'node:stream'
import path from 'node:path'
import nodeTls from 'node:tls'
import { describe, it } from 'node:test'
import { connect, file, listen } from 'bun-sockets'
import { collector, deferred, root, runNode } from './helpers.mjs'

const fixture = (name) => path.join(root, '__test__', 'fixtures', 'tls', name)
const pem = (name) => fs.readFileSync(fixture(name), 'utf8')
const serverTls = (name = 'server') => ({ key: pem(`${name}.key`), cert: pem(`${name}.pem`) })

/** A TLS echo server whose events are recorded in `events`. */
function tlsServer(tls, events = [], extra = {}) {
  return listen({
    hostname: '127.0.0.1',
    port: 0,
    tls,
    socket: {
      handshake(s, ok, err) {
        events.push(['handshake', ok, err ? err.code : null])
      },
      data(s, d) {
        s.write(d)
      },
      close(s, err) {
        events.push(['close', err ? err.code : undefined])
      },
      ...extra,
    },
  })
}

/** Connects with `tls`; resolves with the client's events once it closed. */
async function clientOutcome(port, tls, hostname = 'localhost') {
  const events = []
  const closed = deferred('client close')
  await connect({
    hostname,
    port,
    tls,
    socket: {
      handshake(s, ok, err) {
        events.push(['handshake', ok, err ? err.code : null, s.authorized])
        if (ok) s.end()
      },
      close(s, err) {
        events.push(['close', err === undefined ? undefined : err.code])
        closed.resolve()
      },
      error(s, err) {
        events.push(['error', err.code])
      },
      data() {},
    },
  })
  await closed.promise
  return events
}

describe('tls: handshake and data', () => {
  it('echoes over TLS and reports the session as Bun does', async () => {
    const serverEvents = []
    const server = tlsServer(serverTls(), serverEvents)
    try {
      const done = deferred('echo')
      const client = await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { ca: pem('ca.pem') },
        socket: {
          handshake(s, ok, err) {
            assert.equal(ok, true)
            assert.equal(err, null)
            assert.equal(s.write('hello tls'), 9)
          },
          data(s, d) {
            done.resolve(String(d))
          },
        },
      })
      assert.equal(await done.promise, 'hello tls')
      assert.equal(String(client), '[object TLSSocket]')
      assert.equal(client.authorized, true)
      assert.equal(client.getAuthorizationError(), null)
      assert.equal(client.getTLSVersion(), 'TLSv1.3')
      assert.deepEqual(client.getCipher(), {
        name: 'TLS_AES_128_GCM_SHA256',
        standardName: 'TLS_AES_128_GCM_SHA256',
        version: 'TLSv1.3',
      })
      assert.equal(client.getServername(), 'localhost')
      const peer = client.getPeerCertificate()
      assert.equal(peer.subject.CN, 'localhost')
      assert.equal(peer.issuer.CN, 'bun-sockets test ca')
      assert.equal(peer.subjectaltname, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1')
      assert.equal(peer.issuerCertificate, undefined)
      const detailed = client.getPeerCertificate(false)
      assert.equal(detailed.issuerCertificate.subject.CN, 'bun-sockets test ca')
      assert.equal(detailed.issuerCertificate.issuerCertificate, detailed.issuerCertificate)
      assert.equal(client.getPeerX509Certificate().subject, 'O=bun-sockets\nCN=localhost')
      assert.equal(client.getCertificate(), undefined, 'the client presented no certificate')
      assert.throws(() => client.getPeerCertificate(1), /Expected abbreviated to be a boolean/)
      const keying = client.exportKeyingMaterial(32, 'bun-sockets')
      assert.equal(keying.length, 32)
      // As Bun: nothing asked, nothing given; past TLS 1.3's HKDF limit, its error.
      assert.deepEqual(client.exportKeyingMaterial(0, 'bun-sockets'), Buffer.alloc(0))
      assert.throws(() => client.exportKeyingMaterial(8161, 'bun-sockets'), {
        name: 'Error',
        message: 'OpenSSL OUTPUT_TOO_LARGE via OPENSSL_internal HKDF functions',
      })
      // Bun's argument checks, in its words (plain Errors).
      for (const [call, message] of [
        [() => client.exportKeyingMaterial(), 'Expected length and label to be provided'],
        [() => client.exportKeyingMaterial('16', 'l'), 'Expected length to be a number'],
        [() => client.exportKeyingMaterial(-1, 'l'), 'Expected length to be a positive number'],
        [() => client.exportKeyingMaterial(16, 5), 'Expected label to be a string'],
        [() => client.setMaxSendFragment(), 'Expected size to be a number'],
        [() => client.setSession(5), 'Expected session to be a string, Buffer or TypedArray'],
        [() => client.setServername(5), 'Expected "serverName" to be a string'],
        [() => client.setServername('late.example'), 'Already started.'],
        [() => client.setVerifyMode(), 'Expected requestCert and rejectUnauthorized arguments'],
        [() => client.renegotiate(), 'OpenSSL function should not have been called via OPENSSL_internal SSL routines'],
      ]) {
        assert.throws(call, { name: 'Error', message })
      }
      client.end()
      assert.equal(client.readyState, -1)
      // The server never saw a client certificate: Bun calls it unauthorized.
      assert.deepEqual(serverEvents[0], ['handshake', true, 'UNABLE_TO_GET_ISSUER_CERT'])
    } finally {
      server.stop(true)
    }
  })

  it('opens after the handshake without a handshake handler, and drain follows', async () => {
    const server = tlsServer(serverTls())
    try {
      const order = []
      const echoed = deferred('echo')
      const promise = connect({
        hostname: '127.0.0.1',
        port: server.port,
        tls: { ca: pem('ca.pem'), serverName: 'localhost' },
        socket: {
          open(s) {
            order.push(`open authorized=${s.authorized} ${s.getTLSVersion()}`)
            order.push(`write ${s.write('x')}`)
          },
          drain() {
            order.push('drain')
          },
          data(s, d) {
            order.push(`data ${d}`)
            echoed.resolve()
          },
        },
      })
      const socket = await promise
      order.push('resolved')
      await echoed.promise
      socket.end()
      // The promise resolves at connect, before the handshake and `open`.
      assert.deepEqual(order, ['resolved', 'open authorized=true TLSv1.3', 'write 1', 'drain', 'data x'])
    } finally {
      server.stop(true)
    }
  })

  it('takes nothing before the handshake: write returns 0, then drain', async () => {
    const server = tlsServer(serverTls())
    try {
      const seen = []
      const drained = deferred('drain')
      const client = await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { ca: pem('ca.pem') },
        socket: {
          open(s) {
            seen.push(s.write('early'), s.write(''))
          },
          handshake() {},
          drain(s) {
            seen.push(s.write('late'))
            drained.resolve()
          },
          data() {},
        },
      })
      await drained.promise
      assert.deepEqual(seen, [0, -1, 4])
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('moves 64 MiB each way intact with random write sizes', async () => {
    const TOTAL = 64 << 20
    const source = randomBytes(TOTAL)
    const expected = createHash('sha256').update(source).digest('hex')
    const atServer = collector()
    const atClient = collector()
    const serverGot = deferred('server received everything', 60_000)
    const clientGot = deferred('client received everything', 60_000)
    const pumpOut = (state) => (s) => {
      while (state.offset < TOTAL) {
        const size = Math.min(TOTAL - state.offset, 1 + Math.floor(Math.random() * 200_000))
        const n = s.write(source, state.offset, size)
        assert.ok(n >= 0 && n <= size, `write returned ${n} for ${size}`)
        state.offset += n
        if (n < size) return
      }
    }
    const serverOut = pumpOut({ offset: 0 })
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      tls: serverTls(),
      socket: {
        handshake: serverOut,
        drain: serverOut,
        data(s, d) {
          atServer.push(d)
          if (atServer.length === TOTAL) serverGot.resolve()
        },
      },
    })
    try {
      const clientOut = pumpOut({ offset: 0 })
      const client = await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { ca: pem('ca.pem') },
        socket: {
          handshake: clientOut,
          drain: clientOut,
          data(s, d) {
            atClient.push(d)
            if (atClient.length === TOTAL) clientGot.resolve()
          },
        },
      })
      await Promise.all([serverGot.promise, clientGot.promise])
      assert.equal(createHash('sha256').update(atServer.bytes()).digest('hex'), expected)
      assert.equal(createHash('sha256').update(atClient.bytes()).digest('hex'), expected)
      assert.equal(client.bytesWritten, TOTAL)
      client.end()
    } finally {
      server.stop(true)
    }
  })
})

describe('tls: verification', () => {
  const cases = [
    ['self-signed', { ca: pem('ca.pem') }, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['expired', { ca: pem('ca.pem') }, 'CERT_HAS_EXPIRED'],
    ['wrong-host', { ca: pem('ca.pem') }, 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['server', { rejectUnauthorized: true }, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ]
  for (const [name, tls, code] of cases) {
    it(`refuses a ${name} certificate with ${code}, and the server sees ECONNRESET`, async () => {
      const serverEvents = []
      const serverClosed = deferred('server close')
      const server = tlsServer(serverTls(name), serverEvents, {
        close() {
          serverClosed.resolve()
        },
      })
      try {
        const events = await clientOutcome(server.port, tls)
        assert.deepEqual(events, [
          ['handshake', false, code, false],
          ['close', undefined],
        ])
        await serverClosed.promise
        assert.deepEqual(serverEvents, [['handshake', false, 'ECONNRESET']])
      } finally {
        server.stop(true)
      }
    })
  }

  it('with rejectUnauthorized: false the handshake succeeds and reports why', async () => {
    const server = tlsServer(serverTls('self-signed'))
    try {
      const events = await clientOutcome(server.port, { rejectUnauthorized: false })
      assert.deepEqual(events, [
        ['handshake', true, 'DEPTH_ZERO_SELF_SIGNED_CERT', false],
        ['close', undefined],
      ])
    } finally {
      server.stop(true)
    }
  })

  it('names the certificate’s hosts when the host does not match', async () => {
    const server = tlsServer(serverTls('wrong-host'))
    try {
      const got = deferred('handshake')
      await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { ca: pem('ca.pem'), rejectUnauthorized: false },
        socket: {
          handshake(s, ok, err) {
            got.resolve({ ok, err, open: s.readyState })
            s.end()
          },
          data() {},
        },
      })
      const { ok, err, open } = await got.promise
      assert.equal(ok, false, 'Bun reports success=false for a host mismatch')
      assert.equal(open, 1, 'and keeps the connection open')
      assert.equal(
        err.message,
        "Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:example.invalid",
      )
      assert.deepEqual(Object.keys(err), ['code', 'errno'])
    } finally {
      server.stop(true)
    }
  })

  it('fails the handshake of a peer that does not speak TLS (EPROTO)', async () => {
    const serverEvents = []
    const serverClosed = deferred('server close')
    const server = tlsServer(serverTls(), serverEvents, {
      close() {
        serverClosed.resolve()
      },
    })
    try {
      const plain = net.connect(server.port, '127.0.0.1', () => plain.write('GET / HTTP/1.1\r\n\r\n'))
      plain.on('error', () => {})
      await serverClosed.promise
      plain.destroy()
      assert.deepEqual(serverEvents, [['handshake', false, 'EPROTO']])
    } finally {
      server.stop(true)
    }
  })
})

describe('tls: mTLS', () => {
  const serverOptions = { ...serverTls(), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true }

  it('accepts a client certificate from a trusted CA', async () => {
    const serverEvents = []
    const server = tlsServer(serverOptions, serverEvents)
    try {
      const events = await clientOutcome(server.port, {
        ca: pem('ca.pem'),
        key: pem('client.key'),
        cert: pem('client.pem'),
      })
      assert.deepEqual(events, [
        ['handshake', true, null, true],
        ['close', undefined],
      ])
      assert.deepEqual(serverEvents[0], ['handshake', true, null])
    } finally {
      server.stop(true)
    }
  })

  for (const [label, client, code] of [
    ['an untrusted client certificate', { key: pem('other-client.key'), cert: pem('other-client.pem') }, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['a missing client certificate', {}, 'EPROTO'],
  ]) {
    it(`refuses ${label}`, async () => {
      const serverEvents = []
      const serverClosed = deferred('server close')
      let settled
      const server = tlsServer(serverOptions, serverEvents, {
        handshake(s, ok, err) {
          serverEvents.push(['handshake', ok, err ? err.code : null])
          settled = [s.getTLSVersion(), s.getCipher().name, s.getServername()]
        },
        close() {
          serverClosed.resolve()
        },
      })
      try {
        const closed = deferred('client close')
        await connect({
          hostname: 'localhost',
          port: server.port,
          tls: { ca: pem('ca.pem'), ...client },
          socket: {
            close() {
              closed.resolve()
            },
            error() {},
            data() {},
          },
        })
        await Promise.all([closed.promise, serverClosed.promise])
        assert.equal(serverEvents[0][2], code)
        assert.equal(serverEvents.length, 1, 'no data reached the server')
        // As in Bun, the failed handshake still reports what it settled.
        assert.deepEqual(settled, ['TLSv1.3', 'TLS_AES_128_GCM_SHA256', 'localhost'])
      } finally {
        server.stop(true)
      }
    })
  }
})

describe('tls: options', () => {
  it('negotiates ALPN (wire format) with the server’s preference', async () => {
    const serverSide = deferred('server alpn')
    const server = tlsServer({ ...serverTls(), ALPNProtocols: '\x02h2\x08http/1.1' }, [], {
      handshake(s) {
        serverSide.resolve(s.alpnProtocol)
      },
    })
    try {
      const got = deferred('client alpn')
      const client = await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { ca: pem('ca.pem'), ALPNProtocols: Buffer.from('\x08http/1.1\x02h2', 'latin1') },
        socket: {
          handshake(s) {
            got.resolve(s.alpnProtocol)
          },
          data() {},
        },
      })
      assert.equal(await got.promise, 'h2')
      assert.equal(await serverSide.promise, 'h2')
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('reads an encrypted key with its passphrase, and Bun.file sources', async () => {
    const server = tlsServer({ key: file(fixture('server-encrypted.key')), cert: file(fixture('server.pem')), passphrase: 'bun-sockets' })
    try {
      const events = await clientOutcome(server.port, { ca: file(fixture('ca.pem')) })
      assert.deepEqual(events[0], ['handshake', true, null, true])
    } finally {
      server.stop(true)
    }
    assert.throws(
      () => listen({ hostname: '127.0.0.1', port: 0, tls: { key: pem('server-encrypted.key'), cert: pem('server.pem'), passphrase: 'nope' }, socket: {} }),
      (err) => err.code === 'ERR_OSSL_BAD_DECRYPT' && err.reason === 'BAD_DECRYPT',
    )
  })

  it('rejects bad options with Bun’s errors, synchronously', () => {
    const base = { hostname: '127.0.0.1', port: 0, socket: { data() {} } }
    const check = (tls, Class, code, message) => {
      for (const fn of [listen, connect]) {
        assert.throws(
          () => fn({ ...base, tls }),
          (err) => err instanceof Class && err.code === code && (message === undefined || err.message === message),
          `${fn.name} ${JSON.stringify(tls)}`,
        )
      }
    }
    check(5, TypeError, 'ERR_INVALID_ARG_TYPE', 'TLSOptions must be an object')
    check([], TypeError, 'ERR_INVALID_ARG_TYPE', 'TLSOptions must be an object')
    check({ key: 5, cert: pem('server.pem') }, TypeError, 'ERR_INVALID_ARG_TYPE')
    check({ ca: [5] }, TypeError, 'ERR_INVALID_ARG_TYPE', 'element of TLSOptions.ca must be of type string, ArrayBuffer, or Blob')
    check({ ca: 'garbage' }, Error, 'ERR_BORINGSSL', 'Invalid CA')
    check({ ...serverTls(), ciphers: 'NOT-A-CIPHER' }, Error, 'ERR_BORINGSSL', 'Invalid ciphers')
    check({ ...serverTls(), passphrase: 5 }, TypeError, 'ERR_INVALID_ARG_TYPE', 'TLSOptions.passphrase must be a string')
    check({ key: pem('client.key'), cert: pem('server.pem') }, Error, 'ERR_OSSL_X509_KEY_VALUES_MISMATCH')
    check({ key: 'garbage', cert: pem('server.pem') }, Error, 'ERR_OSSL_PEM_NO_START_LINE')
  })

  it('treats an empty tls object as plain TCP, as Bun does', async () => {
    const server = listen({ hostname: '127.0.0.1', port: 0, tls: {}, socket: { data: (s, d) => s.write(d) } })
    try {
      const got = deferred('echo')
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        tls: { ca: [] },
        socket: {
          open: (s) => s.write('plain'),
          data: (s, d) => got.resolve(String(d)),
        },
      })
      assert.equal(await got.promise, 'plain')
      assert.equal(String(client), '[object TCPSocket]')
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('honours maxVersion and ciphers for TLS 1.2', async () => {
    const server = tlsServer(serverTls())
    try {
      const got = deferred('cipher')
      const client = await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { ca: pem('ca.pem'), maxVersion: 0x0303, ciphers: 'ECDHE-ECDSA-CHACHA20-POLY1305' },
        socket: {
          handshake(s) {
            got.resolve([s.getTLSVersion(), s.getCipher().name, s.getEphemeralKeyInfo()])
          },
          data() {},
        },
      })
      assert.deepEqual(await got.promise, [
        'TLSv1.2',
        'ECDHE-ECDSA-CHACHA20-POLY1305',
        { type: 'ECDH', name: 'X25519', size: 253 },
      ])
      client.end()
    } finally {
      server.stop(true)
    }
  })
})

describe('tls: a peer that leaves before the handshake', () => {
  it('a server that ends at once fails the client\'s handshake, with no `end`', async () => {
    const server = listen({ hostname: '127.0.0.1', port: 0, socket: { open: (s) => s.end(), data() {} } })
    try {
      for (let run = 0; run < 5; run++) {
        const events = []
        const closed = deferred('client close')
        await connect({
          hostname: 'localhost',
          port: server.port,
          tls: { ca: pem('ca.pem') },
          socket: {
            open() {
              events.push('open')
              // The handshake starts when `open` returns; by then the
              // server's FIN has arrived (nothing tells JS of it sooner).
              Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
            },
            handshake: (s, ok, err) => events.push(`handshake ${ok} ${err?.code}`),
            end: () => events.push('end'),
            data() {},
            close(s, err) {
              events.push(`close ${err?.code}`)
              closed.resolve()
            },
          },
        })
        await closed.promise
        assert.deepEqual(events, ['open', 'handshake false ECONNRESET', 'close undefined'])
      }
    } finally {
      server.stop(true)
    }
  })
})

describe('tls: certificate revocation lists (crl)', () => {
  it('a client refuses a revoked server certificate, or reports it without rejectUnauthorized', async () => {
    const server = tlsServer(serverTls())
    try {
      const crl = pem('crl-server.pem')
      assert.deepEqual(await clientOutcome(server.port, { ca: pem('ca.pem'), crl }), [
        ['handshake', false, 'CERT_REVOKED', false],
        ['close', undefined],
      ])
      const lenient = await clientOutcome(server.port, { ca: pem('ca.pem'), crl: Buffer.from(crl), rejectUnauthorized: false })
      assert.deepEqual(lenient, [
        ['handshake', true, 'CERT_REVOKED', false],
        ['close', undefined],
      ])
      // A list that revokes other certificates lets this one through.
      assert.deepEqual(await clientOutcome(server.port, { ca: pem('ca.pem'), crl: [pem('crl-client.pem')] }), [
        ['handshake', true, null, true],
        ['close', undefined],
      ])
    } finally {
      server.stop(true)
    }
  })

  it('a server with requestCert reports a revoked client certificate, and one no list covers', async () => {
    const cases = [
      ['client', 'crl-client.pem', 'CERT_REVOKED'],
      ['client', 'crl-none.pem', null],
      ['other-client', 'crl-none.pem', 'UNABLE_TO_GET_CRL'],
    ]
    for (const [identity, crl, code] of cases) {
      const serverEvents = []
      const tls = { ...serverTls(), ca: [pem('ca.pem'), pem('other-ca.pem')], requestCert: true, rejectUnauthorized: false, crl: pem(crl) }
      const server = tlsServer(tls, serverEvents)
      try {
        const client = { ca: pem('ca.pem'), key: pem(`${identity}.key`), cert: pem(`${identity}.pem`) }
        assert.deepEqual((await clientOutcome(server.port, client))[0], ['handshake', true, null, true])
        assert.deepEqual(serverEvents[0], ['handshake', true, code], `${identity} under ${crl}`)
      } finally {
        server.stop(true)
      }
    }
  })

  it('a list that does not parse throws as in Bun, whether or not it would be used', () => {
    for (const crl of ['garbage', '', Buffer.from([1, 2, 3]), '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n']) {
      assert.throws(() => listen({ hostname: '127.0.0.1', port: 0, tls: { ...serverTls(), crl }, socket: { data() {} } }), {
        code: 'ERR_CRYPTO_OPERATION_FAILED',
        message: 'Failed to parse CRL',
      })
    }
    assert.throws(() => listen({ hostname: '127.0.0.1', port: 0, tls: { ...serverTls(), crl: 5 }, socket: { data() {} } }), {
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_TYPE',
    })
  })
})

describe('tls: end and reload around the handshake', () => {
  for (const paused of [false, true]) {
    it(`after its own end(), a ${paused ? 'paused ' : ''}TLS client gets the reply, end, then close, as in Bun`, async () => {
      const server = tlsServer(serverTls(), [], { data: (s, d) => s.write(`echo:${d}`) })
      try {
        const events = []
        const closed = deferred('client close')
        await connect({
          hostname: 'localhost',
          port: server.port,
          tls: { ca: pem('ca.pem') },
          socket: {
            handshake(s) {
              s.write('hello')
              if (paused) s.pause()
              s.end()
            },
            data: (s, d) => events.push(`data ${d}`),
            end: () => events.push('end'),
            close() {
              events.push('close')
              closed.resolve()
            },
          },
        })
        await closed.promise
        assert.deepEqual(events, ['data echo:hello', 'end', 'close'])
      } finally {
        server.stop(true)
      }
    })
  }

  it('reload() in open to handlers without handshake: the new open runs once the handshake ends', async () => {
    const server = tlsServer(serverTls())
    try {
      const opened = deferred('open of the new handlers')
      const client = await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { ca: pem('ca.pem') },
        socket: {
          open(s) {
            s.reload({ socket: { open: (x) => opened.resolve([x.authorized, x.getTLSVersion()]), data() {} } })
          },
          handshake() {},
          data() {},
        },
      })
      assert.deepEqual(await opened.promise, [true, 'TLSv1.3'])
      client.end()
    } finally {
      server.stop(true)
    }
  })
})

describe('tls: chains completed from ca', () => {
  it('a lone certificate is sent with its issuers found in ca, as BoringSSL does (server and client)', async () => {
    const viaIntermediate = { key: pem('via-intermediate.key'), cert: pem('via-intermediate.pem') }
    const server = tlsServer({ ...viaIntermediate, ca: pem('intermediate.pem') })
    try {
      assert.deepEqual(await clientOutcome(server.port, { ca: pem('ca.pem') }), [
        ['handshake', true, null, true],
        ['close', undefined],
      ])
    } finally {
      server.stop(true)
    }
    const serverEvents = []
    const mtls = tlsServer({ ...serverTls(), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true }, serverEvents)
    try {
      const client = { ...viaIntermediate, ca: [pem('ca.pem'), pem('intermediate.pem')] }
      assert.deepEqual((await clientOutcome(mtls.port, client))[0], ['handshake', true, null, true])
      assert.deepEqual(serverEvents[0], ['handshake', true, null])
    } finally {
      mtls.stop(true)
    }
  })
})

describe('tls: a client key without a certificate', () => {
  it('is no client identity: the client connects without one, as in Bun', async () => {
    const server = tlsServer(serverTls())
    try {
      assert.deepEqual(await clientOutcome(server.port, { ca: pem('ca.pem'), key: pem('client.key') }), [
        ['handshake', true, null, true],
        ['close', undefined],
      ])
    } finally {
      server.stop(true)
    }
  })
})

describe('tls: keyFile, certFile, caFile', () => {
  it('a server and a client configured by file paths alone talk TLS', async () => {
    const server = tlsServer({ keyFile: fixture('server.key'), certFile: fixture('server.pem') })
    try {
      const got = deferred('handshake')
      const client = await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { caFile: fixture('ca.pem') },
        socket: { handshake: (s, ok, err) => got.resolve([ok, err, s.authorized, s.getTLSVersion()]), data() {} },
      })
      assert.deepEqual(await got.promise, [true, null, true, 'TLSv1.3'])
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('a path that cannot be read throws as in Bun', async () => {
    for (const name of ['keyFile', 'certFile', 'caFile', 'dhParamsFile']) {
      const tls = { ...serverTls(), [name]: '/nonexistent/bun-sockets.pem' }
      assert.throws(() => listen({ hostname: '127.0.0.1', port: 0, tls, socket: { data() {} } }), {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG_TYPE',
        message: `Unable to access ${name} path`,
      })
    }
    assert.throws(
      () => listen({ hostname: '127.0.0.1', port: 0, tls: { ...serverTls(), keyFile: 5 }, socket: { data() {} } }),
      { code: 'ERR_INVALID_ARG_TYPE', message: 'TLSOptions.keyFile must be a string' },
    )
    const connecting = (async () =>
      connect({ hostname: '127.0.0.1', port: 1, tls: { caFile: '/nonexistent/ca.pem' }, socket: { data() {} } }))()
    await assert.rejects(connecting, { code: 'ERR_INVALID_ARG_TYPE', message: 'Unable to access caFile path' })
  })
})

describe('tls: protocol versions', () => {
  it('a maximum below TLS 1.2 is refused, never raised to a version above it', async () => {
    for (const maxVersion of [0x0300, 0x0301, 0x0302]) {
      assert.throws(
        () => listen({ hostname: '127.0.0.1', port: 0, tls: { ...serverTls(), maxVersion }, socket: { data() {} } }),
        { code: 'ERR_TLS_INVALID_PROTOCOL_VERSION' },
      )
      const connecting = (async () =>
        connect({ hostname: '127.0.0.1', port: 1, tls: { maxVersion }, socket: { data() {} } }))()
      await assert.rejects(connecting, { code: 'ERR_TLS_INVALID_PROTOCOL_VERSION' })
    }
  })

  it('values Bun does not know are ignored, as there', async () => {
    const server = tlsServer({ ...serverTls(), minVersion: 0x0305 })
    try {
      const version = deferred('handshake')
      const client = await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { ca: pem('ca.pem'), maxVersion: 0x0305 },
        socket: { handshake: (s) => version.resolve(s.getTLSVersion()), data() {} },
      })
      assert.equal(await version.promise, 'TLSv1.3')
      client.end()
    } finally {
      server.stop(true)
    }
  })
})

describe('tls: interop with node:tls', () => {
  it('our client talks to a node:tls server, SNI included', async () => {
    const sniSeen = deferred('servername')
    const server = nodeTls.createServer({ ...serverTls() }, (s) => {
      sniSeen.resolve(s.servername)
      s.on('data', (d) => s.write(d))
      s.on('error', () => {})
    })
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const got = deferred('echo')
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.address().port,
        tls: { ca: pem('ca.pem'), serverName: 'localhost' },
        socket: {
          open: (s) => s.write('from bun-sockets'),
          data: (s, d) => got.resolve(String(d)),
        },
      })
      assert.equal(await got.promise, 'from bun-sockets')
      assert.equal(await sniSeen.promise, 'localhost')
      client.end()
    } finally {
      server.close()
    }
  })

  it('a node:tls client talks to our server, with keying material that agrees', async () => {
    const serverKeying = deferred('server keying material')
    const server = tlsServer(serverTls(), [], {
      handshake(s) {
        serverKeying.resolve(s.exportKeyingMaterial(16, 'EXPERIMENTAL-test'))
      },
    })
    try {
      const client = nodeTls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pem('ca.pem') })
      await new Promise((resolve, reject) => {
        client.once('secureConnect', resolve)
        client.once('error', reject)
      })
      assert.equal(client.authorized, true)
      const echoed = new Promise((resolve) => client.once('data', (d) => resolve(String(d))))
      client.write('from node:tls')
      assert.equal(await echoed, 'from node:tls')
      assert.deepEqual(client.exportKeyingMaterial(16, 'EXPERIMENTAL-test'), await serverKeying.promise)
      client.end()
    } finally {
      server.stop(true)
    }
  })
})

describe('tls: STARTTLS (upgradeTLS)', () => {
  it('upgrades both ends of a plain connection and moves 4 MiB intact', async () => {
    const TOTAL = 4 << 20
    const source = randomBytes(TOTAL)
    const received = collector()
    const done = deferred('all bytes over the upgraded connection', 30_000)
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data(s, d) {
          if (String(d) !== 'STARTTLS\n') return
          s.write('OK\n')
          s.upgradeTLS({
            tls: serverTls(),
            socket: {
              data(x, chunk) {
                received.push(chunk)
                if (received.length === TOTAL) done.resolve()
              },
            },
          })
        },
      },
    })
    try {
      let offset = 0
      const pumpOut = (x) => {
        while (offset < TOTAL) {
          const n = x.write(source, offset, Math.min(TOTAL - offset, 100_000))
          if (n <= 0) return
          offset += n
        }
      }
      let pair
      const client = await connect({
        hostname: 'localhost',
        port: server.port,
        socket: {
          open: (s) => s.write('STARTTLS\n'),
          data(s, d) {
            if (String(d) !== 'OK\n' || pair !== undefined) return
            pair = s.upgradeTLS({
              tls: { ca: pem('ca.pem') },
              socket: { handshake: pumpOut, drain: pumpOut, data() {} },
            })
          },
        },
      })
      await done.promise
      assert.ok(received.bytes().equals(source), 'bytes differ after STARTTLS')
      assert.equal(client.readyState, -1, 'the original socket is detached')
      // As in Bun: the detached original cannot be upgraded again.
      assert.throws(() => client.upgradeTLS({ tls: true, socket: { data() {} } }), {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG_TYPE',
        message: 'upgradeTLS requires an established socket',
      })
      assert.equal(pair[1].authorized, true)
      pair[1].end()
    } finally {
      server.stop(true)
    }
  })
})

describe('tls: session resumption', () => {
  for (const form of ['Buffer', 'ArrayBuffer']) {
    it(`resumes across connections with getSession/setSession (a ${form}), against a node:tls server`, async () => {
      const server = nodeTls.createServer({ ...serverTls() }, (s) => {
        s.on('data', (d) => s.write(d))
        s.on('error', () => {})
      })
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
      try {
        const reused = []
        let saved
        for (let i = 0; i < 2; i++) {
          const closed = deferred(`connection ${i}`)
          await connect({
            hostname: '127.0.0.1',
            port: server.address().port,
            tls: { ca: pem('ca.pem'), serverName: 'localhost' },
            socket: {
              open(s) {
                if (saved !== undefined) s.setSession(form === 'Buffer' ? saved : new Uint8Array(saved).buffer)
              },
              handshake(s) {
                reused.push(s.isSessionReused())
                // The server sends its tickets once it reads.
                s.write('x')
              },
              // Each session the server gives (TLS 1.3: tickets after the
              // handshake).
              session(s, session) {
                assert.ok(Buffer.isBuffer(session))
                if (i > 0) return
                saved = session
                s.end()
              },
              // (The resumed connection is done once its echo is back.)
              data(s) {
                if (i > 0) s.end()
              },
              close: () => closed.resolve(),
            },
          })
          await closed.promise
        }
        assert.deepEqual(reused, [false, true])
      } finally {
        server.close()
      }
    })
  }

  it('our server resumes a node:tls client’s session', async () => {
    const seen = []
    const server = tlsServer(serverTls(), [], {
      handshake(s) {
        seen.push(s.isSessionReused())
      },
    })
    try {
      let session
      for (let i = 0; i < 2; i++) {
        const client = nodeTls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pem('ca.pem'), session })
        client.on('session', (s) => {
          session = s
        })
        client.on('error', () => {})
        await new Promise((resolve, reject) => {
          client.once('secureConnect', resolve)
          client.once('error', reject)
        })
        // The session ticket comes after the handshake (TLS 1.3).
        if (i === 0 && session === undefined) await new Promise((resolve) => client.once('session', resolve))
        assert.equal(client.isSessionReused(), i === 1)
        client.end()
        await new Promise((resolve) => client.once('close', resolve))
      }
      assert.deepEqual(seen, [false, true])
    } finally {
      server.stop(true)
    }
  })
})

// Real peers outside this process: Bun's own TLS (BoringSSL) and the
// openssl CLI, where they run here.
const bunBin = path.join(root, 'node_modules', '.bin', 'bun')
const bunRuns = spawnSync(bunBin, ['--version']).status === 0
const opensslRuns = spawnSync('openssl', ['version']).status === 0

/** Starts `cmd args`; resolves with its stdout once `ready(stdout)` holds. */
function startProcess(cmd, args, ready, options = {}) {
  const child = spawn(cmd, args, { cwd: root, ...options })
  let out = ''
  const started = deferred(`${path.basename(cmd)} to start`, 10_000)
  child.stdout.on('data', (d) => {
    out += d
    if (ready(out)) started.resolve(out)
  })
  child.stderr.on('data', (d) => {
    out += d
    if (ready(out)) started.resolve(out)
  })
  child.on('close', () => started.reject(new Error(`${cmd} exited: ${out}`)))
  return { child, started: started.promise, output: () => out }
}

describe('tls: interop with real Bun and openssl', () => {
  it('our client talks to a real Bun TLS server', { skip: !bunRuns && 'the bun binary cannot run here' }, async () => {
    const script = `
      const fs = require('fs')
      const dir = ${JSON.stringify(path.join(root, '__test__', 'fixtures', 'tls'))}
      const server = Bun.listen({ hostname: '127.0.0.1', port: 0,
        tls: { key: fs.readFileSync(dir + '/server.key', 'utf8'), cert: fs.readFileSync(dir + '/server.pem', 'utf8') },
        socket: { data(s, d) { s.write('bun:' + d) } } })
      console.log('PORT ' + server.port)
      process.stdin.on('data', () => {}); process.stdin.on('end', () => process.exit(0))`
    const peer = startProcess(bunBin, ['-e', script], (out) => /PORT \d+/.test(out))
    try {
      const port = Number((await peer.started).match(/PORT (\d+)/)[1])
      const got = deferred('echo from Bun')
      const client = await connect({
        hostname: '127.0.0.1',
        port,
        tls: { ca: pem('ca.pem'), serverName: 'localhost' },
        socket: {
          handshake: (s, ok) => ok && s.write('hello'),
          data: (s, d) => got.resolve(String(d)),
        },
      })
      assert.equal(await got.promise, 'bun:hello')
      assert.equal(client.authorized, true)
      client.end()
    } finally {
      peer.child.stdin.end()
    }
  })

  it('a real Bun TLS client talks to our server', { skip: !bunRuns && 'the bun binary cannot run here' }, async () => {
    const server = tlsServer(serverTls())
    try {
      const script = `
        const ca = require('fs').readFileSync(${JSON.stringify(fixture('ca.pem'))}, 'utf8')
        await Bun.connect({ hostname: '127.0.0.1', port: ${server.port}, tls: { ca, serverName: 'localhost' },
          socket: { open(s) { s.write('from bun') }, data(s, d) { console.log('GOT ' + d + ' ' + s.authorized); s.end(); process.exit(0) } } })`
      const peer = startProcess(bunBin, ['-e', script], (out) => out.includes('GOT'))
      assert.match(await peer.started, /GOT from bun true/)
    } finally {
      server.stop(true)
    }
  })

  it('openssl s_client talks to our server', { skip: !opensslRuns && 'openssl is not installed' }, async () => {
    const server = tlsServer({ ...serverTls(), ALPNProtocols: '\x08http/1.1' })
    try {
      const peer = startProcess(
        'openssl',
        ['s_client', '-connect', `127.0.0.1:${server.port}`, '-servername', 'localhost', '-CAfile', fixture('ca.pem'), '-alpn', 'http/1.1', '-ign_eof'],
        (out) => out.includes('echo-me'),
      )
      peer.child.stdin.write('echo-me\n')
      const out = await peer.started
      assert.match(out, /Verify return code: 0 \(ok\)/)
      assert.match(out, /ALPN protocol: http\/1.1/)
      peer.child.kill()
    } finally {
      server.stop(true)
    }
  })

  it('our client talks to openssl s_server', { skip: !opensslRuns && 'openssl is not installed' }, async () => {
    // A free port for s_server, which cannot report the one it picks.
    const probe = net.createServer()
    await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const port = probe.address().port
    await new Promise((resolve) => probe.close(resolve))
    const peer = startProcess(
      'openssl',
      ['s_server', '-accept', `127.0.0.1:${port}`, '-key', fixture('server.key'), '-cert', fixture('server.pem')],
      (out) => out.includes('ACCEPT'),
    )
    try {
      await peer.started
      const received = deferred('s_server to print our bytes')
      peer.child.stdout.on('data', () => {
        if (peer.output().includes('from bun-sockets')) received.resolve()
      })
      const client = await connect({
        hostname: '127.0.0.1',
        port,
        tls: { ca: pem('ca.pem'), serverName: 'localhost' },
        socket: { handshake: (s, ok) => ok && s.write('from bun-sockets\n'), data() {} },
      })
      await received.promise
      assert.equal(client.authorized, true)
      client.end()
    } finally {
      peer.child.kill()
    }
  })
})

describe('tls: trust store', () => {
  it('tls: true trusts NODE_EXTRA_CA_CERTS besides the Mozilla roots', async () => {
    const server = tlsServer(serverTls())
    try {
      const source = `
        const s = await Bun.connect({ hostname: 'localhost', port: ${server.port}, tls: true,
          socket: { handshake(s, ok, err) { console.log(ok, err && err.code); s.end() }, data() {} } })`
      const trusted = await runNode(source, { env: { NODE_EXTRA_CA_CERTS: fixture('ca.pem') } })
      assert.equal(trusted.stdout, 'true null\n', trusted.stderr)
      const untrusted = await runNode(source, { env: { NODE_EXTRA_CA_CERTS: '' } })
      assert.equal(untrusted.stdout, 'false UNABLE_TO_VERIFY_LEAF_SIGNATURE\n', untrusted.stderr)
    } finally {
      server.stop(true)
    }
  })
})

describe('tls: hostile and awkward peers', () => {
  it('bytes after the peer’s close_notify end the socket instead of spinning', async () => {
    const events = []
    const closed = deferred('server close')
    let serverSocket
    const server = tlsServer(serverTls(), [], {
      open(s) {
        serverSocket = s
      },
      data(s, d) {
        events.push(`data ${d.length}`)
        s.write(d)
      },
      end() {
        events.push('end')
      },
      close() {
        events.push('close')
        closed.resolve()
      },
    })
    try {
      // A node:tls client whose close_notify is followed, in the same
      // segment, by 40 KB that can never be TLS records.
      const raw = net.connect(server.port, '127.0.0.1')
      await new Promise((resolve) => raw.once('connect', resolve))
      let closing = false
      const wire = new Duplex({
        write(chunk, encoding, done) {
          raw.write(closing ? Buffer.concat([chunk, Buffer.alloc(40_000, 0x17)]) : chunk, done)
        },
        read() {},
      })
      raw.on('data', (d) => wire.push(d))
      raw.on('error', () => {})
      const client = nodeTls.connect({ socket: wire, servername: 'localhost', ca: pem('ca.pem') })
      client.on('error', () => {})
      await new Promise((resolve) => client.once('secureConnect', resolve))
      const echoed = new Promise((resolve) => client.once('data', resolve))
      client.write('hello')
      await echoed
      closing = true
      client.end()
      await closed.promise
      assert.deepEqual(events, ['data 5', 'end', 'close'])
      // The JS thread is not stuck behind a busy session lock.
      assert.equal(serverSocket.write('x'), -1)
      raw.destroy()
    } finally {
      server.stop(true)
    }
  })

  it('a fatal alert the kernel cannot take at once still reaches the peer', { timeout: 30_000 }, async () => {
    // The server fills the connection (the client reads nothing), then
    // the client sends a record that cannot decrypt: the server's
    // bad_record_mac alert queues behind the data. Once the client reads
    // again it must get the data and then the alert, not a bare FIN.
    const full = deferred('server write came up short')
    const serverClosed = deferred('server close')
    const serverEvents = []
    const chunk = Buffer.alloc(1 << 20, 0x61)
    const server = tlsServer(serverTls(), [], {
      data(s) {
        for (let i = 0; i < 64; i++) {
          if (s.write(chunk) < chunk.length) return full.resolve()
        }
      },
      error(s, err) {
        serverEvents.push(['error', err.code])
      },
      close(s, err) {
        serverEvents.push(['close', err === undefined ? undefined : err.code])
        serverClosed.resolve()
      },
    })
    try {
      const raw = net.connect(server.port, '127.0.0.1')
      await new Promise((resolve) => raw.once('connect', resolve))
      const wire = new Duplex({
        write(data, encoding, done) {
          raw.write(data, done)
        },
        read() {},
      })
      raw.on('data', (d) => wire.push(d))
      raw.on('end', () => wire.push(null))
      raw.on('error', () => {})
      const client = nodeTls.connect({ socket: wire, servername: 'localhost', ca: pem('ca.pem') })
      // Resolves with the client's error, or null if its input ended
      // without one.
      const clientError = new Promise((resolve) => {
        client.on('error', resolve)
        client.on('end', () => resolve(null))
        client.on('close', () => resolve(null))
      })
      await new Promise((resolve) => client.once('secureConnect', resolve))
      let received = 0
      client.on('data', (d) => {
        received += d.length
      })
      raw.pause()
      client.write('go')
      await full.promise
      const forged = Buffer.concat([Buffer.from([0x17, 0x03, 0x03, 0x00, 0x20]), randomBytes(0x20)])
      raw.write(forged)
      await serverClosed.promise
      assert.equal(serverEvents.at(-1)[0], 'close')
      raw.resume()
      const err = await clientError
      assert.ok(err !== null, 'the client saw the connection end without an alert')
      assert.match(String(err.code), /BAD_RECORD_MAC/)
      assert.ok(received >= chunk.length, `data before the alert arrived (${received} bytes)`)
      raw.destroy()
    } finally {
      server.stop(true)
    }
  })

  it('end() on a half-open TLS socket closes it (the peer already ended)', async () => {
    const closed = deferred('server close')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      allowHalfOpen: true,
      tls: serverTls(),
      socket: {
        data() {},
        end(s) {
          // Answer after the client's FIN, then finish.
          assert.equal(s.end('bye'), 3)
        },
        close() {
          closed.resolve()
        },
      },
    })
    try {
      const got = deferred('answer')
      await connect({
        hostname: 'localhost',
        port: server.port,
        allowHalfOpen: true,
        tls: { ca: pem('ca.pem') },
        socket: {
          handshake: (s) => s.shutdown(),
          data: (s, d) => got.resolve(String(d)),
          end() {},
        },
      })
      assert.equal(await got.promise, 'bye')
      await closed.promise
    } finally {
      server.stop(true)
    }
  })

  it('a session resumes only for the server it was made for', async () => {
    // One certificate for "localhost" only; a session made with it must
    // not let a connection to 127.0.0.1 skip the host name check.
    const server = tlsServer({
      key: pem('wrong-host.key'),
      cert: pem('wrong-host.pem'),
    })
    const serverB = tlsServer(serverTls())
    try {
      let session
      const first = deferred('first session')
      await connect({
        hostname: 'localhost',
        port: serverB.port,
        tls: { ca: pem('ca.pem') },
        socket: {
          handshake: (s) => s.write('x'),
          session(s, value) {
            session = value
            first.resolve()
            s.end()
          },
          data() {},
        },
      })
      await first.promise
      const outcome = deferred('second handshake')
      await connect({
        hostname: '127.0.0.1',
        port: server.port,
        tls: { ca: pem('ca.pem'), serverName: 'example.invalid' },
        socket: {
          open: (s) => s.setSession(session),
          handshake: (s, ok) => outcome.resolve([ok, s.isSessionReused()]),
          data() {},
        },
      })
      // A fresh, full handshake with the right server: not the session.
      assert.deepEqual(await outcome.promise, [true, false])
    } finally {
      server.stop(true)
      serverB.stop(true)
    }
  })

  it('a resumed session reports the same verification result as the first', async () => {
    const server = tlsServer(serverTls('self-signed'))
    try {
      const seen = []
      let session
      for (let i = 0; i < 2; i++) {
        const done = deferred(`connection ${i}`)
        await connect({
          hostname: 'localhost',
          port: server.port,
          tls: { rejectUnauthorized: false, maxVersion: 0x0303 },
          socket: {
            open(s) {
              if (session !== undefined) s.setSession(session)
            },
            handshake(s, ok, err) {
              seen.push([s.isSessionReused(), s.authorized, err && err.code])
              session = s.getSession()
              s.end()
            },
            data() {},
            close: () => done.resolve(),
          },
        })
        await done.promise
      }
      assert.deepEqual(seen, [
        [false, false, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
        [true, false, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
      ])
    } finally {
      server.stop(true)
    }
  })
})
