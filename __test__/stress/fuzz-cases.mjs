// The body of the bad-input fuzz: fast-check properties over every entry
// point and method, with hostile arguments. fuzz.stress.mjs runs one group
// per child process, so that a native crash, abort, panic or hang ends this
// process (a signal, a non-zero exit, a kill on timeout) instead of the
// test runner, and is reported with this process's stderr.
//
//   FUZZ_SEED=1 node __test__/stress/fuzz-cases.mjs <group> <runs>
//
// The property, for every call: it returns a value of the documented kind,
// or throws an `Error` (TypeError, RangeError, Error...), or throws exactly
// the sentinel that one of our own hostile getters, Proxies or toString
// threw. Never a non-Error, never a crash or hang; promises settle.
//
// Network: loopback only. Host names come from a fixed set; a non-string
// host is used only when its string form is in that set or converting it
// throws, because Bun (and this package) stringify any other host value
// ("[object Object]", "Symbol(x)", "1") and would hand it to getaddrinfo.
// UDP destinations and multicast groups obey the same rule (a number would
// become an IPv4 address through inet_aton), and a multicast join always
// names the loopback interface, so no IGMP leaves the machine. Unix paths
// live in a private directory under os.tmpdir().
//
// Env: FUZZ_SEED (required), FUZZ_TRACE (a file that holds the case being
// run, for crashes), FUZZ_TMPDIR (where to make the scratch directory),
// FUZZ_VERBOSE=1 (print every error kind seen).

import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import util from 'node:util'
import { fileURLToPath, pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { connect, file, listen, udpSocket } from 'bun-sockets'

const here = path.dirname(fileURLToPath(import.meta.url))
const fixtures = path.join(here, '..', 'fixtures', 'tls')

const [group, runsArg] = process.argv.slice(2)
const numRuns = Number(runsArg)
const seed = Number(process.env.FUZZ_SEED)
if (!Number.isInteger(numRuns) || numRuns < 1 || !Number.isInteger(seed)) {
  console.error('usage: FUZZ_SEED=<integer> node fuzz-cases.mjs <group> <runs>')
  process.exit(2)
}

// Everything this process writes to disk, and its working directory, so
// that relative paths given to file() and unix paths stay in here. (Under
// FUZZ_TMPDIR when the parent gives one: it removes that even after a crash.)
const scratch = fs.mkdtempSync(path.join(process.env.FUZZ_TMPDIR || os.tmpdir(), 'bun-sockets-fuzz-'))
process.chdir(scratch)
const dataFile = path.join(scratch, 'data.json')
fs.writeFileSync(dataFile, '{"fuzz": [1, 2, 3]}\n')
const missingFile = path.join(scratch, 'missing.txt')
let unixCounter = 0
const freshUnixPath = () => path.join(scratch, `s${unixCounter++}.sock`)

const PEM = {}
const PEM_FILES = ['server.key', 'server.pem', 'ca.pem', 'client.key', 'client.pem', 'server-encrypted.key']
PEM_FILES.push('server-rsa.key', 'server-rsa.pem', 'self-signed.pem', 'expired.pem')
for (const name of PEM_FILES) {
  PEM[name] = fs.readFileSync(path.join(fixtures, name), 'utf8')
}

const TIMEOUT_MS = 5000

// ---- outcome checking ------------------------------------------------------

class FuzzSentinel extends Error {}

/** Per-case state: sentinels thrown by our hostile values, and clean-ups. */
class Run {
  sentinels = new Set()
  cleanups = []
  /** Ports and paths made by this case, for `targetPort` and friends. */
  ctx = {}

  /** What a hostile getter throws: an Error, or a plain object on purpose. */
  sentinel(nonError) {
    const thrown = nonError ? Object.freeze({ fuzzSentinel: true }) : new FuzzSentinel('fuzz sentinel')
    this.sentinels.add(thrown)
    return thrown
  }

  defer(label, fn) {
    this.cleanups.push([label, fn])
  }

  /** Clean-up calls take valid arguments: none of them may throw. */
  async cleanup() {
    const failures = []
    for (const [label, fn] of this.cleanups.reverse()) {
      try {
        await fn()
      } catch (err) {
        failures.push(`${label}: ${show(err)}`)
      }
    }
    this.cleanups = []
    assert.deepEqual(failures, [], 'clean-up with valid arguments threw')
  }
}

const stats = { runs: 0, returned: 0, threw: 0, sentinel: 0, reached: {}, errors: {} }

function reached(what) {
  stats.reached[what] = (stats.reached[what] || 0) + 1
}

function show(value) {
  try {
    return util.inspect(value, { depth: 1, breakLength: Infinity, maxStringLength: 120, maxArrayLength: 8 })
  } catch {
    return `<${typeof value}>`
  }
}

// Codes whose class README and the tests fix (errors.test.mjs,
// file.test.mjs, udp.test.mjs).
const CODE_CLASS = {
  ERR_INVALID_ARG_TYPE: TypeError,
  ERR_INVALID_ARG_VALUE: TypeError,
  ERR_INVALID_URL_SCHEME: TypeError,
  ERR_INVALID_FILE_URL_HOST: TypeError,
  ERR_INVALID_FILE_URL_PATH: TypeError,
  ERR_OUT_OF_RANGE: RangeError,
  ERR_SOCKET_BAD_PORT: RangeError,
}

// Bugs this fuzz found, each checked against Bun 1.4.4 (the `bun` dev
// dependency) and not fixed yet. A bug's outcome fails the run under
// FUZZ_STRICT=1 (or FUZZ_STRICT=<id>,<id> for some of them); by default it
// is counted (and reported by the parent), so that the rest of the run
// still checks everything else.
/** A thrown value is acceptable: our sentinel, or a well-formed Error. */
function checkThrown(run, label, thrown) {
  if (run.sentinels.has(thrown)) {
    stats.sentinel++
    return
  }
  // A hostname with a NUL byte must be refused before any lookup. (Bun's
  // udpSocket refuses it with a getaddrinfo-shaped ENOTFOUND, errno 4,
  // which js/udp.js throws before calling the resolver; a failed lookup
  // of ours would say syscall "connect" or "bind".)
  const udpRefusal = label.startsWith('udpSocket') && thrown?.code === 'ENOTFOUND' && thrown?.errno === 4
  if (udpRefusal) {
    assert.equal(thrown.syscall, 'getaddrinfo', `${label}: ${show(thrown)}`)
    assert.ok(thrown.hostname.includes('\0'), `${label}: ENOTFOUND from udpSocket only for a NUL host name: ${show(thrown)}`)
    assert.equal(thrown.message, `getaddrinfo ENOTFOUND ${thrown.hostname}`, label)
  }
  const resolvedNul =
    !udpRefusal && typeof thrown?.hostname === 'string' && thrown.hostname.includes('\0') && thrown.syscall === 'getaddrinfo'
  assert.ok(!resolvedNul, `${label}: a NUL hostname reached getaddrinfo: ${show(thrown?.message)}`)
  assert.ok(thrown instanceof Error, `${label} threw a non-Error: ${show(thrown)}`)
  assert.equal(typeof thrown.message, 'string', `${label}: error without a message`)
  const expected = CODE_CLASS[thrown.code]
  if (expected !== undefined) {
    assert.ok(thrown instanceof expected, `${label}: ${thrown.code} is a ${thrown.constructor.name}, expected ${expected.name}: ${thrown.message}`)
  }
  stats.threw++
  const key = `${label}: ${thrown.constructor?.name} ${thrown.code ?? '(no code)'}`
  const entry = (stats.errors[key] ??= { count: 0, sample: thrown.message.slice(0, 140) })
  entry.count++
}

/** Calls fn; returns { value } or { thrown }, checking the outcome. */
function attempt(run, label, fn, checkValue) {
  let value
  try {
    value = fn()
  } catch (thrown) {
    checkThrown(run, label, thrown)
    return { thrown }
  }
  stats.returned++
  if (checkValue) checkValue(value)
  return { value }
}

/** The promise settles within TIMEOUT_MS: { value } or { thrown }. */
async function settle(run, label, promise) {
  assert.ok(promise instanceof Promise, `${label} returned ${show(promise)}, not a Promise`)
  let timer
  const guard = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)
  })
  try {
    const outcome = await Promise.race([promise.then((value) => ({ value }), (thrown) => ({ thrown })), guard])
    assert.notEqual(outcome, 'timeout', `${label}: the promise did not settle within ${TIMEOUT_MS} ms`)
    if ('thrown' in outcome) checkThrown(run, `${label} (rejected)`, outcome.thrown)
    else stats.returned++
    return outcome
  } finally {
    clearTimeout(timer)
  }
}

/** A promise that must already be settled (udpSocket): it wins against setImmediate. */
async function alreadySettled(run, label, promise) {
  assert.ok(promise instanceof Promise, `${label} returned ${show(promise)}, not a Promise`)
  const late = Symbol('late')
  const outcome = await Promise.race([
    promise.then((value) => ({ value }), (thrown) => ({ thrown })),
    new Promise((resolve) => setImmediate(resolve, late)),
  ])
  assert.notEqual(outcome, late, `${label}: the promise was not already settled`)
  if ('thrown' in outcome) checkThrown(run, `${label} (rejected)`, outcome.thrown)
  return outcome
}

/** A promise with resolve, that the caller awaits through `settle`. */
function deferred() {
  let resolve
  const promise = new Promise((r) => (resolve = r))
  return { promise, resolve }
}

// Our handlers never throw, so the only errors the package may hand to a
// handler (`error`, `close`, `connectError`, `handshake`, UDP `error`) are
// the socket and TLS errors it makes, which all carry a string `code`. An
// error without one (say "fn.call is not a function") is the package's own
// exception, routed to `error`: a bug. Faults are checked after each case,
// and once more at the end for events that came after their case.
const handlerFaults = []

/** Records what a handler was given that no handler should get. */
function noteHandlerArgs(args) {
  for (const arg of args) {
    if (arg instanceof Error && typeof arg.code !== 'string') handlerFaults.push(`run ${stats.runs}: ${show(arg)}`)
  }
}

/** A handler that does nothing but check its arguments. */
function handler(...args) {
  noteHandlerArgs(args)
}

/** Handlers for the sockets the properties make themselves. */
const quiet = () => ({ data: handler, drain: handler, error: handler, close: handler })

const isInt = (n) => Number.isInteger(n)
const isSocketLike = (s) => s !== null && typeof s === 'object' && typeof s.write === 'function' && typeof s.readyState === 'number'

// ---- hostile values ----------------------------------------------------------
// Arbitraries generate printable recipes (primitives, or `{ h: kind, ... }`);
// `build` makes fresh values from them in each run, so that stateful values
// (detached buffers, revoked Proxies, getters that flip) and our sentinels
// are new every time, and counterexamples print as readable recipes.

const SPECIAL_NUMBERS = [
  ...[0, -0, 1, -1, 1.5, -1.5, 0.1, NaN, Infinity, -Infinity, 255, 256, 511, 512, 16384, 16385],
  ...[65535, 65536, 65507, 65508, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -(2 ** 53), 2 ** 64],
  ...[Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 1e21],
]
const SPECIAL_STRINGS = [
  ...['', ' ', 'x', '0', '1', '-1', '1.5', '80', '0x50', '1e3', ' 1 ', 'NaN', 'Infinity'],
  ...['buffer', 'arraybuffer', 'uint8array', 'nodebuffer', 'hex', 'base64', 'latin1', 'utf16le'],
  ...['\0', 'a\0b', '\uD800', '\uDFFF\uD800', 'é', '🙂', '\u2028'],
]
const SPECIAL_BIGINTS = [0n, 1n, -1n, 80n, 2n ** 64n, -(2n ** 63n)]
const SYMBOLS = [Symbol('fuzz'), Symbol.iterator, Symbol.for('fuzz'), Symbol.toPrimitive]

// Objects that throw (or that make conversions throw) when touched.
const THROWING_KINDS = [
  ...['throwGet', 'throwHas', 'throwOwnKeys', 'throwProto', 'revoked', 'throwToString', 'throwToPrimitive'],
  ...['throwValueOf', 'primSymbol', 'primObject', 'proxyArray', 'throwIndex', 'fnThrowingName'],
]
// Other objects of every shape a caller could pass.
const OBJECT_KINDS = [
  ...['object', 'nullProto', 'frozenObject', 'sealedObject'],
  ...['fn', 'asyncFn', 'genFn', 'boundFn', 'class', 'callableProxy'],
  ...['holes', 'emptyArray', 'frozenArray', 'sparse', 'arguments'],
  ...['blob', 'bunFile', 'date', 'invalidDate', 'regexp', 'map', 'set', 'promise', 'error', 'weakRef', 'url'],
  ...['boxedString', 'boxedNumber', 'boxedSymbol', 'boxedBigInt', 'boxedBoolean'],
]

const recipe = (h) => fc.boolean().map((nonError) => ({ h, nonError }))

const bytesRecipe = fc.record({
  h: fc.constant('bytes'),
  kind: fc.constantFrom(
    ...['Uint8Array', 'Buffer', 'Uint8ClampedArray', 'Int8Array', 'Int16Array', 'Uint32Array', 'Float64Array'],
    ...['BigInt64Array', 'DataView', 'ArrayBuffer', 'SharedArrayBuffer'],
  ),
  len: fc.oneof(fc.constantFrom(0, 1, 7, 8, 100, 4096, 65507, 65508, 70000), fc.integer({ min: 0, max: 70000 })),
  offset: fc.constantFrom(0, 0, 1, 3, 16),
  // detached: the ArrayBuffer was transferred away; oob: a resizable buffer
  // shrunk under the view; tracking: a length-tracking view of one.
  state: fc.constantFrom('fresh', 'fresh', 'fresh', 'detached', 'detached', 'oob', 'tracking'),
})

const hugeString = fc.record({
  h: fc.constant('huge'),
  unit: fc.constantFrom('a', 'é', '🙂', '\uD800', '\0', '-----BEGIN CERTIFICATE-----\n'),
  n: fc.constantFrom(1 << 10, 1 << 16, 1 << 20),
})

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: hugeString },
)

const hostileObject = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...THROWING_KINDS).chain(recipe) },
  { weight: 3, arbitrary: fc.constantFrom(...OBJECT_KINDS).map((h) => ({ h })) },
  { weight: 2, arbitrary: bytesRecipe },
)

/** Any value at all. Not for host or address slots (see the top). */
const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(undefined, null, true, false, ...SYMBOLS, ...SPECIAL_BIGINTS) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 3, arbitrary: hostileString },
  { weight: 6, arbitrary: hostileObject },
)

/** Numbers around the interesting ranges, and anything else. */
const numberish = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 300 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 2, arbitrary: hostile },
)

const boolish = fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: hostile })

/** What write/send/TLS sources take: strings, bytes of all kinds, and the rest. */
const dataArb = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 1, arbitrary: hugeString },
  { weight: 4, arbitrary: bytesRecipe },
  { weight: 2, arbitrary: hostile },
)

// Host slots: the fixed set, variants that cannot resolve (a NUL stops the
// name before getaddrinfo), and non-strings whose conversion is safe.
const SAFE_HOSTS = ['127.0.0.1', '::1', 'localhost', '', '0.0.0.0']
const safeHostish = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(undefined, null) },
  {
    weight: 4,
    arbitrary: fc.constantFrom('throwGet', 'revoked', 'throwToString', 'throwToPrimitive', 'primSymbol', 'primObject', 'nullProto').chain(recipe),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...SAFE_HOSTS).chain((s) => fc.constantFrom({ h: 'toString', s }, { h: 'boxedString', s }, { h: 'array', items: [s] })),
  },
)
const nulHost = fc.record({
  h: fc.constant('nulString'),
  head: fc.constantFrom(...SAFE_HOSTS),
  tail: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('x'.repeat(1 << 16), '.example.com')),
})
const hostArb = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...SAFE_HOSTS) },
  { weight: 2, arbitrary: nulHost },
  { weight: 3, arbitrary: safeHostish },
)

// UDP destinations (numeric parsing with inet_aton, no DNS): loopback
// forms only, plus the safe non-strings.
const UDP_ADDRESSES = ['127.0.0.1', '::1', '127.1', '::ffff:127.0.0.1', '127.255.255.255', 'localhost', '', 'not-an-ip', '0.0.0.0']
const udpAddress = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...UDP_ADDRESSES) },
  { weight: 2, arbitrary: nulHost },
  { weight: 3, arbitrary: safeHostish },
)

/** Unix paths: fresh ones in the scratch directory, odd ones, non-strings. */
const unixArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ h: 'unixPath' }) },
  { weight: 1, arbitrary: fc.constant({ h: 'unixAbstract' }) },
  // No separators: a name cannot climb out of the scratch directory.
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s) => ({ h: 'unixNamed', name: s.replace(/\//g, '_') })) },
  { weight: 1, arbitrary: fc.constantFrom({ h: 'unixLong' }, { h: 'unixNoDir' }, { h: 'unixIsDir' }, { h: 'unixIsFile' }, { h: 'unixNul' }) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: hostile.filter((v) => typeof v !== 'string' && v?.h !== 'huge') },
)

/**
 * An options object: `entries` set in order on a container of `shape`;
 * `bad` names the key a throwing getter or Proxy trap fails on ('*': all).
 */
function optionsArb(keys, valueArbs, { base = fc.constant([]), maxMutations = 3 } = {}) {
  const entry = fc.oneof(...keys.map((key) => fc.tuple(fc.constant(key), valueArbs[key])))
  return fc.record({
    h: fc.constant('opts'),
    shape: fc.oneof(
      { weight: 14, arbitrary: fc.constant('plain') },
      { weight: 4, arbitrary: fc.constantFrom('frozen', 'inherited', 'nullProto', 'function', 'array', 'flipping', 'revoked') },
      { weight: 4, arbitrary: fc.constantFrom('getterThrows', 'proxyGet', 'proxyHas', 'proxyProto') },
    ),
    bad: fc.constantFrom('*', ...keys),
    nonError: fc.boolean(),
    entries: fc.tuple(base, fc.array(entry, { maxLength: maxMutations })).map(([b, m]) => [...b, ...m]),
  })
}

// Handler values: callable ones must not throw when called (a handler that
// throws without an `error` handler is, as in Bun, an uncaught exception,
// which would stop this process for the wrong reason). Class constructors
// and callable Proxies are therefore only used where nothing calls them.
const handlerValue = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom({ h: 'fn' }, { h: 'asyncFn' }, { h: 'genFn' }, { h: 'boundFn' }) },
  { weight: 3, arbitrary: hostile.filter((r) => !['fn', 'asyncFn', 'genFn', 'boundFn', 'class', 'callableProxy', 'fnThrowingName'].includes(r?.h)) },
  { weight: 1, arbitrary: fc.constantFrom('buffer', 'arraybuffer', 'uint8array', 'text', 'nodebuffer') },
)
const HANDLER_KEYS = ['open', 'close', 'data', 'drain', 'end', 'error', 'timeout', 'connectError', 'handshake', 'session', 'binaryType']
const handlersArb = fc.oneof(
  { weight: 8, arbitrary: optionsArb(HANDLER_KEYS, Object.fromEntries(HANDLER_KEYS.map((k) => [k, handlerValue])), { base: fc.constant([['data', { h: 'fn' }], ['error', { h: 'fn' }]]) }) },
  { weight: 1, arbitrary: optionsArb(HANDLER_KEYS, Object.fromEntries(HANDLER_KEYS.map((k) => [k, handlerValue]))) },
  { weight: 1, arbitrary: hostile.filter((r) => r?.h !== 'callableProxy') },
)

// TLS sources: PEM text, bytes and Bun.file of the fixtures; missing files,
// directories, garbage, arrays (with holes) of them, and anything else.
const PEM_NAMES = Object.keys(PEM)
const sourceArb = fc.letrec((tie) => ({
  source: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...PEM_NAMES).chain((which) => fc.constantFrom({ h: 'pem', which }, { h: 'pemBuffer', which }, { h: 'pemFile', which })) },
    { weight: 1, arbitrary: fc.constantFrom({ h: 'fileOf', which: 'missing' }, { h: 'fileOf', which: 'dir' }, { h: 'fileOf', which: 'data' }, { h: 'pemSlice', which: 'server.pem' }) },
    { weight: 2, arbitrary: fc.array(tie('source'), { maxLength: 3 }).map((items) => ({ h: 'array', items })) },
    { weight: 1, arbitrary: fc.tuple(tie('source'), fc.nat(4)).map(([item, at]) => ({ h: 'holes', item, at })) },
    { weight: 3, arbitrary: dataArb },
  ),
})).source

const TLS_KEYS = [
  ...['key', 'cert', 'ca', 'passphrase', 'serverName', 'servername', 'rejectUnauthorized', 'requestCert'],
  ...['ALPNProtocols', 'ciphers', 'minVersion', 'maxVersion', 'secureOptions', 'lowMemoryMode'],
]
const stringish = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('localhost', 'bun-sockets', '', 'TLS_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'NOT-A-CIPHER', '\x02h2\x08http/1.1', '\x00'),
  },
  { weight: 2, arbitrary: hostile },
)
const TLS_VALUES = {
  key: sourceArb,
  cert: sourceArb,
  ca: sourceArb,
  passphrase: stringish,
  serverName: stringish,
  servername: stringish,
  rejectUnauthorized: boolish,
  requestCert: boolish,
  ALPNProtocols: fc.oneof(stringish, dataArb),
  ciphers: stringish,
  minVersion: fc.oneof(fc.constantFrom(0x0303, 0x0304, 0x0301), numberish),
  maxVersion: fc.oneof(fc.constantFrom(0x0303, 0x0304, 0x0302), numberish),
  secureOptions: fc.oneof(fc.constantFrom(0, 0x08000000, 0x20000000, 0x28000000, 2 ** 32, -1), numberish),
  lowMemoryMode: boolish,
}
// Valid starting points that mutations then spoil.
const serverTlsBase = fc.constantFrom(
  [],
  [['key', { h: 'pem', which: 'server.key' }], ['cert', { h: 'pem', which: 'server.pem' }]],
  [['key', { h: 'pemFile', which: 'server.key' }], ['cert', { h: 'pemBuffer', which: 'server.pem' }]],
)
const clientTlsBase = fc.constantFrom(
  [],
  [['ca', { h: 'pem', which: 'ca.pem' }]],
  [['rejectUnauthorized', false]],
  [['ca', { h: 'pemFile', which: 'ca.pem' }], ['serverName', 'localhost']],
)
const tlsArb = (base) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(undefined, true, false, null) },
    { weight: 6, arbitrary: optionsArb(TLS_KEYS, TLS_VALUES, { base }) },
    { weight: 1, arbitrary: hostile },
  )

// ---- building values from recipes ------------------------------------------

const TYPED = {
  Uint8Array,
  Uint8ClampedArray,
  Int8Array,
  Int16Array,
  Uint32Array,
  Float64Array,
  BigInt64Array,
}

function makeBytes(r) {
  const Typed = TYPED[r.kind]
  const unit = Typed ? Typed.BYTES_PER_ELEMENT : 1
  const count = Math.floor(r.len / unit)
  const offset = r.offset * unit
  const size = offset + count * unit
  const resizable = r.state === 'oob' || r.state === 'tracking'
  let ab
  if (r.kind === 'SharedArrayBuffer') ab = new SharedArrayBuffer(size)
  else ab = resizable ? new ArrayBuffer(size, { maxByteLength: size + 64 }) : new ArrayBuffer(size)
  new Uint8Array(ab).fill(0x61)
  let value
  if (r.kind === 'ArrayBuffer' || r.kind === 'SharedArrayBuffer') value = ab
  else if (r.kind === 'DataView') value = r.state === 'tracking' ? new DataView(ab, offset) : new DataView(ab, offset, count)
  else if (r.kind === 'Buffer') value = Buffer.from(ab, offset, r.state === 'tracking' ? undefined : count)
  else value = r.state === 'tracking' ? new Typed(ab, offset) : new Typed(ab, offset, count)
  if (r.state === 'detached' && !(ab instanceof SharedArrayBuffer)) structuredClone(ab, { transfer: [ab] })
  if (r.state === 'oob' && ab.resizable) ab.resize(0)
  return value
}

function makeOptions(r, run) {
  const plain = r.shape === 'array' ? [] : {}
  for (const [key, value] of r.entries) plain[key] = build(value, run)
  const boom = () => {
    throw run.sentinel(r.nonError)
  }
  const hits = (key) => r.bad === '*' || key === r.bad
  switch (r.shape) {
    case 'plain':
    case 'array':
      return plain
    case 'frozen':
      return Object.freeze(plain)
    case 'inherited':
      return Object.create(plain)
    case 'nullProto':
      return Object.assign(Object.create(null), plain)
    case 'function':
      return Object.assign(function options() {}, plain)
    case 'revoked': {
      const { proxy, revoke } = Proxy.revocable(plain, {})
      revoke()
      return proxy
    }
    case 'flipping': {
      // Each key answers its value once, then an object that throws on any
      // conversion: a validator that reads twice gets two different
      // answers. (Not a symbol or plain object, whose string form a second
      // read of `hostname` would hand to getaddrinfo.)
      const flipped = {}
      const poisoned = { [Symbol.toPrimitive]: boom, toString: boom, valueOf: boom }
      for (const key of Object.keys(plain)) {
        let reads = 0
        Object.defineProperty(flipped, key, {
          enumerable: true,
          get: () => (reads++ === 0 ? plain[key] : poisoned),
        })
      }
      return flipped
    }
    case 'getterThrows': {
      const keys = r.bad === '*' ? Object.keys(plain) : [r.bad]
      for (const key of keys) Object.defineProperty(plain, key, { enumerable: true, get: boom })
      return plain
    }
    case 'proxyGet':
      return new Proxy(plain, { get: (t, key, receiver) => (typeof key === 'string' && hits(key) ? boom() : Reflect.get(t, key, receiver)) })
    case 'proxyHas':
      return new Proxy(plain, { has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom })
    case 'proxyProto':
      return new Proxy(plain, { getPrototypeOf: boom, isExtensible: boom })
    default:
      throw new Error(`unknown shape ${r.shape}`)
  }
}

function build(r, run) {
  if (r === null || typeof r !== 'object') return r
  const boom = () => {
    throw run.sentinel(r.nonError)
  }
  switch (r.h) {
    case 'opts':
      return makeOptions(r, run)
    case 'bytes':
      return makeBytes(r)
    case 'huge':
      return r.unit.repeat(Math.ceil(r.n / r.unit.length))
    case 'nulString':
      return `${r.head}\0${r.tail}`
    case 'toString':
      return { toString: () => r.s }
    case 'boxedString':
      return new String(r.s ?? 'x')
    case 'array':
      return r.items.map((item) => build(item, run))
    case 'holes': {
      const at = r.at ?? 1
      const a = new Array(at + 2)
      a[at] = build(r.item ?? 'x', run)
      return a
    }
    case 'throwGet':
      return new Proxy({}, { get: boom })
    case 'throwHas':
      return new Proxy({}, { has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom })
    case 'throwOwnKeys':
      return new Proxy([], { ownKeys: boom })
    case 'throwProto':
      return new Proxy(new Uint8Array(4), { getPrototypeOf: boom })
    case 'revoked': {
      const { proxy, revoke } = Proxy.revocable({}, {})
      revoke()
      return proxy
    }
    case 'throwToString':
      return { toString: boom, valueOf: boom }
    case 'throwToPrimitive':
      return { [Symbol.toPrimitive]: boom }
    case 'throwValueOf':
      return { valueOf: boom, toString: () => '7' }
    case 'primSymbol':
      return { [Symbol.toPrimitive]: () => Symbol('primitive') }
    case 'primObject':
      return { toString: () => ({}), valueOf: () => ({}) }
    case 'proxyArray':
      // Array.isArray says yes; every element read throws.
      return new Proxy(['x', 1, '127.0.0.1'], { get: (t, key) => (key === 'length' ? 3 : boom()) })
    case 'throwIndex': {
      const a = ['x', 1, '127.0.0.1']
      Object.defineProperty(a, 1, { get: boom })
      return a
    }
    case 'fnThrowingName': {
      const f = function named() {}
      Object.defineProperty(f, 'name', { get: boom })
      return f
    }
    case 'object':
      return { a: 1 }
    case 'nullProto':
      return Object.create(null)
    case 'frozenObject':
      return Object.freeze({ a: 1 })
    case 'sealedObject':
      return Object.seal({ a: 1 })
    case 'fn':
      return (...args) => handler(...args)
    case 'asyncFn':
      return async (...args) => handler(...args)
    case 'genFn':
      return function* generator(...args) {
        handler(...args)
      }
    case 'boundFn':
      return handler.bind(null)
    case 'class':
      return class Klass {}
    case 'callableProxy':
      return new Proxy(function target() {}, { get: boom, apply: boom })
    case 'emptyArray':
      return []
    case 'frozenArray':
      return Object.freeze(['x', 1])
    case 'sparse':
      return new Array(100_000)
    case 'blob':
      return new Blob(['blob'])
    case 'bunFile':
      return file(dataFile)
    case 'date':
      return new Date(0)
    case 'invalidDate':
      return new Date(NaN)
    case 'regexp':
      return /x/g
    case 'map':
      return new Map([['port', 1]])
    case 'set':
      return new Set([1])
    case 'promise':
      return Promise.resolve(1)
    case 'error':
      return new Error('a plain error')
    case 'boxedNumber':
      return new Number(80)
    case 'boxedSymbol':
      return Object(Symbol('boxed'))
    case 'boxedBigInt':
      return Object(80n)
    case 'boxedBoolean':
      return new Boolean(false)
    case 'weakRef':
      return new WeakRef({})
    case 'url':
      return new URL(`file://${dataFile}`)
    case 'arguments':
      return (function () {
        return arguments
      })(1, 'x')
    case 'pem':
      return PEM[r.which]
    case 'pemBuffer':
      return Buffer.from(PEM[r.which])
    case 'pemFile':
      return file(path.join(fixtures, r.which))
    case 'pemSlice':
      return file(path.join(fixtures, r.which)).slice(0, 100)
    case 'fileOf':
      return file({ missing: missingFile, dir: scratch, data: dataFile }[r.which])
    case 'unixPath':
      return freshUnixPath()
    case 'unixAbstract':
      return `\0bun-sockets-fuzz-${process.pid}-${unixCounter++}`
    case 'unixNamed':
      return path.join(scratch, `n-${r.name}`)
    case 'unixLong':
      return path.join(scratch, 'l'.repeat(200))
    case 'unixNoDir':
      return path.join(scratch, 'no-such-dir', 'x.sock')
    case 'unixIsDir':
      return scratch
    case 'unixIsFile':
      return dataFile
    case 'unixNul':
      return `${freshUnixPath()}\0tail`
    // Values only the running case knows: the port or path of the
    // listener it connects to, the port of its UDP peer.
    case 'targetPort':
      return run.ctx.port ?? 1
    case 'targetPortString':
      return String(run.ctx.port ?? 1)
    case 'targetUnix':
      return run.ctx.unix ?? missingFile
    case 'peerPort':
      return run.ctx.peerPort ?? 1
    // file() sources: the ones that are safe to read are marked `readable`.
    case 'path':
      return { data: dataFile, missing: missingFile, dir: scratch, relative: 'data.json', empty: '' }[r.which]
    case 'fileUrl':
      return {
        data: () => pathToFileURL(dataFile),
        http: () => new URL('http://x/a.txt'),
        host: () => new URL('file://host/tmp/a.txt'),
        slash: () => new URL('file:///tmp/a%2Fb'),
        nul: () => new URL('file:///tmp/a%00b'),
      }[r.which]()
    case 'pathBytes':
      return { data: Buffer.from(dataFile), nul: Buffer.from('a\0b'), empty: Buffer.alloc(0) }[r.which]
    default:
      throw new Error(`unknown recipe ${r.h}`)
  }
}


// ---- entry points ------------------------------------------------------------

const SOCKET_SPEC = { h: 'opts', shape: 'plain', bad: '*', nonError: false, entries: [['data', { h: 'fn' }], ['error', { h: 'fn' }]] }

const portArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 65535 }) },
  { weight: 2, arbitrary: fc.constantFrom(-1, 65536, 70000, 1.5, NaN, Infinity, -Infinity, -0, 2 ** 31, 2 ** 32, 2 ** 53, '0', '1', 'abc', ' 0 ', '0x10', '1e3', '', true, null, undefined) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: hostile },
)

const LISTEN_KEYS = ['hostname', 'port', 'socket', 'data', 'allowHalfOpen', 'exclusive', 'reusePort', 'ipv6Only', 'backlog', 'unix', 'tls', 'fd']
const LISTEN_VALUES = {
  hostname: hostArb,
  port: portArb,
  socket: handlersArb,
  data: hostile,
  allowHalfOpen: boolish,
  exclusive: boolish,
  reusePort: boolish,
  ipv6Only: boolish,
  backlog: numberish,
  unix: unixArb,
  tls: tlsArb(serverTlsBase),
  fd: numberish,
}
const listenOptionsArb = fc.oneof(
  {
    weight: 9,
    arbitrary: optionsArb(LISTEN_KEYS, LISTEN_VALUES, {
      base: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('127.0.0.1', 'localhost', '::1', '0.0.0.0').map((hostname) => [['hostname', hostname], ['port', 0], ['socket', SOCKET_SPEC]]) },
        { weight: 1, arbitrary: fc.constant([['unix', { h: 'unixPath' }], ['socket', SOCKET_SPEC]]) },
        { weight: 1, arbitrary: fc.constant([]) },
      ),
    }),
  },
  { weight: 1, arbitrary: hostile },
)

const CONNECT_VALUES = {
  ...LISTEN_VALUES,
  port: fc.oneof({ weight: 3, arbitrary: fc.constantFrom({ h: 'targetPort' }, { h: 'targetPortString' }) }, { weight: 2, arbitrary: portArb }),
  unix: fc.oneof({ weight: 1, arbitrary: fc.constant({ h: 'targetUnix' }) }, { weight: 2, arbitrary: unixArb }),
  tls: tlsArb(clientTlsBase),
}
const connectOptionsArb = fc.oneof(
  {
    weight: 9,
    arbitrary: optionsArb(LISTEN_KEYS, CONNECT_VALUES, {
      base: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('127.0.0.1', 'localhost', '::1', '0.0.0.0').map((hostname) => [['hostname', hostname], ['port', { h: 'targetPort' }], ['socket', SOCKET_SPEC]]) },
        { weight: 1, arbitrary: fc.constant([['unix', { h: 'targetUnix' }], ['socket', SOCKET_SPEC]]) },
        // TLS to the TLS target, as the fixtures' CA vouches for it.
        {
          weight: 2,
          arbitrary: fc.constant([
            ['hostname', '127.0.0.1'],
            ['port', { h: 'targetPort' }],
            ['socket', SOCKET_SPEC],
            ['tls', { h: 'opts', shape: 'plain', bad: '*', entries: [['ca', { h: 'pem', which: 'ca.pem' }], ['serverName', 'localhost']] }],
          ]),
        },
      ),
    }),
  },
  { weight: 1, arbitrary: hostile },
)

const UDP_HANDLER_KEYS = ['data', 'drain', 'error']
const udpHandlersArb = fc.oneof(
  { weight: 6, arbitrary: optionsArb(UDP_HANDLER_KEYS, { data: handlerValue, drain: handlerValue, error: handlerValue }, { base: fc.constant([['data', { h: 'fn' }], ['error', { h: 'fn' }]]) }) },
  { weight: 1, arbitrary: hostile.filter((r) => r?.h !== 'callableProxy' && r?.h !== 'class') },
)
const binaryTypeArb = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('buffer', 'arraybuffer', 'uint8array', 'nodebuffer', 'text', '') }, { weight: 1, arbitrary: hostile })
const udpConnectArb = fc.oneof(
  {
    weight: 4,
    arbitrary: optionsArb(['hostname', 'port'], { hostname: hostArb, port: fc.oneof(fc.constant({ h: 'peerPort' }), portArb) }, {
      base: fc.constant([['hostname', '127.0.0.1'], ['port', { h: 'peerPort' }]]),
    }),
  },
  // No hostname string in any of these: nothing to resolve.
  { weight: 1, arbitrary: hostile.filter((r) => typeof r !== 'string' && r?.h !== 'huge') },
)
const udpOptionsArb = fc.oneof(
  {
    weight: 9,
    arbitrary: optionsArb(
      ['hostname', 'port', 'socket', 'binaryType', 'connect'],
      { hostname: hostArb, port: portArb, socket: udpHandlersArb, binaryType: binaryTypeArb, connect: udpConnectArb },
      {
        base: fc.constantFrom(
          [],
          [['hostname', '127.0.0.1']],
          [['hostname', '::1'], ['socket', { h: 'opts', shape: 'plain', bad: '*', entries: [['error', { h: 'fn' }]] }]],
          [['hostname', '127.0.0.1'], ['connect', { h: 'opts', shape: 'plain', bad: '*', entries: [['hostname', '127.0.0.1'], ['port', { h: 'peerPort' }]] }]],
        ),
      },
    ),
  },
  { weight: 1, arbitrary: hostile },
)

const fileSourceArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('data', 'missing', 'dir', 'relative', 'empty').map((which) => ({ h: 'path', which, readable: true })) },
  { weight: 1, arbitrary: fc.constant({ h: 'fileUrl', which: 'data', readable: true }) },
  { weight: 1, arbitrary: fc.constant({ h: 'pathBytes', which: 'data', readable: true }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...['http', 'host', 'slash', 'nul'].map((which) => ({ h: 'fileUrl', which })),
      ...['nul', 'empty'].map((which) => ({ h: 'pathBytes', which })),
      ...['s3://bucket/key', 'a\0b', `${dataFile}\0`],
    ),
  },
  // Arbitrary names and descriptors are only stat'ed, never read: a
  // descriptor may be this process's own eventfd or socket.
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 3, arbitrary: fc.oneof(fc.integer({ min: -3, max: 2 ** 31 + 3 }), fc.constantFrom(0, 1, 2, -0, 2147483647, 2147483648, 1.5, NaN, Infinity, -1, 2 ** 40)) },
  { weight: 3, arbitrary: hostile },
)
const fileOptionsArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: optionsArb(['type', 'endings'], {
      type: fc.oneof(fc.constantFrom('text/plain', 'TEXT/HTML', 'application/json', 'é', 'a\0b', ''), hostile),
      endings: fc.oneof(fc.constantFrom('native', 'transparent'), hostile),
    }),
  },
  { weight: 1, arbitrary: hostile },
)
const sliceArg = fc.oneof({ weight: 3, arbitrary: numberish }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json', 'é', '') })
const fileCommandArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ m: fc.constant('slice'), argc: fc.nat(4), args: fc.tuple(sliceArg, sliceArg, sliceArg, hostile) }) },
  { weight: 4, arbitrary: fc.record({ m: fc.constantFrom('text', 'bytes', 'arrayBuffer', 'json', 'exists', 'stream'), argc: fc.nat(1), args: fc.tuple(hostile) }) },
  { weight: 2, arbitrary: fc.record({ m: fc.constantFrom('name', 'type', 'size', 'lastModified'), argc: fc.constant(0), args: fc.constant([]) }) },
  { weight: 1, arbitrary: fc.record({ m: fc.constant('set name'), argc: fc.constant(1), args: fc.tuple(hostile) }) },
)

const isBunFileLike = (f) => f instanceof Blob && typeof f.slice === 'function' && typeof f.exists === 'function'

/**
 * Oracles for file(source) from file.test.mjs (classes and codes of bad
 * paths and fds). The source is checked before the options, so only a
 * valid source's success depends on `plainOptions` (no options to fail on).
 */
function checkFileOracle(run, source, outcome, plainOptions) {
  if ('thrown' in outcome && run.sentinels.has(outcome.thrown)) return
  const err = outcome.thrown
  const shown = show(source)
  if (source === undefined || source === null || ['boolean', 'symbol', 'bigint'].includes(typeof source)) {
    assert.ok(err instanceof TypeError && err.code === 'ERR_INVALID_ARG_TYPE', `file(${shown}): ${show(err ?? outcome.value)}`)
  } else if (typeof source === 'number') {
    if (isInt(source) && source >= 0 && source <= 2147483647) assert.ok('value' in outcome || !plainOptions, `file(${shown}) threw ${show(err)}`)
    else assert.ok(err instanceof RangeError && err.code === 'ERR_OUT_OF_RANGE', `file(${shown}): ${show(err ?? outcome.value)}`)
  } else if (typeof source === 'string') {
    if (source.includes('\0')) assert.ok(err instanceof TypeError && err.code === 'ERR_INVALID_ARG_VALUE', `file(${shown}): ${show(err ?? outcome.value)}`)
    else if (source.startsWith('s3://')) assert.ok(err instanceof Error && err.code === 'ERR_NOT_IMPLEMENTED', `file(${shown}): ${show(err ?? outcome.value)}`)
    else if (plainOptions || 'value' in outcome) assert.ok('value' in outcome && outcome.value.name === source, `file(${shown}): ${show(err ?? outcome.value)}`)
  }
}

const FILE_RETURNS = {
  text: (v) => typeof v === 'string',
  bytes: (v) => v instanceof Uint8Array,
  arrayBuffer: (v) => v instanceof ArrayBuffer,
  json: () => true,
  exists: (v) => typeof v === 'boolean',
}

async function fileCommand(run, f, readable, cmd) {
  const args = cmd.args.slice(0, cmd.argc).map((a) => build(a, run))
  const label = `file.${cmd.m}`
  switch (cmd.m) {
    case 'slice':
      attempt(run, label, () => f.slice(...args), (v) => assert.ok(isBunFileLike(v), `${label} returned ${show(v)}`))
      return
    case 'set name':
      attempt(run, label, () => {
        f.name = args[0]
      })
      return
    case 'name':
    case 'type':
    case 'size':
    case 'lastModified': {
      // Getters take no arguments: they answer, whatever the path.
      const v = f[cmd.m]
      if (cmd.m === 'type') assert.equal(typeof v, 'string')
      if (cmd.m === 'size') assert.ok(v === Infinity || (isInt(v) && v >= 0), `size ${v}`)
      if (cmd.m === 'lastModified') assert.equal(typeof v, 'number')
      return
    }
    case 'exists': {
      // Only a stat: safe for any path or descriptor. Never rejects.
      const outcome = await settle(run, label, f.exists(...args))
      assert.ok('value' in outcome && typeof outcome.value === 'boolean', `exists() gave ${show(outcome)}`)
      return
    }
    case 'stream': {
      if (!readable) return
      const stream = attempt(run, label, () => f.stream(...args), (v) => assert.ok(v instanceof ReadableStream)).value
      if (stream === undefined) return
      const reader = stream.getReader()
      await settle(run, 'stream read', reader.read())
      await settle(run, 'stream cancel', reader.cancel())
      return
    }
    default: {
      if (!readable) return
      const outcome = await settle(run, label, f[cmd.m](...args))
      if ('value' in outcome) {
        assert.ok(FILE_RETURNS[cmd.m](outcome.value), `${label} resolved with ${show(outcome.value)}`)
        reached('file read')
      }
    }
  }
}

// ---- methods -----------------------------------------------------------------

/** byteOffset/byteLength: mostly at or near the end of the data. */
const offsetArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }).map((d) => ({ h: 'lenPlus', d })) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 64 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: numberish },
)

/** Byte length of built data, for `lenPlus` offsets (0 when it has none). */
function byteLengthOf(data) {
  try {
    if (typeof data === 'string') return Buffer.byteLength(data)
    if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return data.byteLength
  } catch {
    // A Proxy or detached buffer: no length to be near.
  }
  return 0
}

/** Builds args, resolving `lenPlus` against the first (data) argument. */
function buildArgs(run, cmd) {
  const args = []
  for (const a of cmd.args.slice(0, cmd.argc)) {
    args.push(a?.h === 'lenPlus' ? byteLengthOf(args[0]) + a.d : build(a, run))
  }
  return args
}

const reloadArb = fc.oneof(
  { weight: 4, arbitrary: optionsArb(['socket'], { socket: handlersArb }, { base: fc.constant([['socket', SOCKET_SPEC]]) }) },
  { weight: 1, arbitrary: hostile },
)
const upgradeArb = fc.oneof(
  {
    weight: 4,
    arbitrary: optionsArb(['tls', 'socket', 'data', 'isServer'], { tls: tlsArb(fc.oneof(serverTlsBase, clientTlsBase)), socket: handlersArb, data: hostile, isServer: boolish }, {
      base: fc.constantFrom(
        [['tls', { h: 'opts', shape: 'plain', bad: '*', entries: [['key', { h: 'pem', which: 'server.key' }], ['cert', { h: 'pem', which: 'server.pem' }]] }], ['socket', SOCKET_SPEC]],
        [['tls', { h: 'opts', shape: 'plain', bad: '*', entries: [['ca', { h: 'pem', which: 'ca.pem' }]] }], ['socket', SOCKET_SPEC]],
        [['tls', true], ['socket', SOCKET_SPEC], ['isServer', false]],
      ),
    }),
  },
  { weight: 1, arbitrary: hostile },
)


/** `{ m, argc, args }` for each method, `args` one arbitrary per parameter. */
function commands(table) {
  return fc.oneof(
    ...Object.entries(table).map(([m, [weight, ...params]]) => ({
      weight,
      arbitrary: fc.record({ m: fc.constant(m), argc: fc.integer({ min: 0, max: params.length }), args: fc.tuple(...params) }),
    })),
  )
}

const TCP_PROPS = [
  ...['readyState', 'remoteAddress', 'remotePort', 'remoteFamily', 'localAddress', 'localPort', 'localFamily'],
  ...['bytesWritten', 'listener', 'fd', 'data', 'authorized', 'alpnProtocol'],
]
const TCP_METHODS = {
  write: [8, dataArb, offsetArb, offsetArb],
  end: [3, dataArb, offsetArb, offsetArb],
  close: [1, hostile],
  terminate: [1, hostile],
  shutdown: [2, boolish],
  flush: [1, hostile],
  timeout: [2, numberish],
  ref: [1, hostile],
  unref: [1, hostile],
  pause: [2, hostile],
  resume: [2, hostile],
  setNoDelay: [2, boolish],
  setKeepAlive: [3, boolish, numberish],
  reload: [3, reloadArb],
  upgradeTLS: [3, upgradeArb],
  getPeerCertificate: [1, boolish],
  getCertificate: [1],
  getAuthorizationError: [1],
  getTLSVersion: [1],
  getCipher: [1],
  getServername: [1],
  getEphemeralKeyInfo: [1],
  getSharedSigalgs: [1],
  isSessionReused: [1],
  getSession: [1],
  setSession: [2, dataArb],
  exportKeyingMaterial: [3, numberish, stringish, dataArb],
  setMaxSendFragment: [1, numberish],
  getTypeOfService: [1],
  setTypeOfService: [2, numberish],
  getPeerX509Certificate: [1],
  getX509Certificate: [1],
  getTLSTicket: [1],
  getTLSFinishedMessage: [1],
  setServername: [1, hostile],
  renegotiate: [1, hostile],
  setVerifyMode: [1, hostile, hostile],
  dispose: [1],
  'set data': [1, hostile],
  read: [3, fc.constantFrom(...TCP_PROPS)],
}
const tcpCommandArb = fc.record({ on: fc.constantFrom('client', 'server'), cmd: commands(TCP_METHODS) })

const isUndefined = (v) => v === undefined
const isBool = (v) => typeof v === 'boolean'
const TCP_RETURNS = {
  write: (v) => isInt(v) && v >= -1,
  end: (v) => isInt(v) && v >= -1,
  close: isUndefined,
  terminate: isUndefined,
  shutdown: isUndefined,
  flush: isUndefined,
  timeout: isUndefined,
  ref: isUndefined,
  unref: isUndefined,
  pause: isUndefined,
  resume: isUndefined,
  reload: isUndefined,
  setSession: isUndefined,
  setNoDelay: isBool,
  setKeepAlive: isBool,
  isSessionReused: isBool,
  setMaxSendFragment: isBool,
  getTypeOfService: (v) => typeof v === 'number',
  setTypeOfService: (v) => typeof v === 'number',
  upgradeTLS: (v) => v === undefined || (Array.isArray(v) && v.length === 2 && v.every(isSocketLike)),
  getTLSVersion: (v) => v === null || typeof v === 'string',
  getAuthorizationError: (v) => v === null || v instanceof Error,
  getSession: (v) => v === undefined || Buffer.isBuffer(v),
  exportKeyingMaterial: (v) => v === undefined || Buffer.isBuffer(v),
  getSharedSigalgs: (v) => v == null || Array.isArray(v),
  getServername: (v) => v === undefined || typeof v === 'string',
  getCipher: (v) => v === undefined || typeof v === 'object',
  getEphemeralKeyInfo: (v) => typeof v === 'object',
  dispose: (v) => v === undefined || isInt(v),
}
// After close(), errors.test.mjs ("methods after close are harmless no-ops
// with Bun's return values"): these return exactly this, whatever the
// arguments, and do not throw.
const TCP_AFTER_CLOSE = { write: -1, end: -1, setNoDelay: false, setKeepAlive: false }
for (const m of ['close', 'terminate', 'shutdown', 'pause', 'resume', 'timeout', 'ref', 'unref', 'flush']) TCP_AFTER_CLOSE[m] = undefined

function checkProperty(label, name, v) {
  if (name === 'readyState') assert.ok([-2, -1, 0, 1, 2].includes(v), `${label}: readyState ${v}`)
  if (name === 'bytesWritten') assert.ok(isInt(v) && v >= 0, `${label}: bytesWritten ${v}`)
  if (name === 'fd') assert.ok(isInt(v) && v >= -1, `${label}: fd ${v}`)
  if (name === 'port' || name === 'remotePort' || name === 'localPort') assert.ok(v === undefined || (isInt(v) && v >= 0 && v <= 65535), `${label}: ${name} ${v}`)
}

/** One method call on a TCP socket; `closed` holds the sockets close()d so far. */
function tcpCommand(run, sockets, { on, cmd }, closedSockets) {
  const s = sockets[on]
  const closed = closedSockets.has(s)
  const args = buildArgs(run, cmd)
  const label = `socket.${cmd.m}`
  if (cmd.m === 'read') {
    // Getters take no arguments: they answer, open or closed.
    checkProperty(label, args[0] ?? 'readyState', s[args[0] ?? 'readyState'])
    return
  }
  if (cmd.m === 'set data') {
    attempt(run, label, () => {
      s.data = args[0]
    })
    return
  }
  const fn = cmd.m === 'dispose' ? s[Symbol.dispose] : s[cmd.m]
  // getPeerX509Certificate and getX509Certificate exist on TLS sockets only.
  if (typeof fn !== 'function') return
  const before = s.readyState
  const outcome = attempt(run, label, () => fn.apply(s, args), (v) => {
    const ok = TCP_RETURNS[cmd.m]
    if (ok) assert.ok(ok(v), `${label} returned ${show(v)}`)
  })
  // A call that throws has no effect: the socket stays as it was.
  if ('thrown' in outcome) {
    assert.equal(s.readyState, before, `readyState changed by ${label}, which threw ${show(outcome.thrown)}`)
  }
  if (closed && cmd.m in TCP_AFTER_CLOSE) {
    assert.ok('value' in outcome, `${label} after close threw ${show(outcome.thrown)}`)
    assert.equal(outcome.value, TCP_AFTER_CLOSE[cmd.m], `${label} after close`)
    reached('socket method after close')
  }
  // close() and terminate() close at once (README "Semantics").
  if ((cmd.m === 'close' || cmd.m === 'terminate') && 'value' in outcome) {
    assert.equal(s.readyState, -1, `readyState after ${cmd.m}()`)
    closedSockets.add(s)
  }
  if (Array.isArray(outcome.value) && cmd.m === 'upgradeTLS') {
    const [raw, tls] = outcome.value
    run.defer('raw.close()', () => raw.close())
    run.defer('tls.close()', () => tls.close())
    reached('upgraded')
    // Later commands go to the TLS half (mid-handshake); the old object is detached.
    sockets[on] = tls
  }
}

/** A connected pair: `server` accepted by a listener, `client` from connect(). */
async function socketPair(run, kind) {
  const serverOpen = deferred()
  const handshake = deferred()
  const where = kind === 'unix' ? { unix: freshUnixPath() } : { hostname: '127.0.0.1', port: 0 }
  const listener = listen({
    ...where,
    tls: kind === 'tls' ? { key: PEM['server.key'], cert: PEM['server.pem'] } : undefined,
    socket: { ...quiet(), open: (s) => serverOpen.resolve(s) },
  })
  run.defer('pair listener.stop(true)', () => listener.stop(true))
  const clientPromise = connect({
    ...(kind === 'unix' ? { unix: listener.unix } : { hostname: '127.0.0.1', port: listener.port }),
    tls: kind === 'tls' ? { ca: PEM['ca.pem'], serverName: 'localhost' } : undefined,
    socket: { ...quiet(), handshake: kind === 'tls' ? (s, ok) => handshake.resolve(ok) : undefined },
  })
  const client = await settle(run, 'pair connect', clientPromise)
  assert.ok('value' in client, `pair connect failed: ${show(client.thrown)}`)
  run.defer('pair client.close()', () => client.value.close())
  const server = await settle(run, 'pair server open', serverOpen.promise)
  run.defer('pair server.close()', () => server.value.close())
  if (kind === 'tls') {
    const ok = await settle(run, 'pair handshake', handshake.promise)
    assert.equal(ok.value, true, 'pair handshake failed')
  }
  return { client: client.value, server: server.value, listener }
}

const LISTENER_METHODS = {
  stop: [3, hostile],
  reload: [3, reloadArb],
  ref: [2, hostile],
  unref: [2, hostile],
  getsockname: [3, fc.oneof({ weight: 2, arbitrary: fc.constantFrom({ h: 'object' }, { h: 'frozenObject' }, { h: 'sealedObject' }) }, { weight: 3, arbitrary: hostile })],
  dispose: [1],
  'set data': [1, hostile],
  read: [2, fc.constantFrom('port', 'hostname', 'unix', 'data', 'fd')],
}
const listenerCommandArb = commands(LISTENER_METHODS)

function listenerCommand(run, listener, cmd, state) {
  const stopped = state.stopped
  const args = buildArgs(run, cmd)
  const label = `listener.${cmd.m}`
  if (cmd.m === 'read') {
    const v = listener[args[0] ?? 'port']
    checkProperty(label, args[0] ?? 'port', v)
    if (stopped && args[0] === 'fd') assert.equal(v, -1, 'fd of a stopped listener')
    return
  }
  if (cmd.m === 'set data') {
    attempt(run, label, () => {
      listener.data = args[0]
    })
    return
  }
  const fn = cmd.m === 'dispose' ? listener[Symbol.dispose] : listener[cmd.m]
  const fd = listener.fd
  const outcome = attempt(run, label, () => fn.apply(listener, args), (v) => assert.equal(v, undefined, `${label} returned ${show(v)}`))
  if ('thrown' in outcome) assert.equal(listener.fd, fd, `${label} threw ${show(outcome.thrown)} but changed the listener`)
  // errors.test.mjs stops twice: stopping (and ref/unref) a stopped
  // listener is a no-op, whatever the argument.
  if (stopped && ['stop', 'ref', 'unref', 'dispose'].includes(cmd.m)) {
    assert.ok('value' in outcome, `${label} on a stopped listener threw ${show(outcome.thrown)}`)
    reached('stopped listener method')
  }
  if ((cmd.m === 'stop' || cmd.m === 'dispose') && 'value' in outcome) state.stopped = true
  // getsockname fills a plain object with the bound address (never after stop).
  const out = args[0]
  if (cmd.m === 'getsockname' && 'value' in outcome && cmd.args[0]?.h === 'object' && listener.unix === undefined) {
    assert.equal(out.port, stopped ? undefined : listener.port, 'getsockname port')
  }
}

// UDP: destinations, groups and interfaces from the loopback-only pools.
const udpPortArb = fc.oneof({ weight: 3, arbitrary: fc.constant({ h: 'peerPort' }) }, { weight: 3, arbitrary: portArb })
const MULTICAST = ['239.255.0.1', '224.0.0.1']
const groupArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...MULTICAST) },
  { weight: 3, arbitrary: fc.constantFrom('127.0.0.1', '::1', '1.2.3.4', '0.0.0.0', '', 'not-an-ip', '239.255.0.1\0x', '239.255.0.256') },
  { weight: 2, arbitrary: safeHostish },
)
// A real group is joined on the loopback interface only: its interface
// argument is always given, and is 127.0.0.1 or fails to convert.
const loopbackIface = fc.constantFrom('127.0.0.1', { h: 'toString', s: '127.0.0.1' }, { h: 'throwToString', nonError: false }, { h: 'throwToPrimitive', nonError: true })
const ifaceFor = (group) => (MULTICAST.includes(group) ? loopbackIface : fc.oneof(udpAddress, fc.constant(undefined)))
const argcFor = (group, full) => (MULTICAST.includes(group) ? fc.constantFrom(0, full) : fc.integer({ min: 0, max: full }))
const membershipArb = groupArb.chain((group) =>
  fc.record({ m: fc.constantFrom('addMembership', 'dropMembership'), argc: argcFor(group, 2), args: fc.tuple(fc.constant(group), ifaceFor(group)) }),
)
const sourceMembershipArb = groupArb.chain((group) =>
  fc.record({
    m: fc.constantFrom('addSourceSpecificMembership', 'dropSourceSpecificMembership'),
    argc: argcFor(group, 3),
    args: fc.tuple(udpAddress, fc.constant(group), ifaceFor(group)),
  }),
)
// Unconnected sendMany reads [data, port, address, ...]: every third place
// holds an address from the loopback pool, whatever else moves around (a
// number or a string such as "5 x" there would be an IPv4 address to
// inet_aton).
const packetsArb = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.tuple(dataArb, udpPortArb, udpAddress), { maxLength: 4 }).map((t) => ({ h: 'array', items: t.flat() })) },
  { weight: 2, arbitrary: fc.array(dataArb, { maxLength: 5 }).map((items) => ({ h: 'array', items })) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.oneof(dataArb, udpPortArb), fc.oneof(udpPortArb, dataArb), udpAddress), { minLength: 1, maxLength: 3 })
      .map((t) => ({ h: 'array', items: t.flat() })),
  },
  // A hole at an address place reads as undefined ("undefined", no address).
  { weight: 1, arbitrary: fc.tuple(dataArb, fc.constantFrom(0, 1, 3, 4)).map(([item, at]) => ({ h: 'holes', item, at })) },
  { weight: 1, arbitrary: hostile.filter((r) => typeof r !== 'string' && r?.h !== 'huge') },
)
const udpReloadArb = fc.oneof(
  { weight: 4, arbitrary: optionsArb(['socket', 'binaryType', 'hostname'], { socket: udpHandlersArb, binaryType: binaryTypeArb, hostname: hostile }) },
  { weight: 1, arbitrary: hostile },
)
const UDP_PROPS = ['hostname', 'port', 'address', 'remoteAddress', 'binaryType', 'closed', 'fd']
const UDP_METHODS = {
  send: [8, dataArb, udpPortArb, udpAddress],
  sendMany: [5, packetsArb],
  setBroadcast: [2, boolish],
  setMulticastLoopback: [2, boolish],
  setTTL: [2, numberish],
  setMulticastTTL: [2, numberish],
  setMulticastInterface: [2, fc.oneof(udpAddress, hostile)],
  reload: [2, udpReloadArb],
  ref: [1, hostile],
  unref: [1, hostile],
  close: [1, hostile],
  dispose: [1],
  read: [2, fc.constantFrom(...UDP_PROPS)],
}
const udpCommandArb = fc.oneof(
  { weight: 10, arbitrary: commands(UDP_METHODS) },
  { weight: 2, arbitrary: membershipArb },
  { weight: 1, arbitrary: sourceMembershipArb },
)
const UDP_RETURNS = {
  send: isBool,
  sendMany: (v) => isInt(v) && v >= 0,
  setTTL: (v) => isInt(v) && v >= 1 && v <= 255,
  setMulticastTTL: (v) => isInt(v) && v >= 1 && v <= 255,
  setMulticastInterface: isBool,
  addMembership: isBool,
  dropMembership: isBool,
  addSourceSpecificMembership: isBool,
  dropSourceSpecificMembership: isBool,
  reload: isUndefined,
  ref: isUndefined,
  unref: isUndefined,
  close: isUndefined,
  dispose: isUndefined,
}

/** One method call on a UDP socket; `state.closed`: close()d before (udp.test.mjs oracles). */
function udpCommand(run, s, cmd, state) {
  const closed = state.closed
  const args = buildArgs(run, cmd)
  const label = `udp.${cmd.m}`
  if (cmd.m === 'read') {
    const name = args[0] ?? 'port'
    const v = s[name]
    checkProperty(label, name, v)
    if (closed && name === 'closed') assert.equal(v, true)
    if (closed && name === 'fd') assert.equal(v, -1)
    return
  }
  const fn = cmd.m === 'dispose' ? s[Symbol.dispose] : s[cmd.m]
  const wasClosed = s.closed
  const outcome = attempt(run, label, () => fn.apply(s, args), (v) => {
    // setBroadcast and setMulticastLoopback return their argument (Bun's way).
    if (cmd.m === 'setBroadcast' || cmd.m === 'setMulticastLoopback') assert.ok(Object.is(v, args[0]), `${label} returned ${show(v)}`)
    else assert.ok(UDP_RETURNS[cmd.m](v), `${label} returned ${show(v)}`)
  })
  if ('thrown' in outcome) assert.equal(s.closed, wasClosed, `${label} threw ${show(outcome.thrown)} but changed closed`)
  if ((cmd.m === 'close' || cmd.m === 'dispose') && 'value' in outcome) state.closed = true
  if (!closed) return
  reached('udp method after close')
  if (cmd.m === 'send' || cmd.m === 'sendMany') {
    assert.ok(outcome.thrown instanceof Error && outcome.thrown.message === 'Socket is closed', `${label} after close: ${show(outcome.thrown ?? outcome.value)}`)
  } else if (['close', 'ref', 'unref', 'dispose'].includes(cmd.m)) {
    assert.ok('value' in outcome, `${label} after close threw ${show(outcome.thrown)}`)
  } else if (cmd.m !== 'reload') {
    assert.ok(outcome.thrown instanceof Error && outcome.thrown.code === 'EBADF', `${label} after close: ${show(outcome.thrown ?? outcome.value)}`)
  }
}

// ---- the groups ----------------------------------------------------------------

const groups = {
  listen: {
    arb: listenOptionsArb,
    async body(r, run) {
      const options = build(r, run)
      const outcome = attempt(run, 'listen', () => listen(options), (listener) => {
        run.defer('listener.stop(true)', () => listener.stop(true))
        assert.equal(typeof listener.stop, 'function', `listen returned ${show(listener)}`)
        if (listener.unix !== undefined) {
          assert.equal(typeof listener.unix, 'string')
          reached('unix listener')
        } else {
          assert.ok(isInt(listener.port) && listener.port > 0 && listener.port <= 65535, `listen: port ${listener.port}`)
          reached('tcp listener')
        }
      })
      checkNonObject(outcome, options, 'listen')
    },
  },

  connect: {
    arb: fc.record({ target: fc.constantFrom('none', 'plain', 'plain', 'tls', 'unix'), options: connectOptionsArb }),
    async body(r, run) {
      // A listener to connect to (what `targetPort` and `targetUnix`
      // stand for); without one, ports are mostly refused.
      const serverOpen = deferred()
      if (r.target !== 'none') {
        const where = r.target === 'unix' ? { unix: freshUnixPath() } : { hostname: '127.0.0.1', port: 0 }
        const tls = r.target === 'tls' ? { key: PEM['server.key'], cert: PEM['server.pem'] } : undefined
        const target = listen({ ...where, tls, socket: { ...quiet(), open: (s) => serverOpen.resolve(s) } })
        run.defer('target.stop(true)', () => target.stop(true))
        run.ctx.port = target.port
        run.ctx.unix = target.unix
      }
      const options = build(r.options, run)
      const call = attempt(run, 'connect', () => connect(options))
      // Argument errors are thrown synchronously, as in Bun (errors.test.mjs).
      checkNonObject(call, options, 'connect')
      if ('thrown' in call) return
      const outcome = await settle(run, 'connect', call.value)
      if ('value' in outcome) {
        const socket = outcome.value
        run.defer('socket.close()', () => socket.close())
        assert.ok(isSocketLike(socket), `connect resolved with ${show(socket)}`)
        const tls = String(socket) === '[object TLSSocket]'
        reached(tls ? 'tls connected' : 'connected')
        if (tls && r.target === 'tls' && socket.remotePort === run.ctx.port) {
          // The TLS server's `open` runs once its handshake has ended,
          // passed or failed: by then this client's TLS events (handshake,
          // session tickets) have reached its handlers or are on their way.
          await settle(run, 'TLS target open', serverOpen.promise)
          reached('tls handshake')
        }
      } else {
        reached('connect rejected')
      }
    },
  },

  udpSocket: {
    arb: udpOptionsArb,
    async body(r, run) {
      // A port to `connect` to; UDP connect sends nothing.
      run.ctx.peerPort = 9
      const options = build(r, run)
      const call = attempt(run, 'udpSocket', () => udpSocket(options))
      checkNonObject(call, options, 'udpSocket')
      if ('thrown' in call) return
      const outcome = await alreadySettled(run, 'udpSocket', call.value)
      assert.ok('value' in outcome, `udpSocket rejected instead of throwing: ${show(outcome.thrown)}`)
      const socket = outcome.value
      run.defer('udp.close()', () => {
        socket.close()
        assert.equal(socket.closed, true)
        assert.equal(socket.fd, -1)
      })
      assert.ok(socket !== null && typeof socket.send === 'function' && socket.closed === false, `udpSocket resolved with ${show(socket)}`)
      reached(socket.remoteAddress === undefined ? 'udp bound' : 'udp connected')
    },
  },

  file: {
    arb: fc.record({ source: fileSourceArb, options: fileOptionsArb, argc: fc.integer({ min: 0, max: 2 }), commands: fc.array(fileCommandArb, { maxLength: 4 }) }),
    async body(r, run) {
      const source = build(r.source, run)
      const args = [source, build(r.options, run)].slice(0, r.argc)
      const outcome = attempt(run, 'file', () => file(...args), (f) => assert.ok(isBunFileLike(f), `file() returned ${show(f)}`))
      if (r.argc > 0) checkFileOracle(run, source, outcome, r.argc < 2 || r.options === undefined)
      if (!('value' in outcome)) return
      reached('file')
      for (const cmd of r.commands) await fileCommand(run, outcome.value, r.source?.readable === true, cmd)
    },
  },

  socketMethods: {
    arb: fc.record({ kind: fc.constantFrom('tcp', 'tcp', 'tls', 'unix'), closeFirst: fc.boolean(), commands: fc.array(tcpCommandArb, { minLength: 1, maxLength: 6 }) }),
    async body(r, run) {
      const sockets = await socketPair(run, r.kind)
      const closed = new Set()
      if (r.closeFirst) {
        sockets.client.close()
        sockets.server.close()
        closed.add(sockets.client).add(sockets.server)
      }
      reached(`${r.kind} pair`)
      for (const command of r.commands) tcpCommand(run, sockets, command, closed)
    },
  },

  listenerMethods: {
    arb: fc.record({ kind: fc.constantFrom('tcp', 'tls', 'unix'), stopFirst: fc.boolean(), withClient: fc.boolean(), commands: fc.array(listenerCommandArb, { minLength: 1, maxLength: 6 }) }),
    async body(r, run) {
      let listener
      if (r.withClient) {
        listener = (await socketPair(run, r.kind)).listener
      } else {
        const where = r.kind === 'unix' ? { unix: freshUnixPath() } : { hostname: '127.0.0.1', port: 0 }
        const tls = r.kind === 'tls' ? { key: PEM['server.key'], cert: PEM['server.pem'] } : undefined
        listener = listen({ ...where, tls, socket: quiet() })
        run.defer('listener.stop(true)', () => listener.stop(true))
      }
      const state = { stopped: false }
      if (r.stopFirst) {
        listener.stop()
        state.stopped = true
      }
      reached(`${r.kind} listener`)
      for (const cmd of r.commands) listenerCommand(run, listener, cmd, state)
    },
  },

  udpMethods: {
    arb: fc.record({ kind: fc.constantFrom('v4', 'v4', 'connected', 'v6', 'any'), closeFirst: fc.boolean(), commands: fc.array(udpCommandArb, { minLength: 1, maxLength: 6 }) }),
    async body(r, run) {
      // Every socket has an `error` handler: ICMP errors from datagrams
      // sent to closed ports go there (without one, Bun makes them
      // uncaught exceptions, docs/research/bun-1.4.4-udp.md).
      const handlers = quiet()
      const peer = await udpSocket({ hostname: r.kind === 'v6' ? '::1' : '127.0.0.1', socket: handlers })
      run.defer('peer.close()', () => peer.close())
      run.ctx.peerPort = peer.port
      const options = {
        v4: { hostname: '127.0.0.1' },
        connected: { hostname: '127.0.0.1', connect: { hostname: '127.0.0.1', port: peer.port } },
        v6: { hostname: '::1' },
        any: { hostname: '0.0.0.0' },
      }[r.kind]
      const subject = await udpSocket({ ...options, socket: handlers })
      run.defer('subject.close()', () => subject.close())
      const state = { closed: false }
      if (r.closeFirst) {
        subject.close()
        state.closed = true
      }
      reached(`udp ${r.kind}`)
      for (const cmd of r.commands) udpCommand(run, subject, cmd, state)
    },
  },
}

/** Options that are not objects at all are refused with ERR_INVALID_ARG_TYPE (errors.test.mjs, udp.test.mjs). */
function checkNonObject(outcome, options, what) {
  if (options !== null && (typeof options === 'object' || typeof options === 'function')) return
  const err = outcome.thrown
  assert.ok(err instanceof TypeError && err.code === 'ERR_INVALID_ARG_TYPE', `${what}(${show(options)}): ${show(err ?? outcome.value)}`)
  reached('non-object options')
}

// ---- running ---------------------------------------------------------------

const traceFd = process.env.FUZZ_TRACE ? fs.openSync(process.env.FUZZ_TRACE, 'w') : undefined

/** Records the case about to run, so that a crash leaves it behind. */
function trace(input) {
  if (traceFd === undefined) return
  const text = Buffer.from(`${group} run ${stats.runs} (FUZZ_SEED=${seed}): ${fc.stringify(input)}\n`)
  fs.ftruncateSync(traceFd, 0)
  fs.writeSync(traceFd, text, 0, text.length, 0)
}

const chosen = groups[group]
if (chosen === undefined) {
  console.error(`unknown group ${group}; groups: ${Object.keys(groups).join(', ')}`)
  process.exit(2)
}
const property = fc.asyncProperty(chosen.arb, async (input) => {
  stats.runs++
  trace(input)
  const run = new Run()
  try {
    await chosen.body(input, run)
  } finally {
    await run.cleanup()
  }
  assert.deepEqual(handlerFaults, [], 'a handler was given an error the package did not make')
})

const started = Date.now()
try {
  await fc.assert(property, { numRuns, seed })
} catch (err) {
  console.error(`FUZZ FAILURE in group "${group}" with FUZZ_SEED=${seed}`)
  console.error(`reproduce: FUZZ_SEED=${seed} node __test__/stress/fuzz-cases.mjs ${group} ${numRuns}`)
  console.error(err?.message)
  // fast-check keeps what the property threw as the cause.
  if (err?.cause !== undefined) console.error('cause:', err.cause)
  process.exitCode = 1
}
// Handler faults from events that arrived after their case had ended.
if (handlerFaults.length > 0) {
  console.error(`FUZZ FAILURE in group "${group}" with FUZZ_SEED=${seed}: handlers were given errors the package did not make:`)
  console.error(handlerFaults.slice(0, 20).join('\n'))
  process.exitCode = 1
}
if (process.env.FUZZ_VERBOSE) console.error(JSON.stringify(stats.errors, null, 1))
// The summary the parent reads: the last line of stdout.
const { runs, returned, threw, sentinel } = stats
console.log(JSON.stringify({ group, seed, runs, ms: Date.now() - started, returned, threw, sentinel, reached: stats.reached }))
fs.rmSync(scratch, { recursive: true, force: true })
// Every case closed what it opened: the process must now exit by itself.
// If something still holds the event loop, say what, and fail.
setTimeout(() => {
  console.error(`still alive 5 s after the last case: ${process.getActiveResourcesInfo().join(', ')}`)
  process.exit(3)
}, 5000).unref()
