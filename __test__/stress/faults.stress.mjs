// Faults and hostile peers: resets in the middle of a transfer (TCP, TLS,
// Unix), a half-open exchange, handlers that throw, worker threads
// terminated mid-transfer, TLS downgrades, truncated and garbage
// handshakes, refused certificates, and malformed or oversized UDP sends.
// Every expected order, code and return value was taken from Bun 1.4.4
// running the same scenario (node_modules/.bin/bun). Where this package
// differs from Bun, the test is marked `todo` with the difference, so it
// is reported without counting as a pass, and a test next to it asserts
// the safe part (one close, no crash, no data).
//
//   node --test __test__/stress/faults.stress.mjs

import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import dgram from 'node:dgram'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { Duplex } from 'node:stream'
import nodeTls from 'node:tls'
import { describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { connect, listen, udpSocket } from 'bun-sockets'
import { deferred, root, runNode, uniqueUnixPath } from '../helpers.mjs'

const fixtureDir = path.join(root, '__test__', 'fixtures', 'tls')
const fixture = (name) => path.join(fixtureDir, name)
const pem = (name) => fs.readFileSync(fixture(name), 'utf8')
const serverTls = (name = 'server') => ({ key: pem(`${name}.key`), cert: pem(`${name}.pem`) })
const childScript = path.join(root, '__test__', 'stress', 'faults-child.mjs')
const opensslRuns = spawnSync('openssl', ['version']).status === 0
const MiB = 1 << 20
const ERRNO = { ECONNRESET: -104, EPIPE: -32 }

/** A node:net server calling `onSocket(raw)` per connection; resolves once listening. */
async function netServer(onSocket) {
  const server = net.createServer((raw) => {
    raw.on('error', () => {})
    onSocket(raw)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

/** Runs the event loop twice: a `close` (or anything) already queued for JS gets its turn. */
async function settle() {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** A reset the peer raises is an Error with Bun's fields: ECONNRESET (or EPIPE), labelled `read`. */
function assertResetError(err, label) {
  assert.ok(err instanceof Error, `${label}: close without an error`)
  assert.ok(err.code in ERRNO, `${label}: close with ${err.code}`)
  assert.equal(err.errno, ERRNO[err.code], label)
  assert.equal(err.syscall, 'read', label)
}

/** A ClientHello as node:tls sends it, captured without any network. */
function clientHello() {
  return new Promise((resolve) => {
    const wire = new Duplex({
      write(chunk, encoding, done) {
        resolve(Buffer.from(chunk))
        done()
      },
      read() {},
    })
    nodeTls.connect({ socket: wire, servername: 'localhost' }).on('error', () => {})
  })
}

// ---- 1. resets in the middle of a transfer ---------------------------------

/**
 * One transfer cut by a reset (RST). `ours` is the end this package plays
 * ('client' or 'server'), `writer` the end that streams ('us' with write()
 * and drain, or 'peer'), `tls` whether it is TLS. The peer is node:net
 * (node:tls over it when `tls`) and resets the TCP connection under it
 * once 1 MiB has crossed, while the stream is still running. Resolves
 * with what our socket saw.
 */
async function resetMidTransfer({ ours, writer, tls }) {
  const seen = { events: [], closes: 0, closeError: 'not closed', received: 0, written: 0, socket: undefined }
  const closed = deferred(`our ${ours} to close after the reset`, 10_000)
  let peerRaw
  const chunk = Buffer.alloc(MiB, 0x5a)

  // The peer: reads (and resets after 1 MiB) or floods (and is reset by
  // our `data` handler once 1 MiB arrived).
  const peerSide = (stream, raw) => {
    peerRaw = raw
    if (writer === 'us') {
      let got = 0
      stream.on('data', (d) => {
        got += d.length
        if (got >= MiB && !raw.destroyed) raw.resetAndDestroy()
      })
    } else {
      const flood = () => {
        while (!raw.destroyed && stream.write(chunk));
      }
      stream.on('drain', flood)
      flood()
    }
  }
  const pump = (s) => {
    // Bounded: at most 64 MiB per call and 512 MiB in all; stops at a short write.
    for (let i = 0; i < 64 && seen.written < 512 * MiB; i++) {
      const n = s.write(chunk)
      if (n > 0) seen.written += n
      if (n < chunk.length) return
    }
  }
  const handlers = {
    [tls ? 'handshake' : 'open'](s) {
      seen.socket = s
      if (writer === 'us') pump(s)
    },
    drain(s) {
      if (seen.closes > 0) seen.events.push('drain after close')
      if (writer === 'us') pump(s)
    },
    data(s, d) {
      if (seen.closes > 0) seen.events.push('data after close')
      seen.received += d.length
      if (writer === 'peer' && seen.received >= MiB && !peerRaw.destroyed) peerRaw.resetAndDestroy()
    },
    end: () => seen.events.push('end'),
    error: (s, err) => seen.events.push(`error ${err.code}`),
    close(s, err) {
      seen.closes++
      seen.closeError = err
      seen.events.push('close')
      closed.resolve()
    },
  }

  let stopServer
  try {
    if (ours === 'client') {
      const server = await netServer((raw) => {
        if (!tls) return peerSide(raw, raw)
        const stream = new nodeTls.TLSSocket(raw, { isServer: true, ...serverTls() })
        stream.on('error', () => {})
        stream.once('secure', () => peerSide(stream, raw))
      })
      stopServer = () => server.close()
      await connect({
        hostname: tls ? 'localhost' : '127.0.0.1',
        port: server.address().port,
        tls: tls ? { ca: pem('ca.pem') } : undefined,
        socket: handlers,
      })
    } else {
      const server = listen({ hostname: '127.0.0.1', port: 0, tls: tls ? serverTls() : undefined, socket: handlers })
      stopServer = () => server.stop(true)
      const raw = net.connect(server.port, '127.0.0.1')
      raw.on('error', () => {})
      if (tls) {
        const stream = nodeTls.connect({ socket: raw, servername: 'localhost', ca: pem('ca.pem') })
        stream.on('error', () => {})
        stream.once('secureConnect', () => peerSide(stream, raw))
      } else {
        raw.once('connect', () => peerSide(raw, raw))
      }
    }
    await closed.promise
    await settle()
    seen.writeAfterClose = seen.socket.write('x')
    return seen
  } finally {
    peerRaw?.destroy()
    stopServer?.()
  }
}

describe('faults: a peer resets in the middle of a transfer', () => {
  for (const tls of [false, true]) {
    for (const ours of ['client', 'server']) {
      const kind = tls ? 'TLS' : 'TCP'
      it(`${kind} ${ours}, the peer resets while sending to us: one close(ECONNRESET), nothing else`, async () => {
        const seen = await resetMidTransfer({ ours, writer: 'peer', tls })
        assert.deepEqual(seen.events, ['close'])
        assert.equal(seen.closes, 1)
        assertResetError(seen.closeError, `${kind} ${ours}`)
        assert.ok(seen.received >= MiB, 'the reset came in the middle of the stream')
        assert.equal(seen.writeAfterClose, -1)
      })
    }
  }

  /**
   * A reset met while writing has two outcomes in Bun 1.4.4, depending on
   * which notices it first: the read (close(ECONNRESET), nearly always) or
   * the next write (write() returns -1, then end and close() without an
   * error; about 1 run in 30 for a TCP server). Either way: one close,
   * nothing after it, no error handler.
   */
  function assertOneCloseAfterReset(seen, label) {
    assert.equal(seen.closes, 1, label)
    if (seen.closeError === undefined) {
      assert.deepEqual(seen.events, ['end', 'close'], label)
    } else {
      assert.deepEqual(seen.events, ['close'], label)
      assertResetError(seen.closeError, label)
    }
    assert.equal(seen.writeAfterClose, -1, label)
  }

  for (const tls of [false, true]) {
    for (const ours of ['client', 'server']) {
      const kind = tls ? 'TLS' : 'TCP'
      it(`${kind} ${ours}, the peer resets while we write with write/drain: one close, nothing after it`, async () => {
        const seen = await resetMidTransfer({ ours, writer: 'us', tls })
        assertOneCloseAfterReset(seen, `${kind} ${ours}`)
        assert.ok(seen.written > MiB)
      })
    }
  }

  it(
    'TLS, the peer resets while we write: close(ECONNRESET) without end, as in Bun',
    {},
    async () => {
      // Bun 1.4.4 gives close(ECONNRESET) every time (60 runs of 60);
      // here both sides end quietly nearly every time (a `drain` comes
      // after the reset, its write returns -1).
      for (const ours of ['server', 'client', 'server', 'client', 'server', 'client']) {
        const seen = await resetMidTransfer({ ours, writer: 'us', tls: true })
        assert.deepEqual(seen.events, ['close'], `TLS ${ours}`)
        assertResetError(seen.closeError, `TLS ${ours}`)
      }
    },
  )

  it('a reset that write() discovers first ends the socket quietly, as in Bun: -1, end, close()', async () => {
    // The peer runs in a worker thread, so it resets while this thread is
    // busy writing and no event can reach JS: the reset is seen by send(2)
    // first. Bun then ends the socket (end, close without an error).
    const peer = new Worker(
      `const net = require('node:net')
      const { parentPort } = require('node:worker_threads')
      const server = net.createServer((s) => {
        s.on('error', () => {})
        s.once('data', () => { s.resetAndDestroy(); server.close() })
      })
      server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))`,
      { eval: true },
    )
    try {
      const port = await new Promise((resolve, reject) => {
        peer.once('message', resolve)
        peer.once('error', reject)
      })
      const events = []
      const closed = deferred('close')
      const socket = await connect({
        hostname: '127.0.0.1',
        port,
        socket: {
          data() {},
          drain: () => events.push('drain'),
          end: (s) => events.push(`end ${s.readyState}`),
          error: (s, err) => events.push(`error ${err.code}`),
          close(s, err) {
            events.push(`close ${err} ${s.readyState}`)
            closed.resolve()
          },
        },
      })
      // One byte at a time until send(2) fails; bounded by a deadline.
      const deadline = Date.now() + 5000
      let n
      let writes = 0
      do {
        n = socket.write('y')
        writes++
      } while (n > 0 && Date.now() < deadline)
      assert.equal(n, -1, 'a write to a reset connection must fail')
      assert.ok(writes > 1)
      assert.equal(socket.readyState, 1, 'the socket closes on the next turn, not inside write()')
      await closed.promise
      await settle()
      assert.deepEqual(events, ['end 1', 'close undefined -1'])
    } finally {
      await peer.terminate()
    }
  })

  it('Unix: the peer closes with our data unread while we write: one close, no crash', async () => {
    const unix = uniqueUnixPath('faults-unix')
    let got = 0
    const peer = net.createServer((s) => {
      s.on('error', () => {})
      s.on('data', (d) => {
        got += d.length
        // Close with bytes still unread: Unix sockets have no RST, but
        // Linux then fails our next write (EPIPE) and our next read
        // (ECONNRESET).
        if (got >= MiB && !s.destroyed) s.destroy()
      })
    })
    await new Promise((resolve) => peer.listen(unix, resolve))
    try {
      const events = []
      const closed = deferred('close')
      const chunk = Buffer.alloc(MiB, 1)
      let written = 0
      const pump = (s) => {
        for (let i = 0; i < 64 && written < 512 * MiB; i++) {
          const n = s.write(chunk)
          if (n > 0) written += n
          if (n < chunk.length) return
        }
      }
      const socket = await connect({
        unix,
        socket: {
          open: pump,
          drain: pump,
          data() {},
          end: () => events.push('end'),
          error: (s, err) => events.push(`error ${err.code}`),
          close(s, err) {
            events.push(`close ${err?.code}`)
            closed.resolve()
          },
        },
      })
      await closed.promise
      await settle()
      // Bun 1.4.4 meets it with its next write every time (20 runs of 20):
      // end, then close without an error. Here the I/O thread may read the
      // ECONNRESET before a write meets it (about 1 run in 4 under the test
      // runner): then close(ECONNRESET), as for a TCP reset. Either way,
      // exactly one close.
      const quiet = ['end', 'close undefined']
      const reset = ['close ECONNRESET']
      assert.ok([quiet, reset].some((expected) => JSON.stringify(expected) === JSON.stringify(events)), events.join(', '))
      assert.equal(socket.write('x'), -1)
      assert.ok(written > MiB)
    } finally {
      peer.close()
    }
  })
})

// ---- 2. half-open ------------------------------------------------------------

describe('faults: half-open connections', () => {
  // One scenario, run under Bun 1.4.4 for the expected orders: the client
  // writes "hello" and shutdown()s; the allowHalfOpen server sees end,
  // answers "first", then (on the drain Bun gives a half-open socket)
  // streams 4 MiB with write/drain and end()s. The client reads all of it
  // after its own FIN, and sees no `end` of its own: close comes directly.
  for (const transport of ['tcp', 'unix']) {
    for (const clientHalfOpen of [false, true]) {
      it(`${transport}: client shutdown(), server keeps writing 4 MiB, then end() (client allowHalfOpen: ${clientHalfOpen})`, async () => {
        const TOTAL = 4 * MiB
        const big = Buffer.alloc(TOTAL, 9)
        const serverEvents = []
        const clientEvents = []
        const serverClosed = deferred('server close', 15_000)
        const clientClosed = deferred('client close', 15_000)
        let offset = -1
        const pump = (s) => {
          while (offset < TOTAL) {
            const n = s.write(big, offset, Math.min(TOTAL - offset, 256 << 10))
            if (n < 0) {
              serverEvents.push(`write ${n}`)
              return
            }
            offset += n
            if (n < 256 << 10 && offset < TOTAL) return
          }
          serverEvents.push(`end() ${s.end()} ${s.readyState}`)
        }
        const unix = transport === 'unix' ? uniqueUnixPath('faults-halfopen') : undefined
        const where = unix ? { unix } : { hostname: '127.0.0.1', port: 0 }
        const server = listen({
          ...where,
          allowHalfOpen: true,
          socket: {
            open: () => serverEvents.push('open'),
            data: (s, d) => serverEvents.push(`data ${d}`),
            end: (s) => serverEvents.push(`end ${s.readyState} ${s.write('first')}`),
            drain(s) {
              if (serverEvents.at(-1) !== 'drain') serverEvents.push('drain')
              if (offset < 0) offset = 0
              pump(s)
            },
            error: (s, err) => serverEvents.push(`error ${err.code}`),
            close(s, err) {
              serverEvents.push(`close ${err}`)
              serverClosed.resolve()
            },
          },
        })
        try {
          let got = 0
          await connect({
            ...(unix ? { unix } : { hostname: '127.0.0.1', port: server.port }),
            allowHalfOpen: clientHalfOpen,
            socket: {
              open(s) {
                clientEvents.push('open', `write ${s.write('hello')}`)
                s.shutdown()
                clientEvents.push(`shutdown ${s.readyState} ${s.write('x')}`)
              },
              data(s, d) {
                if (got === 0) clientEvents.push(`data ${d.subarray(0, 5)}`)
                got += d.length
              },
              end: (s) => clientEvents.push(`end ${got}`),
              drain: () => clientEvents.push('drain'),
              error: (s, err) => clientEvents.push(`error ${err.code}`),
              close(s, err) {
                clientEvents.push(`close ${err} ${got}`)
                clientClosed.resolve()
              },
            },
          })
          await Promise.all([serverClosed.promise, clientClosed.promise])
          await settle()
          assert.deepEqual(serverEvents, ['open', 'data hello', 'end 1 5', 'drain', 'close undefined', 'end() 0 -1'])
          assert.deepEqual(clientEvents, ['open', 'write 5', 'shutdown 1 -1', 'data first', `close undefined ${TOTAL + 5}`])
        } finally {
          server.stop(true)
        }
      })
    }
  }
})

// ---- 3. handlers that throw ----------------------------------------------------

describe('faults: handlers that throw, with an error handler', () => {
  /** Handlers recording `error` calls as [message is the thrown one, this === socket, readyState]. */
  const recordErrors = (events, thrown) => ({
    error(s, err) {
      events.push(['error', err === thrown, this === s, s.readyState])
    },
  })

  it('open: error gets it, the socket closes, and the connect still resolves', async () => {
    const serverEvents = []
    const serverClosed = deferred('server close')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data() {},
        end: () => serverEvents.push('end'),
        close() {
          serverEvents.push('close')
          serverClosed.resolve()
        },
      },
    })
    try {
      const events = []
      const thrown = new Error('boom in open')
      const socket = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          open() {
            events.push('open')
            throw thrown
          },
          data() {},
          ...recordErrors(events, thrown),
          close: (s, err) => events.push(`close ${err}`),
        },
      })
      events.push(`resolved ${socket.readyState}`)
      await serverClosed.promise
      assert.deepEqual(events, ['open', ['error', true, true, 1], 'close undefined', 'resolved -1'])
      assert.deepEqual(serverEvents, ['end', 'close'])
    } finally {
      server.stop(true)
    }
  })

  it('drain: error gets it and the socket stays open', async () => {
    // The server's `open` comes from the I/O thread and may run after the
    // client's connect resolves: wait for it rather than assume the order.
    const serverOpened = deferred('server open')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        open(s) {
          // Not reading: the client's writes back up.
          s.pause()
          serverOpened.resolve(s)
        },
        data() {},
      },
    })
    try {
      const events = []
      const thrown = new Error('boom in drain')
      const threw = deferred('drain to throw')
      const socket = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          data() {},
          drain() {
            events.push('drain')
            threw.resolve()
            throw thrown
          },
          ...recordErrors(events, thrown),
          close: () => events.push('close'),
        },
      })
      const chunk = Buffer.alloc(MiB)
      let short = false
      for (let i = 0; i < 256 && !short; i++) short = socket.write(chunk) < chunk.length
      assert.ok(short, 'writes must back up against a paused reader')
      const serverSocket = await serverOpened.promise
      serverSocket.resume()
      await threw.promise
      await settle()
      assert.deepEqual(events, ['drain', ['error', true, true, 1]])
      assert.equal(socket.readyState, 1)
      socket.end()
    } finally {
      server.stop(true)
    }
  })

  it('end: error gets it, then the socket closes (no allowHalfOpen)', async () => {
    const events = []
    const thrown = new Error('boom in end')
    const closed = deferred('server close')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data() {},
        end() {
          events.push('end')
          throw thrown
        },
        ...recordErrors(events, thrown),
        close(s, err) {
          events.push(`close ${err}`)
          closed.resolve()
        },
      },
    })
    try {
      const client = await connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
      client.end()
      await closed.promise
      assert.deepEqual(events, ['end', ['error', true, true, 1], 'close undefined'])
    } finally {
      server.stop(true)
    }
  })

  it('close: error gets it (readyState -1) before end() returns', async () => {
    const server = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
    try {
      const events = []
      const thrown = new Error('boom in close')
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          data() {},
          close() {
            events.push('close')
            throw thrown
          },
          ...recordErrors(events, thrown),
        },
      })
      events.push(`end() ${client.end()}`)
      await settle()
      assert.deepEqual(events, ['close', ['error', true, true, -1], 'end() 0'])
    } finally {
      server.stop(true)
    }
  })

  it('timeout: error gets it and the socket stays open', async () => {
    const server = listen({ hostname: '127.0.0.1', port: 0, socket: { data: (s, d) => s.write(d) } })
    try {
      const events = []
      const thrown = new Error('boom in timeout')
      const reported = deferred('error after timeout')
      const echoed = deferred('echo after the throw')
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          data: (s, d) => echoed.resolve(String(d)),
          timeout() {
            events.push('timeout')
            throw thrown
          },
          error(s, err) {
            events.push(['error', err === thrown, this === s, s.readyState])
            reported.resolve()
          },
        },
      })
      client.timeout(1)
      await reported.promise
      assert.deepEqual(events, ['timeout', ['error', true, true, 1]])
      client.write('still usable')
      assert.equal(await echoed.promise, 'still usable')
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('handshake: error gets it and the TLS session stays usable', async () => {
    const server = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: { data: (s, d) => s.write(d) } })
    try {
      const events = []
      const thrown = new Error('boom in handshake')
      const reported = deferred('error after handshake')
      const echoed = deferred('echo after the throw')
      const client = await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { ca: pem('ca.pem') },
        socket: {
          handshake(s, ok) {
            events.push(`handshake ${ok}`)
            throw thrown
          },
          data: (s, d) => echoed.resolve(String(d)),
          error(s, err) {
            events.push(['error', err === thrown, this === s, s.readyState])
            reported.resolve()
          },
        },
      })
      await reported.promise
      assert.deepEqual(events, ['handshake true', ['error', true, true, 1]])
      assert.equal(client.write('after'), 5)
      assert.equal(await echoed.promise, 'after')
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('connectError: the promise rejects with what it threw; error and close are not called', async () => {
    const probe = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
    const port = probe.port
    probe.stop()
    const events = []
    const thrown = new Error('boom in connectError')
    const outcome = await connect({
      hostname: '127.0.0.1',
      port,
      socket: {
        data() {},
        connectError(s, err) {
          events.push(`connectError ${err.code} ${s.readyState}`)
          throw thrown
        },
        error: () => events.push('error'),
        close: () => events.push('close'),
      },
    }).then(
      () => 'resolved',
      (err) => err,
    )
    await settle()
    assert.equal(outcome, thrown)
    assert.deepEqual(events, ['connectError ECONNREFUSED -1'])
  })
})

// Without an error handler a throw is an uncaught exception: each case runs
// in a child, which must print the handler's message and exit with code 1
// (as Bun does), not crash or hang. Sources use the polyfill's `Bun`.
const THROWING = `
  import fs from 'node:fs'
  const fail = (name) => function () { console.log('called ' + name); throw new Error('boom in ' + name) }
  const pem = (name) => fs.readFileSync(${JSON.stringify(fixtureDir + path.sep)} + name, 'utf8')
`
const uncaughtCases = {
  open: `
    const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
    await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { open: fail('open'), data() {} } })`,
  drain: `
    let opened
    const peer = new Promise((resolve) => (opened = resolve))
    const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { s.pause(); opened(s) }, data() {} } })
    const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { drain: fail('drain'), data() {} } })
    for (let i = 0; i < 256 && c.write(Buffer.alloc(1 << 20)) === 1 << 20; i++);
    ;(await peer).resume()`,
  end: `
    const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { end: fail('end'), data() {} } })
    const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } })
    c.end()`,
  close: `
    const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
    const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { close: fail('close'), data() {} } })
    c.end()`,
  timeout: `
    const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
    const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { timeout: fail('timeout'), data() {} } })
    c.timeout(1)`,
  handshake: `
    const l = Bun.listen({ hostname: '127.0.0.1', port: 0, tls: { key: pem('server.key'), cert: pem('server.pem') }, socket: { data() {} } })
    await Bun.connect({ hostname: 'localhost', port: l.port, tls: { ca: pem('ca.pem') }, socket: { handshake: fail('handshake'), data() {} } })`,
  // The error handler itself throws: its error is the uncaught one.
  error: `
    const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: {
      data() { throw new Error('boom in data') },
      error(s, err) { console.log('error got ' + err.message); fail('error')() },
    } })
    const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } })
    c.write('x')`,
}

describe('faults: handlers that throw, without an error handler (child processes)', { concurrency: true }, () => {
  for (const [name, body] of Object.entries(uncaughtCases)) {
    it(`${name}: an uncaught exception, exit code 1, no crash`, async () => {
      const result = await runNode(THROWING + body, { ms: 15_000 })
      assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`)
      assert.equal(result.code, 1, result.stderr)
      assert.match(result.stdout, new RegExp(`^called ${name}$`, 'm'))
      if (name === 'error') assert.match(result.stdout, /^error got boom in data$/m)
      assert.match(result.stderr, new RegExp(`Error: boom in ${name}`))
      assert.doesNotMatch(result.stderr, /panicked|Segmentation fault|Aborted|FATAL ERROR/)
    })
  }

  it(
    'connectError throwing with nobody awaiting the connect is an unhandled rejection, as in Bun',
    {},
    async () => {
      // Bun 1.4.4 prints "error: boom in connectError" and exits with 1.
      const result = await runNode(`${THROWING}
        const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
        const port = probe.port
        probe.stop()
        Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {}, connectError: fail('connectError') } })`)
      assert.equal(result.signal, null)
      assert.match(result.stdout, /^called connectError$/m)
      assert.equal(result.code, 1, 'exit code')
      assert.match(result.stderr, /boom in connectError/)
    },
  )
})

// ---- 4. worker threads terminated mid-transfer --------------------------------

/**
 * A child process whose main thread streams with a worker (faults-child.mjs)
 * and terminates it once a few MiB went through. `mode`: 'stream-to' (the
 * worker writes to a server of the main thread) or 'serve' (the main
 * thread's client writes to the worker's server, which writes back). The
 * child prints one JSON report on exit and must exit by itself.
 */
function workerScenario(mode, tls) {
  const serverTlsSource = tls ? `{ key: pem('server.key'), cert: pem('server.pem') }` : 'undefined'
  const clientTlsSource = tls ? `{ ca: pem('ca.pem') }` : 'undefined'
  return `
    import fs from 'node:fs'
    import { Worker } from 'node:worker_threads'
    const pem = (name) => fs.readFileSync(${JSON.stringify(fixtureDir + path.sep)} + name, 'utf8')
    const report = { closes: 0, received: 0, sent: 0 }
    process.on('exit', (code) => console.log(JSON.stringify({ ...report, code })))
    let terminating = false
    const terminateOn = (worker) => {
      worker.on('error', (e) => { report.workerError = e.message })
      // A worker that dies by itself would leave the main thread waiting.
      worker.on('exit', (code) => { if (!terminating) { report.workerExit = code; process.exit(3) } })
      worker.on('message', (m) => {
        if (m !== 'streaming') return
        terminating = true
        worker.terminate().then((code) => { report.terminated = code })
      })
    }
    const chunk = Buffer.alloc(256 << 10, 0x62)
    const pump = (s) => {
      for (let i = 0; i < 1024; i++) {
        const n = s.write(chunk)
        if (n > 0) report.sent += n
        if (n < chunk.length) return
      }
    }
    const onClose = (s, err) => {
      report.closes++
      report.closeError = err ? err.code : null
      report.writeAfterClose = s.write('x')
    }
    if (${JSON.stringify(mode)} === 'stream-to') {
      const server = Bun.listen({ hostname: '127.0.0.1', port: 0, tls: ${serverTlsSource}, socket: {
        data(s, d) { report.received += d.length },
        close(s, err) { onClose(s, err); server.stop() },
      } })
      terminateOn(new Worker(new URL(${JSON.stringify(pathToFileURL(childScript).href)}), { workerData: { mode: 'stream-to', port: server.port, tls: ${clientTlsSource} }, execArgv: [] }))
    } else {
      // (execArgv: [] drops the parent's --input-type, which a worker file rejects.)
      const worker = new Worker(new URL(${JSON.stringify(pathToFileURL(childScript).href)}), { workerData: { mode: 'serve', tls: ${serverTlsSource} }, execArgv: [] })
      terminateOn(worker)
      const port = await new Promise((resolve) => worker.once('message', resolve))
      await Bun.connect({ hostname: ${JSON.stringify(tls ? 'localhost' : '127.0.0.1')}, port, tls: ${clientTlsSource}, socket: {
        ${tls ? 'handshake' : 'open'}: pump,
        drain: pump,
        data(s, d) { report.received += d.length },
        close: onClose,
      } })
    }`
}

describe('faults: a worker terminated mid-transfer (child processes)', () => {
  for (const mode of ['stream-to', 'serve']) {
    for (const tls of [false, true]) {
      const label = mode === 'stream-to' ? 'the worker streams to a main-thread server' : 'the main thread streams to a worker’s server'
      it(`${tls ? 'TLS' : 'TCP'}: ${label}; main sees one close and the process exits 0 by itself`, async () => {
        const result = await runNode(workerScenario(mode, tls), { ms: 20_000 })
        assert.equal(result.signal, null, `killed by ${result.signal} (hang or crash): ${result.stderr}`)
        assert.equal(result.code, 0, result.stderr)
        const report = JSON.parse(result.stdout.trim().split('\n').at(-1))
        assert.equal(report.workerError, undefined)
        assert.equal(report.terminated, 1, 'terminate() resolves with exit code 1')
        assert.equal(report.closes, 1)
        // A worker's sockets close when it dies: FIN, or RST when bytes
        // were left unread.
        assert.ok([null, 'ECONNRESET', 'EPIPE'].includes(report.closeError), `close with ${report.closeError}`)
        assert.equal(report.writeAfterClose, -1)
        assert.ok(report.received > 0)
        if (mode === 'serve') assert.ok(report.sent > 0)
      })
    }
  }
})

// ---- 5. TLS: downgrades, broken handshakes, refused certificates ---------------

/**
 * Our TLS server recording its events (one connection); `closed` resolves
 * on close, `info.message` is the handshake error's message.
 */
function recordingTlsServer(tls = serverTls()) {
  const events = []
  const info = {}
  const closed = deferred('server close')
  const server = listen({
    hostname: '127.0.0.1',
    port: 0,
    tls,
    socket: {
      open: () => events.push('open'),
      handshake(s, ok, err) {
        events.push(`handshake ${ok} ${err?.code}`)
        if (err) info.message = err.message
      },
      data: (s, d) => events.push(`data ${d}`),
      error: (s, err) => events.push(`error ${err.code}`),
      end: () => events.push('end'),
      close(s, err) {
        events.push(`close ${err?.code}`)
        closed.resolve()
      },
    },
  })
  return { server, events, info, closed: closed.promise }
}

/** A node:tls client offering only TLS 1.0 up to `maxVersion`. */
function oldTlsClient(port, maxVersion) {
  // SECLEVEL=0 so OpenSSL 3 really offers the old versions.
  return nodeTls.connect({
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    ca: pem('ca.pem'),
    minVersion: 'TLSv1',
    maxVersion,
    ciphers: 'DEFAULT@SECLEVEL=0',
  })
}

describe('faults: TLS protocol versions', () => {
  it('our server refuses a node:tls client that offers only TLS 1.0/1.1', async () => {
    for (const maxVersion of ['TLSv1.1', 'TLSv1']) {
      const { server, events, closed } = recordingTlsServer()
      try {
        const client = oldTlsClient(server.port, maxVersion)
        let secure = false
        client.on('secureConnect', () => {
          secure = true
          client.write('plaintext?')
        })
        const refused = new Promise((resolve) => client.on('error', resolve))
        await closed
        const err = await refused
        assert.equal(secure, false)
        // EPROTO: the server read a ClientHello and refused it (a client
        // that sent nothing would end the handshake with ECONNRESET).
        assert.deepEqual(events, ['open', 'handshake false EPROTO', 'close undefined'], maxVersion)
        assert.match(err.code, /^ERR_SSL_.*ALERT/, `${maxVersion}: the client is told by an alert, got ${err.code}`)
      } finally {
        server.stop(true)
      }
    }
  })

  /** Our server's handshake error and the node:tls 1.1-only client's, for one attempt. */
  async function oldClientRefused() {
    const { server, info, closed } = recordingTlsServer()
    try {
      const client = oldTlsClient(server.port, 'TLSv1.1')
      const refused = new Promise((resolve) => client.on('error', resolve))
      await closed
      return { message: info.message, clientCode: (await refused).code }
    } finally {
      server.stop(true)
    }
  }

  it('the refusal names UNSUPPORTED_PROTOCOL, as Bun does', async () => {
    const { message } = await oldClientRefused()
    assert.equal(message, 'error:100000f0:SSL routines:OPENSSL_internal:UNSUPPORTED_PROTOCOL')
  })

  // rustls stops at the missing signature_algorithms extension and queues
  // handshake_failure; src/tls/session.rs rewrites that one alert.
  it('the refused client is told with a protocol_version alert, as Bun does', async () => {
    const { clientCode } = await oldClientRefused()
    assert.equal(clientCode, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION')
  })

  it('our server refuses openssl s_client -tls1_1', { skip: !opensslRuns && 'openssl is not installed' }, async () => {
    const { server, events, closed } = recordingTlsServer()
    try {
      const child = spawn(
        'openssl',
        ['s_client', '-connect', `127.0.0.1:${server.port}`, '-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0', '-servername', 'localhost'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let output = ''
      child.stdout.on('data', (d) => (output += d))
      child.stderr.on('data', (d) => (output += d))
      const exited = deferred('s_client to exit', 10_000)
      child.on('close', (code) => exited.resolve(code))
      try {
        await closed
        const code = await exited.promise
        assert.notEqual(code, 0, output)
        assert.match(output, /alert/, output)
        assert.match(output, /Cipher is \(NONE\)/, output)
        assert.deepEqual(events, ['open', 'handshake false EPROTO', 'close undefined'])
      } finally {
        child.kill()
      }
    } finally {
      server.stop(true)
    }
  })

  it('our client refuses a node:tls server limited to TLS 1.1', async () => {
    const server = nodeTls.createServer({ ...serverTls(), minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }, (s) => {
      s.on('error', () => {})
      s.write('should never be read')
    })
    const serverSaw = new Promise((resolve) => server.on('tlsClientError', (err) => resolve(err.code)))
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const events = []
      const closed = deferred('client close')
      let message
      await connect({
        hostname: 'localhost',
        port: server.address().port,
        tls: { ca: pem('ca.pem') },
        socket: {
          handshake(s, ok, err) {
            events.push(`handshake ${ok} ${err?.code} ${s.write('secret')}`)
            message = err?.message
          },
          data: (s, d) => events.push(`data ${d}`),
          error: (s, err) => events.push(`error ${err.code}`),
          close(s, err) {
            events.push(`close ${err?.code}`)
            closed.resolve()
          },
        },
      })
      await closed.promise
      assert.deepEqual(events, ['handshake false EPROTO -1', 'close undefined'])
      assert.equal(message, 'error:1000042e:SSL routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION')
      assert.equal(await serverSaw, 'ERR_SSL_UNSUPPORTED_PROTOCOL')
    } finally {
      server.close()
    }
  })
})

describe('faults: broken handshakes never reach `data`', () => {
  const cases = [
    // [label, what the raw peer does, the handshake code Bun 1.4.4 reports]
    ['the first 20 bytes of a ClientHello, then FIN', (raw, hello) => raw.end(hello.subarray(0, 20)), 'ECONNRESET'],
    ['a lone record header, then FIN', (raw, hello) => raw.end(hello.subarray(0, 5)), 'ECONNRESET'],
    ['a whole ClientHello, then FIN', (raw, hello) => raw.end(hello), 'ECONNRESET'],
    ['300 bytes of 0xff, then FIN', (raw) => raw.end(Buffer.alloc(300, 0xff)), 'EPROTO'],
    ['300 bytes of 0xff, left open', (raw) => raw.write(Buffer.alloc(300, 0xff)), 'EPROTO'],
    ['an application-data record before any handshake', (raw) => raw.write(Buffer.from('17030300050102030405', 'hex')), 'EPROTO'],
    ['a bogus handshake record, then plaintext', (raw) => raw.write(Buffer.concat([Buffer.from('1603010004deadbeef', 'hex'), Buffer.from('PLAINTEXT after garbage\n')])), 'EPROTO'],
    ['a ClientHello and plaintext in one segment', (raw, hello) => raw.write(Buffer.concat([hello, Buffer.from('GET /secret HTTP/1.1\r\n\r\n')])), 'EPROTO'],
  ]
  for (const [label, act, code] of cases) {
    it(`our server, peer sends ${label}: handshake(false, ${code}), close, no data`, async () => {
      const hello = await clientHello()
      const { server, events, closed } = recordingTlsServer()
      const raw = net.connect(server.port, '127.0.0.1', () => act(raw, hello))
      raw.on('error', () => {})
      try {
        await closed
        await settle()
        assert.deepEqual(events, ['open', `handshake false ${code}`, 'close undefined'])
      } finally {
        raw.destroy()
        server.stop(true)
      }
    })
  }

  it('our server, peer resets in the middle of the handshake: at most one handshake(false), one close, no data', async () => {
    for (const sendFirst of [false, true]) {
      const hello = await clientHello()
      const { server, events, closed } = recordingTlsServer()
      const raw = net.connect(server.port, '127.0.0.1')
      raw.on('error', () => {})
      try {
        await new Promise((resolve) => raw.once('connect', resolve))
        if (sendFirst) raw.write(hello.subarray(0, 20))
        raw.resetAndDestroy()
        await closed
        await settle()
        const rest = events.filter((e) => e !== 'open' && !e.startsWith('handshake false'))
        assert.equal(rest.length, 1, events.join(', '))
        assert.match(rest[0], /^close /)
        assert.ok(events.filter((e) => e.startsWith('handshake')).length <= 1)
      } finally {
        server.stop(true)
      }
    }
  })

  it(
    'a reset during the handshake is close(ECONNRESET) without handshake, as in Bun',
    {},
    async () => {
      const { server, events, closed } = recordingTlsServer()
      const raw = net.connect(server.port, '127.0.0.1')
      raw.on('error', () => {})
      try {
        await new Promise((resolve) => raw.once('connect', resolve))
        raw.resetAndDestroy()
        await closed
        assert.deepEqual(events, ['open', 'close ECONNRESET'])
      } finally {
        server.stop(true)
      }
    },
  )

  const hostileServers = [
    // [label, what the server answers to the ClientHello, Bun's handshake code]
    ['FIN', (s) => s.end(), 'ECONNRESET'],
    ['a truncated ServerHello, then FIN', (s) => s.end(Buffer.from('160303007a0200007603035f', 'hex')), 'ECONNRESET'],
    ['a plaintext HTTP response', (s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'), 'EPROTO'],
    ['a plaintext HTTP response, then FIN', (s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'), 'EPROTO'],
    ['a bogus handshake record, then plaintext', (s) => s.write(Buffer.concat([Buffer.from('1603030004deadbeef', 'hex'), Buffer.from('PLAINTEXT')])), 'EPROTO'],
  ]
  for (const [label, answer, code] of hostileServers) {
    it(`our client, server answers ${label}: handshake(false, ${code}), close, no data (and open then close without a handshake handler)`, async () => {
      const server = await netServer((s) => s.once('data', () => answer(s)))
      try {
        for (const withHandshake of [true, false]) {
          const events = []
          const closed = deferred('client close')
          const handlers = {
            open: () => events.push('open'),
            data: (s, d) => events.push(`data ${d}`),
            error: (s, err) => events.push(`error ${err.code}`),
            end: () => events.push('end'),
            close(s, err) {
              events.push(`close ${err?.code}`)
              closed.resolve()
            },
          }
          if (withHandshake) handlers.handshake = (s, ok, err) => events.push(`handshake ${ok} ${err?.code}`)
          await connect({ hostname: 'localhost', port: server.address().port, tls: { ca: pem('ca.pem') }, socket: handlers })
          await closed.promise
          await settle()
          // As Bun: without a handshake handler `open` still runs, then close.
          assert.deepEqual(events, withHandshake ? ['open', `handshake false ${code}`, 'close undefined'] : ['open', 'close undefined'])
        }
      } finally {
        server.close()
      }
    })
  }

  it('bytes injected under an established session are never data: error EPROTO, then close', async () => {
    // Plain text, then a forged application-data record: written straight
    // onto TCP past node:tls, so neither belongs to the session.
    for (const injected of [Buffer.from('INJECTED plaintext'), Buffer.concat([Buffer.from('1703030020', 'hex'), Buffer.alloc(32, 0x41)])]) {
      const events = []
      const legit = deferred('the legitimate data')
      const closed = deferred('server close')
      const server = listen({
        hostname: '127.0.0.1',
        port: 0,
        tls: serverTls(),
        socket: {
          handshake: (s, ok) => events.push(`handshake ${ok}`),
          data(s, d) {
            events.push(`data ${d}`)
            legit.resolve()
          },
          error: (s, err) => events.push(`error ${err.code}`),
          end: () => events.push('end'),
          close(s, err) {
            events.push(`close ${err?.code}`)
            closed.resolve()
          },
        },
      })
      const raw = net.connect(server.port, '127.0.0.1')
      raw.on('error', () => {})
      try {
        const client = nodeTls.connect({ socket: raw, servername: 'localhost', ca: pem('ca.pem') })
        client.on('error', () => {})
        await new Promise((resolve) => client.once('secureConnect', resolve))
        client.write('legit')
        await legit.promise
        raw.write(injected)
        await closed.promise
        await settle()
        assert.deepEqual(events, ['handshake true', 'data legit', 'error EPROTO', 'close undefined'])
      } finally {
        raw.destroy()
        server.stop(true)
      }
    }
  })
})

describe('faults: refused certificates', () => {
  for (const maxVersion of [undefined, 0x0303]) {
    const version = maxVersion ? 'TLS 1.2' : 'TLS 1.3'
    it(`${version}: requestCert + rejectUnauthorized refuses a self-signed client certificate; no data either way`, async () => {
      const serverEvents = []
      const serverClosed = deferred('server close')
      const server = listen({
        hostname: '127.0.0.1',
        port: 0,
        tls: { ...serverTls(), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true },
        socket: {
          open: () => serverEvents.push('open'),
          // As in Bun, success is true with the reason given, the socket is
          // not authorized, writes are refused and it closes.
          handshake: (s, ok, err) => serverEvents.push(`handshake ${ok} ${err?.code} ${s.authorized} ${s.write('server secret')}`),
          data: (s, d) => serverEvents.push(`data ${d}`),
          close(s, err) {
            serverEvents.push(`close ${err?.code}`)
            serverClosed.resolve()
          },
        },
      })
      try {
        const clientData = []
        const clientClosed = deferred('client close')
        await connect({
          hostname: 'localhost',
          port: server.port,
          tls: { ca: pem('ca.pem'), maxVersion, ...serverTls('self-signed') },
          socket: {
            // Under TLS 1.3 the client finishes first and writes at once.
            handshake: (s, ok) => ok && s.write('client secret'),
            data: (s, d) => clientData.push(String(d)),
            error() {},
            close: () => clientClosed.resolve(),
          },
        })
        await Promise.all([serverClosed.promise, clientClosed.promise])
        await settle()
        assert.deepEqual(serverEvents, ['open', 'handshake true DEPTH_ZERO_SELF_SIGNED_CERT false -1', 'close undefined'])
        // Only "nothing arrives" is asserted for the client: its view is
        // rustls' (handshake(false, ECONNRESET) under TLS 1.2, close
        // (ECONNRESET) under 1.3) where Bun's client sees handshake(true),
        // then end (README, Differences).
        assert.deepEqual(clientData, [])
      } finally {
        server.stop(true)
      }
    })
  }

  for (const tls of [true, { serverName: 'localhost' }]) {
    it(`verification is on by default (tls: ${JSON.stringify(tls)}): a self-signed server is refused`, async () => {
      for (const withHandshake of [true, false]) {
        const { server, events: serverEvents, closed: serverClosed } = recordingTlsServer(serverTls('self-signed'))
        try {
          const events = []
          const closed = deferred('client close')
          const handlers = {
            open: (s) => events.push(`open ${s.authorized}`),
            data: (s, d) => events.push(`data ${d}`),
            error: (s, err) => events.push(`error ${err.code}`),
            close(s, err) {
              events.push(`close ${err?.code}`)
              closed.resolve()
            },
          }
          if (withHandshake) handlers.handshake = (s, ok, err) => events.push(`handshake ${ok} ${err?.code} ${s.authorized} ${s.write('secret')}`)
          await connect({ hostname: 'localhost', port: server.port, tls, socket: handlers })
          await Promise.all([closed.promise, serverClosed])
          await settle()
          // As Bun: without a handshake handler `open` runs all the same
          // (unauthorized), then close; `data` never.
          assert.deepEqual(
            events,
            withHandshake ? ['open false', 'handshake false DEPTH_ZERO_SELF_SIGNED_CERT false -1', 'close undefined'] : ['open false', 'close undefined'],
          )
          assert.deepEqual(serverEvents, ['open', 'handshake false ECONNRESET', 'close undefined'])
        } finally {
          server.stop(true)
        }
      }
    })
  }

  it('an expired certificate from an untrusted issuer is refused for its issuer first, as in Bun', async () => {
    const { server } = recordingTlsServer(serverTls('expired'))
    try {
      const outcome = deferred('handshake')
      await connect({
        hostname: 'localhost',
        port: server.port,
        tls: { ca: pem('other-ca.pem') },
        socket: { handshake: (s, ok, err) => outcome.resolve(`${ok} ${err?.code}`), data() {} },
      })
      assert.equal(await outcome.promise, 'false UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    } finally {
      server.stop(true)
    }
  })
})

// ---- 6. UDP ----------------------------------------------------------------------

/** A port nobody listens on (a node:dgram socket held and released). */
async function deadUdpPort() {
  const probe = dgram.createSocket('udp4')
  await new Promise((resolve) => probe.bind(0, '127.0.0.1', resolve))
  const port = probe.address().port
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/** A socket that collects what it receives; `next()` resolves with the next datagram. */
async function udpReceiver(hostname = '127.0.0.1') {
  const got = []
  let waiting
  const socket = await udpSocket({
    hostname,
    socket: {
      data(s, d) {
        got.push(String(d))
        waiting?.resolve(String(d))
      },
    },
  })
  return {
    socket,
    got,
    next(label = 'datagram') {
      waiting = deferred(label)
      return waiting.promise
    },
  }
}

describe('faults: UDP', () => {
  it('oversized datagrams throw EMSGSIZE (connected, unconnected, IPv6), error hears it, the socket keeps working', async () => {
    const rx = await udpReceiver()
    const rx6 = await udpReceiver('::1')
    const errors = []
    let heard
    const onError = {
      error(err) {
        errors.push([err.code, err.syscall, this.port])
        heard?.resolve()
      },
    }
    const a = await udpSocket({ hostname: '127.0.0.1', socket: { data() {}, ...onError } })
    const c = await udpSocket({ connect: { hostname: '127.0.0.1', port: rx.socket.port }, socket: { data() {}, ...onError } })
    // (Its own handler: whether IPv6 queues the failure too is not asserted.)
    const v6 = await udpSocket({ hostname: '::1', socket: { data() {}, error() {} } })
    try {
      const emsgsize = { code: 'EMSGSIZE', errno: -90, syscall: 'send' }
      for (const [label, send] of [
        ['unconnected', () => a.send(Buffer.alloc(65_508), rx.socket.port, '127.0.0.1')],
        ['a string', () => a.send('x'.repeat(65_508), rx.socket.port, '127.0.0.1')],
        ['connected', () => c.send(Buffer.alloc(65_508))],
        ['IPv6 past 65,527 bytes', () => v6.send(Buffer.alloc(65_528), rx6.socket.port, '::1')],
      ]) {
        heard = label === 'IPv6 past 65,527 bytes' ? undefined : deferred(`${label}: error handler`)
        assert.throws(send, emsgsize, label)
        // Over IPv4 the kernel also queues the failure on the error queue,
        // which Bun reports to `error` (this = the socket) as a recv error.
        if (heard) await heard.promise
      }
      assert.deepEqual(errors, [
        ['EMSGSIZE', 'recv', a.port],
        ['EMSGSIZE', 'recv', a.port],
        ['EMSGSIZE', 'recv', c.port],
      ])
      // The largest datagrams that fit still go, and the sockets still work.
      let next = rx6.next()
      assert.equal(v6.send(Buffer.alloc(65_527, 0x36), rx6.socket.port, '::1'), true)
      assert.equal((await next).length, 65_527)
      next = rx.next()
      assert.equal(c.send('after'), true)
      assert.equal(await next, 'after')
      assert.equal(a.closed, false)
    } finally {
      for (const s of [a, c, v6, rx.socket, rx6.socket]) s.close()
    }
  })

  it('sendMany stops at a datagram the kernel refuses and returns how many went', async () => {
    const rx = await udpReceiver()
    const a = await udpSocket({ hostname: '127.0.0.1', socket: { data() {}, error() {} } })
    const c = await udpSocket({ connect: { hostname: '127.0.0.1', port: rx.socket.port }, socket: { data() {}, error() {} } })
    try {
      const port = rx.socket.port
      let next = rx.next()
      assert.equal(a.sendMany(['one', port, '127.0.0.1', Buffer.alloc(65_508), port, '127.0.0.1', 'dropped', port, '127.0.0.1']), 1)
      assert.equal(await next, 'one')
      next = rx.next()
      assert.equal(a.sendMany(['two', port, '127.0.0.1', 'x', port, '::1', 'dropped', port, '127.0.0.1']), 1)
      assert.equal(await next, 'two')
      next = rx.next()
      assert.equal(c.sendMany(['three', Buffer.alloc(65_508), 'dropped']), 1)
      assert.equal(await next, 'three')
      // A barrier: datagrams from one socket over loopback arrive in order,
      // so nothing after a refused one went out.
      next = rx.next()
      a.send('barrier', port, '127.0.0.1')
      assert.equal(await next, 'barrier')
      assert.deepEqual(rx.got, ['one', 'two', 'three', 'barrier'])
    } finally {
      for (const s of [a, c, rx.socket]) s.close()
    }
  })

  it(
    'sendMany whose first datagram is refused throws the send error, as in Bun',
    {},
    async () => {
      const a = await udpSocket({ hostname: '127.0.0.1', socket: { data() {}, error() {} } })
      try {
        assert.throws(() => a.sendMany([Buffer.alloc(65_508), 9, '127.0.0.1', 'after', 9, '127.0.0.1']), { code: 'EMSGSIZE', syscall: 'send' })
        assert.throws(() => a.sendMany(['x', 9, '::1']), { code: 'EAFNOSUPPORT', syscall: 'send' })
      } finally {
        a.close()
      }
    },
  )

  it(
    'a sendMany cut short by EMSGSIZE reports it to error once, as in Bun',
    {},
    async () => {
      const rx = await udpReceiver()
      const errors = []
      const first = deferred('error')
      let barrier
      const a = await udpSocket({
        hostname: '127.0.0.1',
        socket: {
          data: (s, d) => barrier?.resolve(String(d)),
          error(err) {
            errors.push(err.code)
            first.resolve()
          },
        },
      })
      try {
        const port = rx.socket.port
        assert.equal(a.sendMany(['one', port, '127.0.0.1', Buffer.alloc(65_508), port, '127.0.0.1']), 1)
        await first.promise
        // The error queue is read before later datagrams to this socket.
        barrier = deferred('barrier')
        a.send('barrier', a.port, '127.0.0.1')
        await barrier.promise
        assert.deepEqual(errors, ['EMSGSIZE'])
      } finally {
        a.close()
        rx.socket.close()
      }
    },
  )

  it('sendMany checks every packet before sending any, with Bun’s errors', async () => {
    const rx = await udpReceiver()
    const a = await udpSocket({ hostname: '127.0.0.1' })
    const c = await udpSocket({ connect: { hostname: '127.0.0.1', port: rx.socket.port } })
    try {
      const port = rx.socket.port
      const payload = { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: 'Expected ArrayBufferView or string as payload' }
      const badPort = { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: 'Expected "port" to be an integer between 1 and 65535' }
      const stride = { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: 'Expected 3 arguments for each packet' }
      const address = { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: 'Invalid address' }
      // Each list starts with a good packet, which must not go out either.
      for (const [bad, expected] of [
        [[5, port, '127.0.0.1'], payload],
        [[{}, port, '127.0.0.1'], payload],
        [[null, port, '127.0.0.1'], payload],
        [[undefined, port, '127.0.0.1'], payload],
        [['x', -1, '127.0.0.1'], badPort],
        [['x', 0, '127.0.0.1'], badPort],
        [['x', 70_000, '127.0.0.1'], badPort],
        [['x', 1.5, '127.0.0.1'], badPort],
        [['x', Number.NaN, '127.0.0.1'], badPort],
        [['x', 'abc', '127.0.0.1'], badPort],
        [['x', port, 'localhost'], address],
        [['x', port, ''], address],
        [['x', port], stride],
        [['x', port, '127.0.0.1', 'y'], stride],
      ]) {
        assert.throws(() => a.sendMany(['good', port, '127.0.0.1', ...bad]), expected, JSON.stringify(bad))
      }
      assert.throws(() => a.sendMany(new Array(3)), payload)
      assert.throws(() => a.sendMany(new Uint8Array(3)), { code: 'ERR_INVALID_ARG_TYPE', message: "Expected first argument to be a array for 'sendMany'." })
      // Connected: one payload per entry, so a number (a port) is a bad payload.
      assert.throws(() => c.sendMany(['good', port, '127.0.0.1']), payload)
      // A numeric string is a port, as in Bun.
      const next = rx.next()
      assert.equal(a.sendMany(['only this', String(port), '127.0.0.1']), 1)
      assert.equal(await next, 'only this')
      assert.deepEqual(rx.got, ['only this'])
    } finally {
      for (const s of [a, c, rx.socket]) s.close()
    }
  })

  it('unconnected sends to a closed port: ECONNREFUSED reaches error, the socket keeps working', async () => {
    const dead = await deadUdpPort()
    const rx = await udpReceiver()
    const refused = deferred('ECONNREFUSED')
    const errors = []
    const a = await udpSocket({
      hostname: '127.0.0.1',
      socket: {
        data() {},
        error(...args) {
          errors.push([args.length, this === a, args[0].code, args[0].syscall, args[0].errqueue])
          refused.resolve()
        },
      },
    })
    try {
      assert.equal(a.send('anyone?', dead, '127.0.0.1'), true)
      await refused.promise
      assert.deepEqual(errors[0], [1, true, 'ECONNREFUSED', 'recv', true])
      // (Right after the ICMP, Bun's next send can also throw ECONNREFUSED
      // from send; here an I/O thread may read the error first, so that is
      // not asserted.) The socket is not closed by the refusal.
      assert.equal(a.closed, false)
      const next = rx.next()
      let sent
      for (let i = 0; i < 3 && sent !== true; i++) {
        try {
          sent = a.send('still here', rx.socket.port, '127.0.0.1')
        } catch (err) {
          assert.equal(err.code, 'ECONNREFUSED')
        }
      }
      assert.equal(sent, true)
      assert.equal(await next, 'still here')
    } finally {
      a.close()
      rx.socket.close()
    }
  })
})
