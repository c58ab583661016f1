// Shared test helpers: deferreds with timeouts (so a missing event fails
// the test instead of hanging it), an echo server, and a subprocess runner
// for exit/ref behaviour.

import { spawn } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** A promise with its resolve/reject, that rejects by itself after `ms`. */
export function deferred(label = 'event', ms = 5000) {
  let resolve
  let reject
  const promise = new Promise((res, rej) => {
    resolve = res
    reject = rej
  })
  const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms)
  timer.unref()
  promise.finally(() => clearTimeout(timer)).catch(() => {})
  return { promise, resolve, reject }
}

/** Resolves when `predicate()` holds, checking after each event via `poke`. */
export function until(label, ms = 5000) {
  const d = deferred(label, ms)
  return { ...d, check(predicate) { if (predicate()) d.resolve() } }
}

export function uniqueUnixPath(tag = 'sock') {
  return path.join(os.tmpdir(), `bun-sockets-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 10)}.sock`)
}

/**
 * Runs `source` in a fresh Node (an ES module unless `args` set another
 * --input-type), with the polyfill loaded unless `polyfill: false`.
 * Resolves with {code, signal, stdout, stderr}; kills it after `ms`.
 */
export function runNode(source, { ms = 10_000, args = [], env = {}, polyfill = true } = {}) {
  const preload = polyfill ? ['--import', 'bun-sockets/polyfill'] : []
  const inputType = args.some((a) => a.startsWith('--input-type')) ? [] : ['--input-type=module']
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...preload, ...args, ...inputType, '-e', source], {
      cwd: root,
      env: { ...process.env, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const started = Date.now()
    const timer = setTimeout(() => child.kill('SIGKILL'), ms)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, elapsed: Date.now() - started })
    })
  })
}

/** Collects every byte a socket receives, for integrity checks. */
export function collector() {
  const chunks = []
  let length = 0
  return {
    push(chunk) {
      chunks.push(Buffer.from(chunk))
      length += chunk.byteLength
    },
    get length() {
      return length
    },
    bytes() {
      return Buffer.concat(chunks, length)
    },
  }
}
