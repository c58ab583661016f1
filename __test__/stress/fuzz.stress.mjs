// Property-based bad-input fuzz (fast-check) of every entry point and
// method: listen, connect, udpSocket and file options (TLS options
// included), TCP socket, listener and UDP socket methods, open and after
// close, with hostile arguments. The property itself lives in
// fuzz-cases.mjs; this file runs each group of cases in a child process,
// so that a native crash, abort or panic (a signal or a non-zero exit) or
// a hang (killed after CHILD_TIMEOUT_MS) fails the group here, with the
// child's stderr, the seed and the last case it started.
//
//   node --test __test__/stress/fuzz.stress.mjs
//   FUZZ_SEED=123 node --test __test__/stress/fuzz.stress.mjs

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const casesScript = path.join(here, 'fuzz-cases.mjs')

// A fixed seed, so that every run checks the same cases and a failure
// reproduces; FUZZ_SEED explores others.
const DEFAULT_SEED = 20261130
const seedText = process.env.FUZZ_SEED || String(DEFAULT_SEED)
const seed = Number(seedText)

// Cases per group: 10,000 in all.
const GROUPS = {
  listen: 1500,
  connect: 1500,
  udpSocket: 1000,
  file: 1500,
  socketMethods: 1800,
  listenerMethods: 1000,
  udpMethods: 1700,
}

// What each group must have reached at least this often (a share of its
// cases): a generator that stopped producing valid calls would leave the
// fuzz testing only argument checks, and fail here instead.
const REACHED = {
  listen: { 'tcp listener': 0.1, 'unix listener': 0.03, 'non-object options': 0.02 },
  connect: { connected: 0.05, 'tls connected': 0.03, 'tls handshake': 0.01, 'connect rejected': 0.1, 'non-object options': 0.02 },
  udpSocket: { 'udp bound': 0.1, 'udp connected': 0.05, 'non-object options': 0.02 },
  file: { file: 0.2, 'file read': 0.05 },
  socketMethods: { 'tcp pair': 0.2, 'tls pair': 0.1, 'unix pair': 0.1, 'socket method after close': 0.1, upgraded: 0.001 },
  listenerMethods: { 'tcp listener': 0.15, 'tls listener': 0.15, 'unix listener': 0.15, 'stopped listener method': 0.2 },
  udpMethods: { 'udp v4': 0.15, 'udp v6': 0.1, 'udp connected': 0.1, 'udp any': 0.1, 'udp method after close': 0.2 },
}

// Far above a group's few seconds on 2 cores: reaching it means a hang.
const CHILD_TIMEOUT_MS = 60_000

/** Runs one group in a child: { code, signal, stdout, stderr, lastCase, timedOut }. */
function runGroup(group, runs) {
  // The child's files (its scratch directory, the last case) live here, and
  // go with it even when the child could not clean up after itself.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsf-'))
  const traceFile = path.join(dir, 'last-case.txt')
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [casesScript, group, String(runs)], {
      env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_TRACE: traceFile, FUZZ_TMPDIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, CHILD_TIMEOUT_MS)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      let lastCase = '(none recorded)'
      try {
        lastCase = fs.readFileSync(traceFile, 'utf8').trim()
      } catch {
        // The child died before it could record a case.
      }
      fs.rmSync(dir, { recursive: true, force: true })
      resolve({ code, signal, stdout, stderr, lastCase, timedOut })
    })
  })
}

describe(`bad-input fuzz, FUZZ_SEED=${seedText}`, () => {
  for (const [group, runs] of Object.entries(GROUPS)) {
    it(`${group}: ${runs} cases`, { timeout: CHILD_TIMEOUT_MS + 15_000 }, async (t) => {
      assert.ok(Number.isInteger(seed), `FUZZ_SEED must be an integer, got ${seedText}`)
      const result = await runGroup(group, runs)
      const context = [
        `group ${group}, FUZZ_SEED=${seed}`,
        `reproduce: FUZZ_SEED=${seed} node __test__/stress/fuzz-cases.mjs ${group} ${runs}`,
        result.timedOut ? `the child hung: killed after ${CHILD_TIMEOUT_MS} ms` : '',
        `last case started: ${result.lastCase.slice(0, 4000)}`,
        `child stderr:\n${result.stderr.slice(-12_000)}`,
      ].join('\n')
      assert.equal(result.signal, null, `the child died of ${result.signal}\n${context}`)
      assert.equal(result.code, 0, `the child exited with code ${result.code}\n${context}`)

      const summary = JSON.parse(result.stdout.trim().split('\n').at(-1))
      assert.equal(summary.runs, runs, `ran ${summary.runs} cases, not ${runs}\n${context}`)
      for (const [what, share] of Object.entries(REACHED[group])) {
        const count = summary.reached[what] ?? 0
        assert.ok(count >= Math.ceil(runs * share), `reached "${what}" in ${count} of ${runs} cases, expected at least ${share * 100}%`)
      }
      t.diagnostic(`${summary.ms} ms; calls returned ${summary.returned}, threw an Error ${summary.threw}, threw our sentinel ${summary.sentinel}`)
      t.diagnostic(`reached ${JSON.stringify(summary.reached)}`)
    })
  }
})
