// Churn and leaks: 100,000 open/echo/close cycles, 100,000 UDP sockets
// bound and closed, 10,000 simultaneous
// connections (four rounds), a listener stopped under an accept storm, reload()
// under traffic. Each runs in a child (churn-child.mjs, with --expose-gc)
// that reports descriptors and memory. Descriptors must come back exactly;
// memory is compared after a warm-up, as native memory (RSS less the
// engine heap's resident pages) and as live JS heap. (RSS less the heap's
// committed size undercounted: V8 commits new-space pages it has not
// touched yet, which dipped one round by 10 MiB.)

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, it } from 'node:test'
import { root } from '../helpers.mjs'

const MiB = 1024 * 1024
const native = (m) => m.rss - m.heapPhysical

function scenario(...args) {
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(root, '__test__', 'stress', 'churn-child.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
  })
  assert.equal(result.status, 0, `${args.join(' ')}: ${result.stdout}${result.stderr}`)
  return JSON.parse(result.stdout)
}

/**
 * `later` has not grown past `earlier` by `slack`: no leak per connection
 * (the allocator's own high-water mark moves by a few MiB either way).
 */
function noGrowth(label, earlier, later, slack = 8 * MiB) {
  const shown = `${label}: native ${(native(earlier) / MiB).toFixed(1)} -> ${(native(later) / MiB).toFixed(1)} MiB, JS heap ${(earlier.heap / MiB).toFixed(1)} -> ${(later.heap / MiB).toFixed(1)} MiB`
  assert.ok(native(later) - native(earlier) < slack, shown)
  assert.ok(later.heap - earlier.heap < 4 * MiB, shown)
}

describe('churn and leaks', () => {
  it('100,000 connect / echo / close cycles, 32 in flight: descriptors and memory come back', () => {
    const r = scenario('churn', '100000')
    assert.equal(r.closedOnServer, 100_000)
    assert.equal(r.after.fds, r.warm.fds)
    noGrowth('after 20,000 vs after 100,000 cycles', r.warm, r.after)
  })

  it('100,000 UDP sockets bound, used and closed: descriptors and memory come back', () => {
    const r = scenario('udp', '100000')
    assert.ok(r.received > 0)
    assert.equal(r.after.fds, r.warm.fds)
    // 8 MiB over 80,000 sockets: a leak of 100 bytes each would show.
    noGrowth('after 20,000 vs after 100,000 sockets', r.warm, r.after)
  })

  it('10,000 simultaneous connections, four times: every descriptor closes, later rounds add nothing', () => {
    const r = scenario('simultaneous', '10000', '4')
    for (const round of r.server.rounds) {
      assert.equal(round.open.open, 10_000)
      assert.equal(round.open.fds, r.server.start.fds + 10_000)
      assert.equal(round.closed.fds, r.server.start.fds)
    }
    for (const round of r.client.rounds) {
      assert.ok(round.openFds >= r.client.start.fds + 10_000)
      assert.equal(round.closed.fds, r.client.rounds[0].closed.fds)
    }
    // 12 MiB over 20,000 connections: a leak of 600 bytes each would show.
    noGrowth('server, round 2 vs 4', r.server.rounds[1].closed, r.server.rounds[3].closed, 12 * MiB)
    noGrowth('client, round 2 vs 4', r.client.rounds[1].closed, r.client.rounds[3].closed, 12 * MiB)
  })

  it('a listener stopped in the middle of an accept storm: every connect settles, nothing leaks', () => {
    const r = scenario('storm')
    assert.equal(r.opened + r.refused + r.other.length, 2000)
    assert.ok(r.refused > 0, 'connects after stop() are refused')
    // Connections the kernel had queued when the listener closed are reset.
    assert.deepEqual([...new Set(r.other)].filter((code) => code !== 'ECONNRESET'), [])
    assert.equal(r.after.fds, r.before.fds - 1, 'only the listener itself is gone')
  })

  it('reload() 1,000 times a second under traffic: every message answered once, in order', () => {
    const r = scenario('reload')
    assert.equal(r.answered, r.expected)
    assert.deepEqual(r.wrong, [])
    assert.ok(r.reloads > 0)
  })
})
