// Integrity: 1 GiB through TCP, a Unix socket and TLS, written in random
// sizes (1 B .. 256 KiB) while the receiver pauses and resumes at random,
// hashed on both ends: every byte write() accepted arrives once, in order.

import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { connect, listen } from 'bun-sockets'
import { deferred, root, uniqueUnixPath } from '../helpers.mjs'

const GiB = 1024 ** 3
const POOL = crypto.randomBytes(4 * 1024 * 1024)
const tlsDir = path.join(root, '__test__', 'fixtures', 'tls')
const serverTls = {
  key: fs.readFileSync(path.join(tlsDir, 'server.key')),
  cert: fs.readFileSync(path.join(tlsDir, 'server.pem')),
}
const clientTls = { ca: fs.readFileSync(path.join(tlsDir, 'ca.pem')), serverName: 'localhost' }

// Seeded, so a failure can be replayed with INTEGRITY_SEED.
const seed = Number(process.env.INTEGRITY_SEED ?? Date.now() % 2 ** 31)
function random(state = { s: seed }) {
  return () => {
    state.s = (state.s * 1103515245 + 12345) % 2 ** 31
    return state.s / 2 ** 31
  }
}

/** Log-uniform sizes: many tiny writes and many large ones. */
const sizeFrom = (rand) => Math.max(1, Math.floor(Math.exp(rand() * Math.log(256 * 1024))))

/** Writes `total` bytes of random slices; resolves with what was accepted. */
function sender(socket, total, rand) {
  const hash = crypto.createHash('sha256')
  let sent = 0
  const done = deferred('the sender to finish', 120_000)
  const pump = () => {
    while (sent < total) {
      const length = Math.min(sizeFrom(rand), total - sent)
      const offset = Math.floor(rand() * (POOL.length - length))
      const chunk = POOL.subarray(offset, offset + length)
      const n = socket.write(chunk)
      assert.ok(n >= 0 && n <= length, `write returned ${n} for ${length} bytes`)
      hash.update(chunk.subarray(0, n))
      sent += n
      if (n < length) return // the rest of the stream goes on after `drain`
    }
    done.resolve({ sent, digest: hash.digest('hex') })
  }
  return { pump, done: done.promise }
}

/** Hashes what arrives, pausing now and then for up to 3 ms. */
function receiver(rand) {
  const hash = crypto.createHash('sha256')
  const state = { received: 0, pauses: 0, hash }
  state.data = (socket, data) => {
    hash.update(data)
    state.received += data.length
    if (rand() < 0.02) {
      state.pauses++
      socket.pause()
      setTimeout(() => socket.resume(), Math.floor(rand() * 4))
    }
  }
  return state
}

/**
 * Sends `total` bytes from one side to the other over a listener made by
 * `listenOptions` and a client made by `connectOptions`.
 */
async function transfer({ listenOptions, connectOptions, from, total }) {
  const rand = random()
  const sink = receiver(random({ s: seed + 1 }))
  const finished = deferred('the receiver to see the end', 180_000)
  let source
  const sendingSide = {
    open(socket) {
      source = sender(socket, total, rand)
      source.pump()
      source.done.then(() => socket.end())
    },
    drain: (socket) => source.pump(),
    data() {},
    error: (socket, err) => finished.reject(err),
  }
  const receivingSide = {
    open() {},
    data: sink.data,
    drain() {},
    close: () => finished.resolve(),
    error: (socket, err) => finished.reject(err),
  }
  const server = listen({ ...listenOptions, socket: from === 'server' ? sendingSide : receivingSide })
  try {
    const address = listenOptions.unix ? { unix: listenOptions.unix } : { hostname: '127.0.0.1', port: server.port }
    await connect({ ...connectOptions, ...address, socket: from === 'client' ? sendingSide : receivingSide })
    await finished.promise
    const { sent, digest } = await source.done
    assert.equal(sent, total)
    assert.equal(sink.received, sent, 'bytes received')
    assert.equal(sink.hash.digest('hex'), digest, 'the stream arrived unchanged and in order')
    assert.ok(sink.pauses > 0, 'the receiver paused along the way')
  } finally {
    server.stop(true)
  }
}

describe(`1 GiB end to end (seed ${seed})`, () => {
  it('TCP, client to server', () => transfer({ listenOptions: { hostname: '127.0.0.1', port: 0 }, connectOptions: {}, from: 'client', total: GiB }))

  it('Unix socket, server to client', async () => {
    const unix = uniqueUnixPath('integrity')
    try {
      await transfer({ listenOptions: { unix }, connectOptions: {}, from: 'server', total: GiB })
    } finally {
      fs.rmSync(unix, { force: true })
    }
  })

  it('TLS, client to server', () =>
    transfer({
      listenOptions: { hostname: '127.0.0.1', port: 0, tls: serverTls },
      connectOptions: { tls: clientTls },
      from: 'client',
      total: GiB,
    }))

  it('TLS, server to client (256 MiB)', () =>
    transfer({
      listenOptions: { hostname: '127.0.0.1', port: 0, tls: serverTls },
      connectOptions: { tls: clientTls },
      from: 'server',
      total: GiB / 4,
    }))
})
