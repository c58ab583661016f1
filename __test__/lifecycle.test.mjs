// Event-loop behaviour, tested in child processes: what keeps a process
// alive, that it exits when nothing does, and that exiting with live
// sockets never crashes or hangs.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runNode } from './helpers.mjs'

function assertCleanExit(result, stdout) {
  assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`)
  assert.equal(result.code, 0, result.stderr)
  if (stdout !== undefined) assert.equal(result.stdout, stdout)
}

describe('keeping the process alive', () => {
  it('a listener keeps the process running until stop()', async () => {
    const result = await runNode(`
      const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
      setTimeout(() => { console.log('still alive'); l.stop() }, 300).unref()
    `)
    assertCleanExit(result, 'still alive\n')
  })

  it('listener.unref() lets the process exit', async () => {
    const result = await runNode(`
      const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
      l.unref()
      console.log('bye')
    `)
    assertCleanExit(result, 'bye\n')
    assert.ok(result.elapsed < 5000)
  })

  it('open sockets keep the process alive; unref() on each lets it go', async () => {
    const result = await runNode(`
      let opened
      const accepted = new Promise((resolve) => (opened = resolve))
      const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open: (s) => opened(s), data() {} } })
      l.unref()
      const s = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } })
      const a = await accepted
      setTimeout(() => { console.log('held open'); s.unref(); a.unref() }, 300).unref()
    `)
    assertCleanExit(result, 'held open\n')
  })

  it('an accepted socket keeps the process alive even when its listener is unref’d (as in Bun)', async () => {
    const result = await runNode(
      `
      const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
      l.unref()
      const s = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } })
      s.unref()
      console.log('connected')
    `,
      // Long enough for a slow machine to start Node and connect.
      { ms: 3000 },
    )
    assert.equal(result.stdout, 'connected\n')
    assert.equal(result.signal, 'SIGKILL', 'the accepted socket should have kept it running')
  })

  it('a pending connect keeps the process alive until it settles', async () => {
    const result = await runNode(`
      Bun.connect({ hostname: 'no-such-host.invalid', port: 1, socket: { data() {} } })
        .catch((e) => console.log('settled', e.code))
    `)
    assertCleanExit(result, 'settled ENOTFOUND\n')
  })

  it('ref() after unref() keeps it alive again', async () => {
    const result = await runNode(`
      const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
      l.unref()
      l.ref()
      setTimeout(() => { console.log('kept'); l.stop() }, 200).unref()
    `)
    assertCleanExit(result, 'kept\n')
  })
})

describe('exiting', () => {
  it('process.exit() with open sockets and data in flight does not crash', async () => {
    const result = await runNode(`
      const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data(s, d) { s.write(d) } } })
      const sockets = []
      for (let i = 0; i < 20; i++) {
        sockets.push(await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data(s, d) { s.write(d) } } }))
      }
      for (const s of sockets) s.write(Buffer.alloc(100000, 1))
      setTimeout(() => { console.log('exiting'); process.exit(0) }, 50)
    `)
    assertCleanExit(result, 'exiting\n')
  })

  it('natural exit with unref’d live sockets does not crash or hang', async () => {
    const result = await runNode(`
      const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { s.unref() }, data(s, d) { s.write(d) } } })
      const s = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } })
      s.write('ping')
      l.unref()
      s.unref()
      console.log('done')
    `)
    assertCleanExit(result, 'done\n')
  })

  it('a handler that throws without an error handler is an uncaught exception', async () => {
    const result = await runNode(`
      const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() { throw new Error('handler boom') } } })
      const s = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } })
      s.write('x')
    `)
    assert.equal(result.code, 1)
    assert.match(result.stderr, /handler boom/)
  })

  it('uncaughtException listeners see handler errors and the process continues', async () => {
    const result = await runNode(`
      process.on('uncaughtException', (e) => { console.log('caught', e.message); l.stop(true) })
      const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() { throw new Error('boom') } } })
      const s = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } })
      s.write('x')
    `)
    assertCleanExit(result, 'caught boom\n')
  })
})

describe('two copies of the package on one thread', () => {
  // Test runners evaluate a package once per test file on the same thread
  // (jest's module registry, vitest's isolation); each copy has its own
  // event pump, and their sockets must not be confused.
  it('each copy writes to its own connections', async () => {
    const result = await runNode(
      `
      const load = () => {
        for (const key of Object.keys(require.cache)) if (key.includes('/js/')) delete require.cache[key]
        return require('bun-sockets')
      }
      const a = load()
      const b = load()
      if (a.connect === b.connect) throw new Error('expected two copies')
      const got = { a: '', b: '' }
      let pending = 2
      const server = (api, name) => api.listen({ hostname: '127.0.0.1', port: 0, socket: { data(s, d) {
        got[name] += d
        if (got[name].length === 6 && --pending === 0) { console.log(JSON.stringify(got)); process.exit(0) }
      } } })
      ;(async () => {
        const sa = server(a, 'a')
        const sb = server(b, 'b')
        const ca = await a.connect({ hostname: '127.0.0.1', port: sa.port, socket: { data() {} } })
        const cb = await b.connect({ hostname: '127.0.0.1', port: sb.port, socket: { data() {} } })
        ca.write('from-a')
        cb.write('from-b')
      })()
    `,
      { args: ['--input-type=commonjs'], polyfill: false },
    )
    assertCleanExit(result, '{"a":"from-a","b":"from-b"}\n')
  })
})

describe('event delivery across environments of one thread', () => {
  it('two copies of the package on one thread (a runner’s per-file registries), one handler throwing: every large read reaches its own socket', async () => {
    // The throw is reported as an uncaught exception in a tick, which holds
    // up the ticks behind it: the other copy delivers meanwhile.
    const result = await runNode(
      `
      import { createRequire } from 'node:module'
      import net from 'node:net'
      const require = createRequire(process.cwd() + '/')
      const A = require('./js/index.js')
      for (const key of Object.keys(require.cache)) if (key.includes('/js/')) delete require.cache[key]
      const B = require('./js/index.js')
      if (A.listen === B.listen) throw new Error('one copy only')
      process.on('uncaughtException', () => {})
      const SIZE = 4 << 20
      const got = {}
      let threw = false
      let ends = 0
      const done = new Promise((resolve) => {
        for (const [api, letter] of [[A, 0x41], [B, 0x42]]) {
          const seen = (got[letter] = { bytes: 0, foreign: 0 })
          const server = api.listen({ hostname: '127.0.0.1', port: 0, socket: {
            data(s, d) {
              for (let i = 0; i < d.length; i++) if (d[i] !== letter) { seen.foreign++; break }
              seen.bytes += d.length
              if (letter === 0x41 && !threw) { threw = true; throw new Error('boom') }
            },
            end() { if (++ends === 2) resolve() },
          } })
          const c = net.connect(server.port, '127.0.0.1', () => c.end(Buffer.alloc(SIZE, letter)))
          got[letter].server = server
        }
      })
      await done
      for (const seen of Object.values(got)) { seen.server.stop(true); delete seen.server }
      console.log(JSON.stringify(got))
    `,
      { polyfill: false, ms: 20_000 },
    )
    assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`)
    const got = JSON.parse(result.stdout)
    assert.deepEqual(got, { 65: { bytes: 4 << 20, foreign: 0 }, 66: { bytes: 4 << 20, foreign: 0 } })
  })
})
