// worker_threads: each environment has its own event pump; terminating a
// worker closes its sockets; nothing crashes.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import { describe, it } from 'node:test'
import { Worker } from 'node:worker_threads'
import { listen } from 'bun-sockets'
import { deferred, runNode, uniqueUnixPath } from './helpers.mjs'

const fixture = (name) => new URL(`./fixtures/${name}`, import.meta.url)

function startWorker(name, workerData) {
  return new Worker(fixture(name), { workerData })
}

/** The first message of each worker (a worker that exits first fails). */
function firstMessages(workers) {
  return Promise.all(
    workers.map(
      (w, i) =>
        new Promise((resolve, reject) => {
          w.once('message', resolve)
          w.once('error', reject)
          w.once('exit', (code) => reject(new Error(`worker ${i} exited ${code} before answering`)))
        }),
    ),
  )
}

describe('worker_threads', () => {
  it('a terminated worker\'s Unix listener frees its path, as in Bun', async () => {
    const unixPath = uniqueUnixPath('worker-listen')
    const worker = startWorker('worker-unix-listen.mjs', unixPath)
    const [answer] = await firstMessages([worker])
    assert.equal(answer, 'listening')
    assert.ok(fs.existsSync(unixPath))
    await worker.terminate()
    assert.equal(fs.existsSync(unixPath), false, 'the socket file is removed')
    const again = listen({ unix: unixPath, socket: { data() {} } })
    again.stop(true)
  })

  it('several workers run listeners and clients at once', async () => {
    const workers = Array.from({ length: 4 }, (_, i) => startWorker('worker-echo.mjs', `worker-${i}-`.repeat(50)))
    try {
      const results = await firstMessages(workers)
      results.forEach((got, i) => assert.equal(got, `worker-${i}-`.repeat(50)))
    } finally {
      await Promise.all(workers.map((w) => w.terminate()))
    }
  })

  it('TLS works in several workers at once, session resumption included', async () => {
    const workers = Array.from({ length: 3 }, (_, i) => startWorker('worker-tls-echo.mjs', `tls-${i}-`.repeat(40)))
    try {
      const results = await firstMessages(workers)
      results.forEach((got, i) => {
        const payload = `tls-${i}-`.repeat(40)
        assert.deepEqual(got, [
          [payload, false],
          [payload, true],
        ])
      })
    } finally {
      await Promise.all(workers.map((w) => w.terminate()))
    }
  })

  it('UDP works in workers, and terminating one with open UDP sockets is clean', async () => {
    const workers = [0, 1, 2].map((i) => startWorker('worker-udp.mjs', { text: `udp-${i}`, stay: i === 2 }))
    try {
      const results = await firstMessages(workers)
      assert.deepEqual(results, ['udp-0', 'udp-1', 'udp-2'])
      // Worker 2 still holds two UDP sockets: terminating it must not crash.
      assert.equal(await workers[2].terminate(), 1)
    } finally {
      await Promise.all(workers.map((w) => w.terminate()))
    }
  })

  it('a worker exits by itself once its sockets are closed', async () => {
    const w = startWorker('worker-echo.mjs', 'bye')
    const exited = deferred('worker exit', 10_000)
    w.once('exit', exited.resolve)
    w.once('error', exited.reject)
    assert.equal(await exited.promise, 0)
  })

  it('terminating a worker closes its sockets: the peer sees close, nothing crashes', async () => {
    const peerClosed = deferred('main-thread socket closed after terminate', 10_000)
    const opened = deferred('worker connected')
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        open: () => opened.resolve(),
        data() {},
        close: (s, err) => peerClosed.resolve(err ? err.code : 'clean'),
      },
    })
    try {
      const w = startWorker('worker-leak.mjs', server.port)
      await new Promise((resolve) => w.once('message', resolve))
      await opened.promise
      await w.terminate()
      assert.ok(['clean', 'ECONNRESET'].includes(await peerClosed.promise))
    } finally {
      server.stop(true)
    }
  })

  it('loads in a worker before the main thread ever loads it', async () => {
    const result = await runNode(
      `
      import { Worker } from 'node:worker_threads'
      const w = new Worker(new URL(${JSON.stringify(fixture('worker-echo.mjs').href)}), { workerData: 'first', execArgv: [] })
      w.on('message', (m) => console.log('worker echoed', m))
      w.on('exit', (code) => console.log('worker exit', code))
    `,
      { polyfill: false },
    )
    assert.equal(result.stdout, 'worker echoed first\nworker exit 0\n', result.stderr)
    assert.equal(result.code, 0)
  })
})
