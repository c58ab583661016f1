// TCP behaviour against real loopback sockets: data flow, lifecycle events,
// backpressure in both directions, socket properties and options.

import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import net from 'node:net'
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import { describe, it } from 'node:test'
import { connect, listen } from 'bun-sockets'
import { collector, deferred, uniqueUnixPath } from './helpers.mjs'

/**
 * A listener whose sockets start paused (the peer's writes then fill the
 * kernel's buffers); `opened` resolves with the first accepted socket.
 */
function pausingServer(socket = {}, options = {}) {
  const opened = deferred('server open')
  const server = listen({
    hostname: '127.0.0.1',
    port: 0,
    ...options,
    socket: {
      data() {},
      ...socket,
      open(s) {
        s.pause()
        opened.resolve(s)
      },
    },
  })
  return { server, opened: opened.promise }
}

function echoServer(extra = {}) {
  return listen({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      data(socket, data) {
        socket.write(data)
      },
      ...extra,
    },
  })
}

describe('tcp: data flow', () => {
  it('echoes strings and binary data, byte for byte', async () => {
    const server = echoServer()
    try {
      const got = collector()
      const done = deferred('echo')
      const payload = Buffer.concat([Buffer.from('héllo '), randomBytes(1000)])
      const socket = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          open(s) {
            assert.equal(s.write('héllo '), Buffer.byteLength('héllo '))
            assert.equal(s.write(payload.subarray(7)), 1000)
          },
          data(s, data) {
            got.push(data)
            if (got.length >= payload.length) done.resolve()
          },
        },
      })
      await done.promise
      assert.deepEqual(got.bytes(), payload)
      socket.end()
    } finally {
      server.stop(true)
    }
  })

  it('moves 32 MiB each way intact with random write sizes and drain', async () => {
    const TOTAL = 32 << 20
    const source = randomBytes(TOTAL)
    const expected = createHash('sha256').update(source).digest('hex')
    const received = collector()
    const serverDone = deferred('server received everything', 30_000)
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data(s, data) {
          received.push(data)
          if (received.length === TOTAL) serverDone.resolve()
        },
      },
    })
    try {
      let offset = 0
      let drains = 0
      const pumpOut = (s) => {
        while (offset < TOTAL) {
          const size = Math.min(TOTAL - offset, 1 + Math.floor(Math.random() * 300_000))
          const n = s.write(source, offset, size)
          assert.ok(n >= 0 && n <= size, `write returned ${n} for ${size}`)
          offset += n
          if (n < size) return
        }
      }
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          open: pumpOut,
          drain(s) {
            drains++
            pumpOut(s)
          },
          data() {},
        },
      })
      await serverDone.promise
      assert.equal(createHash('sha256').update(received.bytes()).digest('hex'), expected)
      assert.ok(drains > 0, 'a 32 MiB burst must hit backpressure at least once')
      assert.equal(client.bytesWritten, TOTAL)
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('bulk data arrives in chunks with memory of their own, never reused, for every binaryType', async () => {
    // Large reads are handed to JS without a copy and small ones are cut
    // from a shared batch buffer: either way each chunk must own exactly its
    // bytes (as in Bun) and keep them after more data has arrived.
    const TOTAL = 16 << 20
    const source = randomBytes(TOTAL)
    for (const binaryType of ['buffer', 'uint8array', 'arraybuffer']) {
      const chunks = []
      let received = 0
      const all = deferred(`${binaryType}: everything received`, 30_000)
      const server = listen({
        hostname: '127.0.0.1',
        port: 0,
        socket: {
          binaryType,
          data(s, d) {
            chunks.push(d)
            received += d.byteLength
            if (received === TOTAL) all.resolve()
          },
        },
      })
      try {
        const peer = net.connect(server.port, '127.0.0.1', () => peer.end(source))
        await all.promise
        const views = chunks.map((d) => (d instanceof ArrayBuffer ? new Uint8Array(d) : d))
        for (const v of views) {
          assert.equal(v.byteOffset, 0, `${binaryType}: a chunk shares its memory`)
          assert.equal(v.buffer.byteLength, v.byteLength, `${binaryType}: a chunk shares its memory`)
        }
        assert.equal(new Set(views.map((v) => v.buffer)).size, views.length)
        assert.ok(Buffer.concat(views).equals(source), `${binaryType}: bytes differ`)
        const largest = Math.max(...views.map((v) => v.byteLength))
        assert.ok(largest >= 64 << 10, `${binaryType}: a 16 MiB burst gave no large read (largest ${largest})`)
      } finally {
        server.stop(true)
      }
    }
  })

  it('bytes the peer sends at once wait for code awaiting connect(), then all arrive', async () => {
    // The peer (node:net, on a worker's thread) writes 1 MiB as soon as it
    // accepts, while this thread is blocked: the connection and large reads
    // reach JS in one batch. Code awaiting connect() runs before the first
    // data event (as in Bun), and no chunk of the batch is lost on the way.
    const TOTAL = 1 << 20
    const worker = new Worker(
      `const net = require('node:net'); const { parentPort } = require('node:worker_threads')
       const body = Buffer.alloc(${TOTAL}); for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 255
       const server = net.createServer((s) => { s.end(body); server.close() })
       server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))`,
      { eval: true },
    )
    try {
      const [port] = await once(worker, 'message')
      const chunks = []
      let resolved = false
      let dataBeforeResolve = false
      const ended = deferred('end')
      const pending = connect({
        hostname: '127.0.0.1',
        port,
        socket: {
          data(s, d) {
            if (!resolved) dataBeforeResolve = true
            chunks.push(d)
          },
          end: () => ended.resolve(),
        },
      })
      const until = Date.now() + 200
      while (Date.now() < until);
      const socket = await pending
      resolved = true
      await ended.promise
      socket.end()
      assert.equal(dataBeforeResolve, false, 'a data event ran before connect() resolved')
      const got = Buffer.concat(chunks)
      assert.equal(got.length, TOTAL)
      for (let i = 0; i < TOTAL; i += 4093) assert.equal(got[i], (i * 7) & 255, `byte ${i}`)
    } finally {
      await worker.terminate()
    }
  })

  it('timers keep running while a slow data handler is flooded, and every byte arrives', async () => {
    // A peer on a worker's thread writes as fast as it can for 3 s to a
    // handler that takes 20 ms per chunk. Events that arrive while JS
    // delivers are taken in the same turn of the event loop for at most
    // 2 ms, then in the next one, so an interval timer still fires (it
    // waited for the whole flood before); nothing is lost.
    let received = 0
    const ended = deferred('end', 30_000)
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data(s, d) {
          received += d.length
          const until = Date.now() + 20
          while (Date.now() < until);
        },
        end: () => ended.resolve(),
      },
    })
    const worker = new Worker(
      `const net = require('node:net'); const { parentPort, workerData } = require('node:worker_threads')
       const chunk = Buffer.alloc(64 * 1024, 1); let sent = 0; let stop = false
       const c = net.connect(workerData, '127.0.0.1')
       const push = () => { while (!stop && c.write(chunk)) sent += chunk.length; if (!stop) sent += chunk.length }
       c.on('connect', push); c.on('drain', push)
       setTimeout(() => { stop = true; c.end(() => parentPort.postMessage(sent)) }, 3000)`,
      { eval: true, workerData: server.port },
    )
    const sent = once(worker, 'message')
    let last = Date.now()
    let longestGap = 0
    const ticker = setInterval(() => {
      const now = Date.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
    }, 10)
    try {
      await ended.promise
      clearInterval(ticker)
      const [total] = await sent
      assert.equal(received, total)
      assert.ok(longestGap < 1000, `the event loop was held for ${longestGap} ms`)
    } finally {
      clearInterval(ticker)
      server.stop(true)
      await worker.terminate()
    }
  })

  it('write() returns the bytes taken now and never buffers: a peer that does not read stops it', async () => {
    let peer
    const peerReady = deferred('node:net accepted')
    const server = net.createServer((s) => {
      peer = s
      s.pause()
      peerReady.resolve()
    })
    await new Promise((r) => server.listen(0, '127.0.0.1', r))
    try {
      const chunk = Buffer.alloc(1 << 20, 1)
      let taken = 0
      let sawShort = false
      const drained = deferred('drain after the peer resumes')
      const socket = await connect({
        hostname: '127.0.0.1',
        port: server.address().port,
        socket: { data() {}, drain: () => drained.resolve() },
      })
      await peerReady.promise
      for (let i = 0; i < 256 && !sawShort; i++) {
        const n = socket.write(chunk)
        taken += n
        if (n < chunk.length) sawShort = true
      }
      assert.ok(sawShort, 'writes must come up short once the kernel buffers are full')
      assert.ok(taken < 64 << 20, `took ${taken} bytes: something buffers`)
      assert.equal(socket.write(chunk), 0, 'a full socket takes nothing until drain')
      peer.resume()
      await drained.promise
      assert.ok(socket.write(chunk) > 0)
      socket.terminate()
    } finally {
      peer?.destroy()
      server.close()
    }
  })

  it('pause() stops data events and reading; resume() delivers everything in order', async () => {
    const TOTAL = 8 << 20
    const source = randomBytes(TOTAL)
    const got = collector()
    let serverSocket
    const opened = deferred('server open')
    const all = deferred('all data after resume', 20_000)
    let dataWhilePaused = 0
    let paused = false
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        open(s) {
          serverSocket = s
          s.pause()
          paused = true
          opened.resolve()
        },
        data(s, data) {
          if (paused) dataWhilePaused++
          got.push(data)
          if (got.length === TOTAL) all.resolve()
        },
      },
    })
    try {
      let offset = 0
      let stalled = deferred('writer stalls on the paused reader', 10_000)
      const write = (s) => {
        while (offset < TOTAL) {
          const n = s.write(source, offset, Math.min(65536, TOTAL - offset))
          offset += n
          if (n < 65536 && offset < TOTAL) {
            stalled.resolve()
            return
          }
        }
      }
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: { open: write, drain: write, data() {} },
      })
      await opened.promise
      await stalled.promise
      assert.ok(offset < TOTAL, 'a paused reader must stall the writer (real backpressure)')
      assert.equal(dataWhilePaused, 0)
      paused = false
      serverSocket.resume()
      await all.promise
      assert.deepEqual(got.bytes(), source)
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('a paused socket still learns of a reset: the data sent before it, then close with ECONNRESET', async () => {
    // As in Bun: without this a paused socket whose peer is gone waits for a
    // resume() that may never come, and keeps the process alive.
    const peer = net.createServer((s) => {
      s.on('error', () => {})
      s.once('data', () => s.write('welcome', () => s.resetAndDestroy()))
    })
    peer.listen(0, '127.0.0.1')
    await once(peer, 'listening')
    const events = []
    const closed = deferred('close of the paused socket')
    let socket
    try {
      socket = await connect({
        hostname: '127.0.0.1',
        port: peer.address().port,
        socket: {
          open(s) {
            s.pause()
            s.write('paused')
          },
          data(s, data) {
            events.push(`data ${data}`)
          },
          close(s, err) {
            events.push(`close ${err?.code}`)
            closed.resolve()
          },
        },
      })
      await closed.promise
      assert.deepEqual(events, ['data welcome', 'close ECONNRESET'])
    } finally {
      socket?.terminate()
      peer.close()
    }
  })
})

describe('tcp: lifecycle', () => {
  it('connections still queued when the listener stops are reset, as the kernel (and Bun) resets them', async () => {
    let opens = 0
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        open() {
          if (++opens === 1) server.stop()
        },
        data() {},
      },
    })
    const outcomes = []
    const fourEnded = deferred('the four clients the server never took')
    const note = (outcome) => {
      outcomes.push(outcome)
      if (outcomes.length === 4) fourEnded.resolve()
    }
    const clients = []
    for (let i = 0; i < 5; i++) {
      const events = []
      connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          data() {},
          end: () => events.push('end'),
          close(s, err) {
            events.push(`close ${err?.code}`)
            note(events.join(', '))
          },
          connectError: (s, err) => note(`refused ${err.code}`),
        },
      }).then(
        (c) => clients.push(c),
        () => {},
      )
    }
    try {
      await fourEnded.promise
      assert.equal(opens, 1, 'only the first reached open')
      // Never a clean FIN, as if the server had served them.
      assert.equal(outcomes.filter((o) => o.includes('end')).length, 0, outcomes.join(' | '))
    } finally {
      for (const c of clients) c.terminate()
      server.stop(true)
    }
  })

  it('stop(true) closes the listener\'s sockets newest first, as in Bun', async () => {
    const order = []
    const accepts = [1, 2, 3, 4].map((i) => deferred(`accept ${i}`))
    let count = 0
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        open(s) {
          s.data = ++count
          accepts[count - 1].resolve()
        },
        data() {},
        close: (s) => order.push(s.data),
      },
    })
    const clients = []
    for (const accepted of accepts) {
      clients.push(await connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } }))
      await accepted.promise
    }
    server.stop(true)
    assert.deepEqual(order, [4, 3, 2, 1])
    for (const c of clients) c.end()
  })

  it('a partial end(data) followed by shutdown() still closes once the data went out', async () => {
    const SIZE = 32 << 20
    const { server, opened } = pausingServer({ end() {} }, { allowHalfOpen: true })
    try {
      const closed = deferred('client close', 20_000)
      const client = await connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {}, close: () => closed.resolve() } })
      const accepted = await opened
      const n = client.end(Buffer.alloc(SIZE))
      assert.ok(n > 0 && n < SIZE)
      client.shutdown()
      accepted.resume()
      await closed.promise
      assert.equal(client.readyState, -1)
    } finally {
      server.stop(true)
    }
  })

  it('end(null) is refused like write(null); end(data) after shutdown() refuses the data and keeps the socket, as in Bun', async () => {
    const server = listen({ hostname: '127.0.0.1', port: 0, allowHalfOpen: true, socket: { data() {}, end() {} } })
    try {
      let closes = 0
      const client = await connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {}, close: () => closes++ } })
      assert.throws(() => client.end(null), { code: 'ERR_INVALID_ARG_TYPE' })
      assert.equal(client.readyState, 1)
      client.shutdown()
      assert.equal(client.end('late'), -1)
      assert.equal(client.readyState, 1, 'still open (reading)')
      assert.equal(closes, 0)
      assert.equal(client.end(), 0)
      assert.equal(client.readyState, -1)
      assert.equal(closes, 1)
    } finally {
      server.stop(true)
    }
  })

  it('no drain after shutdown(), even when a write was short', async () => {
    const SIZE = 32 << 20
    let received = 0
    const serverEnd = deferred('server end', 20_000)
    const { server, opened } = pausingServer(
      {
        data(s, d) {
          received += d.length
        },
        end: () => serverEnd.resolve(),
      },
      { allowHalfOpen: true },
    )
    try {
      let drains = 0
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        allowHalfOpen: true,
        socket: { data() {}, drain: () => drains++, end() {} },
      })
      const accepted = await opened
      const n = client.write(Buffer.alloc(SIZE))
      assert.ok(n > 0 && n < SIZE)
      client.shutdown()
      accepted.resume()
      await serverEnd.promise
      assert.equal(received, n)
      // The kernel reported room long before the peer's FIN came back.
      assert.equal(drains, 0)
      client.terminate()
    } finally {
      server.stop(true)
    }
  })

  it('the half-open drain after end waits until a short write has room, as in Bun', async () => {
    const events = []
    let got = 0
    let n = 0
    const buf = Buffer.alloc(32 << 20)
    const ended = deferred('server end')
    const drained = deferred('server drain', 20_000)
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      allowHalfOpen: true,
      socket: {
        data() {},
        end(s) {
          n = s.write(buf)
          events.push(`end, partial ${n < buf.length}`)
          ended.resolve(s)
        },
        drain(s) {
          events.push(`drain, room ${s.write('x') === 1}`)
          drained.resolve()
        },
      },
    })
    try {
      const client = await connect({ hostname: '127.0.0.1', port: server.port, allowHalfOpen: true, socket: { data: (s, d) => (got += d.length) } })
      client.pause()
      client.shutdown()
      const accepted = await ended.promise
      events.push('resume')
      client.resume()
      await drained.promise
      assert.deepEqual(events, ['end, partial true', 'resume', 'drain, room true'])
      accepted.end()
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('end(data) the kernel takes in part keeps the socket until it can send: reads go on, nothing is lost', async () => {
    // As in Bun. Closing at once would make the kernel answer the peer's
    // later bytes with a reset, which discards what the peer had not read.
    const SIZE = 32 << 20
    const events = []
    let received = 0
    const replied = deferred('reply after end(data)')
    const serverClosed = deferred('server close', 20_000)
    const { server, opened } = pausingServer({
      data(s, d) {
        received += d.length
      },
      end: () => events.push('server end'),
      close(s, err) {
        events.push(`server close ${err?.code}`)
        serverClosed.resolve()
      },
    })
    try {
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          data(s, d) {
            events.push(`client data ${d}`)
            replied.resolve()
          },
          drain: () => events.push('client drain'),
          close: () => events.push('client close'),
        },
      })
      const accepted = await opened
      const n = client.end(Buffer.alloc(SIZE, 7))
      assert.ok(n > 0 && n < SIZE, `a partial end(data): ${n}`)
      assert.equal(client.readyState, 1, 'still open')
      assert.equal(client.write('more'), 0, 'writes take nothing')
      accepted.write('reply')
      await replied.promise
      accepted.resume()
      await serverClosed.promise
      assert.equal(received, n, 'the server got every byte end() took')
      assert.deepEqual(events, ['client data reply', 'client close', 'server end', 'server close undefined'])
    } finally {
      server.stop(true)
    }
  })

  it('client end(): close runs before end() returns; the server sees end then close', async () => {
    const events = []
    const serverClosed = deferred('server close')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data() {},
        end: (s) => events.push(`server end ${s.readyState}`),
        close: (s, err) => {
          events.push(`server close ${s.readyState} ${err}`)
          serverClosed.resolve()
        },
      },
    })
    try {
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: { data() {}, close: (s, err) => events.push(`client close ${s.readyState} ${err}`) },
      })
      assert.equal(client.end(), 0)
      events.push('end() returned')
      assert.equal(client.write('x'), -1)
      assert.equal(client.readyState, -1)
      await serverClosed.promise
      assert.deepEqual(events, [
        'client close -1 undefined',
        'end() returned',
        'server end 1',
        'server close -1 undefined',
      ])
    } finally {
      server.stop(true)
    }
  })

  it('terminate() resets: the peer gets close with ECONNRESET', async () => {
    const serverClosed = deferred('server close')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: { data() {}, close: (s, err) => serverClosed.resolve(err) },
    })
    try {
      let clientCloseErr = 'not called'
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: { data() {}, close: (s, err) => (clientCloseErr = err) },
      })
      client.terminate()
      assert.equal(clientCloseErr, undefined)
      const err = await serverClosed.promise
      assert.ok(err instanceof Error)
      assert.equal(err.code, 'ECONNRESET')
      assert.equal(err.errno, -104)
      assert.equal(err.syscall, 'read')
    } finally {
      server.stop(true)
    }
  })

  it('shutdown() sends FIN but keeps the socket readable; allowHalfOpen keeps the server open after end', async () => {
    const serverEnded = deferred('server end')
    const clientGot = deferred('client data after its shutdown')
    const clientClosed = deferred('client close')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      allowHalfOpen: true,
      socket: {
        data() {},
        end(s) {
          assert.equal(s.readyState, 1)
          serverEnded.resolve()
          assert.equal(s.write('still here'), 10)
          s.end()
        },
      },
    })
    try {
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          data: (s, d) => clientGot.resolve(String(d)),
          close: (s, err) => clientClosed.resolve(err),
        },
      })
      client.shutdown()
      assert.equal(client.readyState, 1)
      assert.equal(client.write('x'), -1, 'no writes after shutdown()')
      await serverEnded.promise
      assert.equal(await clientGot.promise, 'still here')
      assert.equal(await clientClosed.promise, undefined)
    } finally {
      server.stop(true)
    }
  })

  it('close handler runs exactly once whatever the sequence', async () => {
    let closes = 0
    const closed = deferred('close')
    const server = echoServer()
    try {
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          data() {},
          close() {
            closes++
            closed.resolve()
          },
        },
      })
      client.end()
      client.end()
      client.terminate()
      client.close()
      client[Symbol.dispose]()
      await closed.promise
      assert.equal(closes, 1)
    } finally {
      server.stop(true)
    }
  })

  it('stop() keeps accepted sockets; stop(true) closes them', async () => {
    const serverSockets = []
    const opened = deferred('two accepted sockets')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        open(s) {
          serverSockets.push(s)
          if (serverSockets.length === 2) opened.resolve()
        },
        data(s, d) {
          s.write(d)
        },
      },
    })
    const port = server.port
    const replies = []
    const closedBoth = deferred('both clients closed')
    let closedCount = 0
    const handlers = {
      data: (s, d) => replies.push(String(d)),
      close() {
        if (++closedCount === 2) closedBoth.resolve()
      },
    }
    const a = await connect({ hostname: '127.0.0.1', port, socket: handlers })
    const b = await connect({ hostname: '127.0.0.1', port, socket: handlers })
    await opened.promise
    server.stop()
    await assert.rejects(connect({ hostname: '127.0.0.1', port, socket: { data() {} } }), { code: 'ECONNREFUSED' })
    const echoed = deferred('echo after stop()')
    a.reload({ socket: { ...handlers, data: (s, d) => echoed.resolve(String(d)) } })
    a.write('still served')
    assert.equal(await echoed.promise, 'still served')
    assert.equal(serverSockets[0].listener, server)
    server.stop(true)
    await closedBoth.promise
    assert.equal(b.readyState, -1)
  })

  it('listener.reload() swaps the handlers of existing and future sockets', async () => {
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: { data: (s) => s.write('v1') },
    })
    try {
      const replies = []
      let next = deferred('reply')
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          data(s, d) {
            replies.push(String(d))
            next.resolve()
          },
        },
      })
      client.write('a')
      await next.promise
      server.reload({ socket: { data: (s) => s.write('v2') } })
      next = deferred('reply after reload')
      client.write('b')
      await next.promise
      assert.deepEqual(replies, ['v1', 'v2'])
      client.end()
    } finally {
      server.stop(true)
    }
  })
})

describe('tcp: properties and options', () => {
  it('reports addresses, ports, families and data on both sides', async () => {
    const serverSide = deferred('server open')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      data: { from: 'listener' },
      socket: { open: (s) => serverSide.resolve(s), data() {} },
    })
    try {
      assert.equal(server.hostname, '127.0.0.1')
      assert.ok(server.port > 0)
      assert.equal(server.unix, undefined)
      assert.deepEqual(server.data, { from: 'listener' })
      const client = await connect({ hostname: '127.0.0.1', port: server.port, data: 42, socket: { data() {} } })
      const s = await serverSide.promise
      assert.equal(client.data, 42)
      client.data = 'changed'
      assert.equal(client.data, 'changed')
      assert.equal(client.remoteAddress, '127.0.0.1')
      assert.equal(client.remotePort, server.port)
      assert.equal(client.remoteFamily, 'IPv4')
      assert.equal(client.localFamily, 'IPv4')
      assert.equal(s.remotePort, client.localPort)
      assert.equal(s.localPort, server.port)
      assert.equal(client.listener, undefined)
      assert.equal(s.listener, server)
      assert.equal(client.readyState, 1)
      assert.equal(client.setNoDelay(true), true)
      assert.equal(client.setKeepAlive(true, 1000), true)
      assert.equal(typeof client.fd, 'number')
      client.end()
      // As in Bun: after close, properties read while open stay readable,
      // except remotePort; the listener is forgotten.
      assert.equal(client.remoteAddress, '127.0.0.1')
      assert.equal(client.remotePort, undefined)
      assert.equal(client.localFamily, 'IPv4')
    } finally {
      server.stop(true)
    }
  })

  it('type of service: set and read back, Bun\'s argument errors, minus the errno where there is none', async () => {
    const server = echoServer()
    const unixPath = uniqueUnixPath('tos')
    const unixServer = listen({ unix: unixPath, socket: { data() {} } })
    try {
      const client = await connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
      assert.equal(client.setTypeOfService(0x10), 0)
      assert.equal(client.getTypeOfService(), 0x10)
      for (const bad of ['16', null, true, Symbol('tos')]) {
        assert.throws(() => client.setTypeOfService(bad), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
      }
      for (const bad of [1.5, NaN]) {
        assert.throws(() => client.setTypeOfService(bad), {
          name: 'TypeError',
          message: 'The "tos" property must be of type integer. Received number',
        })
      }
      for (const bad of [-1, 256, 2 ** 32 + 8]) {
        assert.throws(() => client.setTypeOfService(bad), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' })
      }
      assert.equal(client.getTypeOfService(), 0x10, 'a refused value changes nothing')
      const overUnix = await connect({ unix: unixPath, socket: { data() {} } })
      assert.equal(overUnix.setTypeOfService(0x10), -22)
      assert.equal(overUnix.getTypeOfService(), -22)
      overUnix.end()
      client.end()
      assert.equal(client.getTypeOfService(), -9)
      assert.equal(client.setTypeOfService(0x10), -9)
    } finally {
      server.stop(true)
      unixServer.stop(true)
    }
  })

  it('localAddress binds the client to an IP (other values ignored), as in Bun', async () => {
    const firstRemote = deferred('server open')
    const server = listen({ hostname: '127.0.0.1', port: 0, socket: { open: (s) => firstRemote.resolve(s.remoteAddress), data() {} } })
    try {
      const from = await connect({ hostname: '127.0.0.1', port: server.port, localAddress: '127.0.0.2', socket: { data() {} } })
      assert.equal(from.localAddress, '127.0.0.2')
      from.end()
      for (const ignored of [5, 'not-an-ip', '']) {
        const c = await connect({ hostname: '127.0.0.1', port: server.port, localAddress: ignored, socket: { data() {} } })
        assert.equal(c.localAddress, '127.0.0.1')
        c.end()
      }
      await assert.rejects(
        connect({ hostname: '127.0.0.1', port: server.port, localAddress: '::1', socket: { data() {} } }),
        { code: 'ECONNREFUSED', syscall: 'connect' },
      )
      assert.equal(await firstRemote.promise, '127.0.0.2')
    } finally {
      server.stop(true)
    }
  })

  it('pauseOnConnect: plain sockets start paused, open still runs, data waits for resume()', async () => {
    const events = []
    const serverSide = deferred('server open')
    const gotBoth = deferred('data after resume')
    const check = () => events.filter((e) => e.includes('data')).length === 2 && gotBoth.resolve()
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      pauseOnConnect: true,
      socket: {
        open: (s) => serverSide.resolve(s),
        data(s, d) {
          events.push(`server data ${d}`)
          check()
        },
      },
    })
    try {
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        pauseOnConnect: 1,
        socket: {
          open: (s) => s.write('hello'),
          data(s, d) {
            events.push(`client data ${d}`)
            check()
          },
        },
      })
      const accepted = await serverSide.promise
      accepted.write('back')
      // Both sides hold what arrived; a round trip through a third socket
      // shows time passed without either data handler running.
      const probe = await connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
      probe.end()
      assert.deepEqual(events, [])
      events.push('resume')
      accepted.resume()
      client.resume()
      await gotBoth.promise
      assert.equal(events[0], 'resume')
      assert.deepEqual(events.slice(1).sort(), ['client data back', 'server data hello'])
      client.end()
    } finally {
      server.stop(true)
    }
  })

  it('binaryType also takes the class names, as in Bun', async () => {
    const server = echoServer()
    try {
      for (const [given, expected] of [['ArrayBuffer', ArrayBuffer], ['Uint8Array', Uint8Array], ['Buffer', Buffer]]) {
        const got = deferred(`data as ${given}`)
        const c = await connect({ hostname: '127.0.0.1', port: server.port, socket: { binaryType: given, data: (s, d) => got.resolve(d) } })
        c.write('x')
        const data = await got.promise
        assert.ok(data instanceof expected, given)
        assert.equal(Buffer.isBuffer(data), given === 'Buffer', given)
        c.end()
      }
      assert.throws(() => listen({ hostname: '127.0.0.1', port: 0, socket: { binaryType: 'BUFFER', data() {} } }), {
        code: 'ERR_INVALID_ARG_TYPE',
      })
    } finally {
      server.stop(true)
    }
  })

  it('connects over IPv6 loopback', async () => {
    const server = echoServer()
    server.stop()
    const v6 = listen({ hostname: '::1', port: 0, socket: { data: (s, d) => s.write(d) } })
    try {
      const got = deferred('v6 echo')
      const client = await connect({ hostname: '::1', port: v6.port, socket: { data: (s, d) => got.resolve(String(d)) } })
      client.write('six')
      assert.equal(await got.promise, 'six')
      assert.equal(client.remoteFamily, 'IPv6')
      assert.equal(client.remoteAddress, '::1')
      client.end()
    } finally {
      v6.stop(true)
    }
  })

  it('delivers data as Buffer, ArrayBuffer or plain Uint8Array per binaryType', async () => {
    for (const [binaryType, check] of [
      [undefined, (d) => Buffer.isBuffer(d)],
      ['buffer', (d) => Buffer.isBuffer(d)],
      ['arraybuffer', (d) => d instanceof ArrayBuffer],
      ['uint8array', (d) => d instanceof Uint8Array && !Buffer.isBuffer(d)],
    ]) {
      const server = echoServer()
      try {
        const got = deferred(`data as ${binaryType}`)
        const client = await connect({
          hostname: '127.0.0.1',
          port: server.port,
          socket: { binaryType, data: (s, d) => got.resolve(d) },
        })
        client.write('abc')
        const d = await got.promise
        assert.ok(check(d), `${binaryType}: got ${Object.prototype.toString.call(d)}`)
        assert.equal(Buffer.from(d).toString(), 'abc')
        client.end()
      } finally {
        server.stop(true)
      }
    }
  })

  it('write() accepts strings, typed arrays, DataView and ArrayBuffer with byte offsets', async () => {
    const got = collector()
    const expected = Buffer.from('abcdefcdAD\x00\x00\x0078')
    const all = deferred('all bytes')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data(s, d) {
          got.push(d)
          if (got.length >= expected.length) all.resolve()
        },
      },
    })
    try {
      const c = await connect({ hostname: '127.0.0.1', port: server.port, socket: { data() {} } })
      assert.equal(c.write('abcdef'), 6)
      assert.equal(c.write('abcdef', 2, 2), 2)
      assert.equal(c.write(new Uint16Array([0x4142, 0x4344]), 1, 2), 2)
      assert.equal(c.write(new DataView(new ArrayBuffer(4), 1, 3)), 3)
      assert.equal(c.write(Buffer.from('12345678'), 6), 2, 'byteLength defaults to the rest (see README)')
      assert.equal(c.write(undefined), 0)
      assert.equal(c.write(''), 0)
      await all.promise
      assert.deepEqual(got.bytes(), expected)
      c.end()
    } finally {
      server.stop(true)
    }
  })

  it('timeout(seconds) calls timeout once, that long after the call, and leaves the socket open', async () => {
    const server = echoServer()
    try {
      let fired = 0
      const first = deferred('timeout', 5000)
      const echoed = deferred('echo after the timeout')
      const client = await connect({
        hostname: '127.0.0.1',
        port: server.port,
        socket: {
          data: (s, d) => echoed.resolve(String(d)),
          timeout(s) {
            fired++
            first.resolve(s)
          },
        },
      })
      // Whole seconds, as in Bun: a fraction counts for nothing (no timer);
      // -0.5 is 0 too, -1 an error.
      client.timeout(0.5)
      client.timeout(-0.5)
      assert.throws(() => client.timeout(-1), { message: 'Timeout must be a positive integer' })
      const started = performance.now()
      client.timeout(1.9)
      // Traffic does not postpone it (Bun's timeout is not an idle timer).
      client.write('activity')
      const s = await first.promise
      assert.equal(s, client)
      const elapsed = performance.now() - started
      assert.ok(elapsed >= 950 && elapsed < 1800, `after one whole second: ${elapsed} ms`)
      assert.equal(client.readyState, 1, 'the socket stays open')
      assert.equal(await echoed.promise, 'activity')
      client.timeout(0)
      assert.equal(fired, 1)
      client.end()
    } finally {
      server.stop(true)
    }
  })
})
