'use strict'
// Every error this package throws or reports is built here, in the shape
// Bun gives it: argument errors are TypeError/RangeError with Node's
// `ERR_*` codes; socket errors are `Error`s with `code`, `errno`,
// `syscall` (and `address`/`port`/`hostname` where Bun adds them).

const util = require('node:util')

// Mirrors src/errors.rs: error words with this bit are getaddrinfo codes.
const RESOLVER_FLAG = 0x40000000

// getaddrinfo failures by EAI code (glibc values, positive), named as Node
// and Bun name them. Bun reports its own small `errno` numbers for these.
const RESOLVER_ERRORS = {
  2: { code: 'ENOTFOUND', errno: 4 }, // EAI_NONAME
  3: { code: 'EAI_AGAIN', errno: 2 }, // EAI_AGAIN
  4: { code: 'EAI_FAIL', errno: 3 }, // EAI_FAIL
  5: { code: 'ENOTFOUND', errno: 4 }, // EAI_NODATA
  6: { code: 'EAI_FAMILY', errno: 6 }, // EAI_FAMILY
  10: { code: 'EAI_MEMORY', errno: 10 }, // EAI_MEMORY
  11: { code: 'EAI_SYSTEM', errno: 11 }, // EAI_SYSTEM
}

// Bun (like Node's internal errors) puts `code` on a per-code prototype,
// not on the error itself: `Object.keys(err)` is empty, `String(err)` reads
// "TypeError [ERR_X]: message", and assigning `err.code` still works.
const codedPrototypes = new Map()

function codedError(Base, code, message) {
  const key = `${Base.name}:${code}`
  let proto = codedPrototypes.get(key)
  if (proto === undefined) {
    proto = Object.create(Base.prototype, {
      name: { value: Base.name, writable: true, configurable: true },
      code: { value: code, writable: true, configurable: true },
      toString: {
        value() {
          return `${this.name} [${this.code}]: ${this.message}`
        },
        writable: true,
        configurable: true,
      },
    })
    codedPrototypes.set(key, proto)
  }
  const err = new Base(message)
  Object.setPrototypeOf(err, proto)
  return err
}

function invalidArgType(message) {
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE', message)
}

function outOfRange(message) {
  return codedError(RangeError, 'ERR_OUT_OF_RANGE', message)
}

/** A Bun feature this package does not implement (yet). */
function notSupported(message) {
  return codedError(Error, 'ERR_NOT_IMPLEMENTED', `bun-sockets: ${message}`)
}

/** Node's name for an OS errno ("ECONNREFUSED"), from Node's own table. */
function errnoName(errno) {
  try {
    return util.getSystemErrorName(-errno)
  } catch {
    return 'UNKNOWN'
  }
}

/**
 * The error for a failed socket operation. `word` is the native error word
 * (an errno, or a flagged resolver code), `syscall` the failing call.
 */
function systemError(word, syscall, message, extra) {
  if (word & RESOLVER_FLAG) {
    const eai = word & ~RESOLVER_FLAG
    const known = RESOLVER_ERRORS[eai] || { code: 'EAI_FAIL', errno: eai }
    const host = extra && extra.hostname
    const err = new Error(`getaddrinfo ${known.code}${host ? ` ${host}` : ''}`)
    err.code = known.code
    err.syscall = 'getaddrinfo'
    if (host !== undefined) err.hostname = host
    err.errno = known.errno
    return err
  }
  const err = new Error(message || `${syscall} ${errnoName(word)}`)
  err.code = errnoName(word)
  err.syscall = syscall
  err.errno = -word
  if (extra) Object.assign(err, extra)
  return err
}

let descriptions
/** libuv's text for an errno name ("ECONNRESET" -> "connection reset by peer"). */
function errnoDescription(code) {
  if (descriptions === undefined) descriptions = new Map([...util.getSystemErrorMap().values()])
  return descriptions.get(code) ?? code
}

/**
 * A socket error in Bun's words: "<CODE>: <description>, <syscall>", with
 * Node's `code`, negative `errno` and `syscall` (plus `extra`).
 */
function describedError(word, syscall, extra) {
  const err = systemError(word, syscall)
  err.message = `${err.code}: ${errnoDescription(err.code)}, ${syscall}`
  if (extra) Object.assign(err, extra)
  return err
}

/**
 * A failed `listen`, as Bun reports it: "Failed to listen at <where>",
 * a *positive* errno, the address (and port) tried, then the code.
 */
function listenError(word, where, address, port) {
  if (word & RESOLVER_FLAG) {
    // Name errors look like connect's: "getaddrinfo ENOTFOUND <host>".
    return systemError(word, 'getaddrinfo', undefined, { hostname: where })
  }
  const err = new Error(`Failed to listen at ${where}`)
  err.syscall = 'listen'
  err.errno = word
  err.address = address
  if (port !== undefined) err.port = port
  err.code = errnoName(word)
  return err
}

module.exports = {
  codedError,
  describedError,
  RESOLVER_FLAG,
  invalidArgType,
  outOfRange,
  notSupported,
  errnoName,
  systemError,
  listenError,
}
