'use strict'
// Turns what `socket.write(data, byteOffset, byteLength)` accepts into a
// byte range, with Bun's errors for bad input.
//
// Strings are UTF-8 unless the second argument names an encoding ("hex",
// "base64"...; unknown names mean UTF-8), as in Bun; otherwise
// `byteOffset`/`byteLength` count bytes of the encoded data (Bun applies
// them to strings too). A string second argument is ignored for binary
// data. Deliberate differences from Bun 1.4.4: `byteLength` defaults to
// the rest of the buffer, as Bun's documentation says (Bun defaults it to
// the whole length, so `write(buf, 3)` throws there); and a `Blob` cannot
// be written, because Node has no synchronous way to read one.

const { invalidArgType, notSupported, outOfRange } = require('./errors.js')

const MAX_SAFE = Number.MAX_SAFE_INTEGER

function describeReceived(value) {
  if (value === null) return 'Received null'
  if (typeof value === 'function') return `Received function ${value.name || '<anonymous>'}`
  if (typeof value === 'object') {
    const name = value.constructor && value.constructor.name
    return name ? `Received an instance of ${name}` : 'Received [object]'
  }
  let shown = String(value)
  if (typeof value === 'string') shown = `'${shown.length > 25 ? `${shown.slice(0, 25)}...` : shown}'`
  if (typeof value === 'bigint') shown += 'n'
  return `Received type ${typeof value} (${shown})`
}

function invalidData(value) {
  return invalidArgType(`The "data" argument must be of type string, buffer, or blob. ${describeReceived(value)}`)
}

/** Validates one optional integer argument (`undefined` = absent). */
function checkIndex(name, value, max) {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidArgType(`Expected ${name} to be a integer for 'Socket.write'.`)
  }
  if (value < 0) {
    throw outOfRange(`The value of "${name}" is out of range. It must be >= 0 and <= ${MAX_SAFE}. Received ${value}`)
  }
  if (value > max) {
    throw outOfRange(`The value of "${name}" is out of range. It must be >= 0 and <= ${max}. Received ${value}`)
  }
  return value
}

const EMPTY = new Uint8Array(0)

// V8 keeps typed arrays of up to 64 bytes inside its heap, where native
// code cannot point at them: handing one to Node-API makes the engine move
// it out first (a backing-store allocation, about 0.7 µs here, more than
// the user-space cost of the send itself). The `data` chunks of small
// reads are such arrays, so an echo paid it on every message. Small
// writes are copied into this off-heap buffer instead; the native side
// never keeps the pointer past the call.
const SMALL_MAX = 64
const scratch = Buffer.allocUnsafeSlow(1024)

// The engine's own length of a typed array: a subclass can redefine
// `byteLength`, and a copy must not trust it.
const byteLengthOf = Function.prototype.call.bind(
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'byteLength').get,
)

/**
 * `bytes`, or a copy of it in memory native code can use as it is;
 * `length` must be `byteLengthOf(bytes)`. Empty (also detached) arrays are
 * returned as they are: the native side sees no bytes either way.
 */
function forNative(bytes, length) {
  if (length === 0 || length > SMALL_MAX) return bytes
  scratch.set(bytes)
  return scratch
}

/**
 * The bytes of an ArrayBuffer, SharedArrayBuffer or view, as a Uint8Array
 * view. A detached buffer (or a view over one) has none: empty, as Bun
 * treats it, rather than the engine's TypeError without a code.
 */
function bytesOf(value) {
  try {
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    return new Uint8Array(value)
  } catch (err) {
    if (isDetached(value)) return EMPTY
    throw err
  }
}

/** Same, as a Buffer (for APIs that want one). */
function bufferOf(value) {
  const bytes = bytesOf(value)
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function isDetached(value) {
  const buffer = ArrayBuffer.isView(value) ? value.buffer : value
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== 0) return false
  try {
    new Uint8Array(buffer) // eslint-disable-line no-new
    return false
  } catch {
    return true
  }
}

/**
 * The bytes of `data` as a Uint8Array (a view, never a copy, except that
 * strings are encoded), or `null` for `undefined` (Bun writes nothing).
 */
function asUint8Array(data) {
  if (data instanceof Uint8Array) return data
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (data instanceof String) return Buffer.from(String(data), 'utf8')
  if (ArrayBuffer.isView(data)) return bytesOf(data)
  if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && data instanceof SharedArrayBuffer)) {
    return bytesOf(data)
  }
  if (data === undefined) return null
  if (typeof Blob === 'function' && data instanceof Blob) {
    throw notSupported('write(Blob) is not supported: Node cannot read a Blob synchronously; write its bytes instead')
  }
  throw invalidData(data)
}

/** The exact range to write, as a Uint8Array view; `null` to write nothing. */
function toBytes(data, byteOffset, byteLength) {
  if (typeof byteOffset === 'string') {
    if (typeof data === 'string' || data instanceof String) {
      return Buffer.from(String(data), Buffer.isEncoding(byteOffset) ? byteOffset : 'utf8')
    }
    byteOffset = undefined
  }
  const bytes = asUint8Array(data)
  if (bytes === null) return null
  const length = bytes.byteLength
  const offset = checkIndex('byteOffset', byteOffset, length) ?? 0
  const count = checkIndex('byteLength', byteLength, length - offset) ?? length - offset
  if (offset === 0 && count === length) return bytes
  return bytes.subarray(offset, offset + count)
}

module.exports = { byteLengthOf, forNative, toBytes, invalidData, bytesOf, bufferOf }
