// Shared by the scenarios: one JSON line per trace entry, normalised so
// that Bun and Node runs are comparable (no ports, fds, timings, or error
// messages unless a scenario checks one on purpose).

export const trace = (...parts) => console.log(JSON.stringify(parts, replacer))

function replacer(key, value) {
  if (value === undefined) return '<undefined>'
  if (typeof value === 'bigint') return `${value}n`
  return value
}

/** The comparable part of an error. */
export function err(e) {
  if (e === undefined) return undefined
  if (e === null) return null
  if (!(e instanceof Error)) return { notAnError: typeof e }
  return { class: e.constructor.name, code: e.code, errno: e.errno, syscall: e.syscall }
}

/** Runs `fn`; traces what it returned or threw. */
export function attempt(label, fn) {
  try {
    const value = fn()
    if (value && typeof value.then === 'function') {
      return value.then(
        (v) => trace(label, 'resolved', describe(v)),
        (e) => trace(label, 'rejected', err(e)),
      )
    }
    trace(label, 'returned', describe(value))
    return value
  } catch (e) {
    trace(label, 'threw', err(e), e.message)
    return undefined
  }
}

function describe(v) {
  if (v === null || v === undefined || typeof v !== 'object') return v
  return `[${v.constructor?.name ?? 'object'}]`
}

/** A promise plus its resolver. */
export function defer() {
  let resolve
  const promise = new Promise((r) => (resolve = r))
  return { promise, resolve }
}

/** Resolves after `count` calls of the returned `tick`. */
export function countdown(count) {
  const d = defer()
  let left = count
  return {
    promise: d.promise,
    tick() {
      if (--left === 0) d.resolve()
    },
  }
}

/** Ends the process if a scenario hangs, so a missing event fails it. */
export function guard(ms = 8000) {
  setTimeout(() => {
    trace('TIMED OUT')
    process.exit(9)
  }, ms).unref()
}

/** Traces of two sides, printed side by side once both are complete. */
export function sides() {
  const log = { server: [], client: [] }
  return {
    server: (...p) => log.server.push(p),
    client: (...p) => log.client.push(p),
    print() {
      for (const side of ['server', 'client']) for (const entry of log[side]) trace(side, ...entry)
    },
  }
}
