'use strict'
// Turns what `socket.write(data, byteOffset, byteLength)` accepts into a
// byte range, with Bun's errors for bad input.
//
// Strings are UTF-8; `byteOffset`/`byteLength` count bytes of the encoded
// data (Bun applies them to strings too). One deliberate difference:
// Bun 1.4.4 defaults `byteLength` to the *whole* length even when an
// offset is given, so `write(buf, 3)` throws; its documentation says it
// defaults to the rest of the buffer, which is what happens here.

const { invalidArgType, outOfRange } = require('./errors.js')

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

/** Validates one optional integer argument; non-numbers count as absent. */
function checkIndex(name, value, max) {
  if (typeof value !== 'number') return undefined
  if (!Number.isInteger(value)) {
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

/**
 * The bytes of `data` as a Uint8Array (a view, never a copy, except that
 * strings are encoded), or `null` for `undefined` (Bun writes nothing).
 */
function asUint8Array(data) {
  if (data instanceof Uint8Array) return data
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && data instanceof SharedArrayBuffer)) {
    return new Uint8Array(data)
  }
  if (data === undefined) return null
  throw invalidData(data)
}

/** The exact range to write, as a Uint8Array view; `null` to write nothing. */
function toBytes(data, byteOffset, byteLength) {
  const bytes = asUint8Array(data)
  if (bytes === null) return null
  const length = bytes.byteLength
  const offset = checkIndex('byteOffset', byteOffset, length) ?? 0
  const count = checkIndex('byteLength', byteLength, length - offset) ?? length - offset
  if (offset === 0 && count === length) return bytes
  return bytes.subarray(offset, offset + count)
}

module.exports = { toBytes, invalidData }
