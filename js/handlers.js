'use strict'
// Socket handler tables (`options.socket`), validated the way Bun does, and
// the one place handlers are called from, so an exception thrown by any
// handler goes the same way: to `error`, or, with no `error` handler, to
// the process as an uncaught exception, as in Bun. A promise a handler
// returns is not awaited: Bun leaves its rejection unhandled, and so does
// this package (the host runtime then reports it as it reports any).
//
// A listener owns one table that every accepted socket uses, so `reload`
// on the listener (or on any of its sockets) changes them all at once;
// a client socket owns its own. Counters never live in a table: `reload`
// replaces its contents.

const { invalidArgType } = require('./errors.js')
// Node's, taken once (test runners' fake timers replace the global one).
const { nextTick } = process

// Bun's names for each handler in its error messages, in the order Bun
// checks them.
const NAMES = [
  ['open', 'onOpen'],
  ['close', 'onClose'],
  ['data', 'onData'],
  ['drain', 'onWritable'],
  ['timeout', 'onTimeout'],
  ['connectError', 'onConnectError'],
  ['end', 'onEnd'],
  ['error', 'onError'],
  ['handshake', 'onHandshake'],
]

// The names Bun takes, and what each means (it also takes the class names).
const BINARY_TYPES = {
  buffer: 'buffer',
  arraybuffer: 'arraybuffer',
  uint8array: 'uint8array',
  Buffer: 'buffer',
  ArrayBuffer: 'arraybuffer',
  Uint8Array: 'uint8array',
}

class Handlers {
  constructor(spec) {
    this.open = undefined
    this.data = undefined
    this.drain = undefined
    this.end = undefined
    this.close = undefined
    this.error = undefined
    this.timeout = undefined
    this.connectError = undefined
    this.handshake = undefined
    this.session = undefined
    this.binaryType = 'buffer'
    this.replace(spec)
  }

  /** Takes every handler of `spec` (already validated). */
  replace(spec) {
    this.open = spec.open
    this.data = spec.data
    this.drain = spec.drain
    this.end = spec.end
    this.close = spec.close
    this.error = spec.error
    this.timeout = spec.timeout
    this.connectError = spec.connectError
    this.handshake = spec.handshake
    this.session = spec.session
    this.binaryType = spec.binaryType
  }
}

/**
 * First half of Bun's handler validation: `socket` is an object (functions
 * count) and its `binaryType` is valid. Bun checks other options between
 * this and `readCallbacks`. Returns the binary type.
 */
function checkHandlerObject(socket) {
  if (socket === null || (typeof socket !== 'object' && typeof socket !== 'function')) {
    throw invalidArgType('SocketHandler must be an object')
  }
  const binaryType = socket.binaryType
  if (binaryType === undefined || binaryType === null) return 'buffer'
  if (typeof binaryType !== 'string') throw invalidArgType('SocketHandler.binaryType must be a string')
  if (!Object.hasOwn(BINARY_TYPES, binaryType)) {
    throw invalidArgType('SocketHandler.binaryType must be "arraybuffer", "buffer", or "uint8array"')
  }
  return BINARY_TYPES[binaryType]
}

/**
 * Second half: every handler is a function or absent (`undefined`/`null`;
 * anything else, even `0`, is an error), and `data` or `drain` exists.
 */
function readCallbacks(socket, binaryType) {
  const spec = { binaryType }
  for (const [key, bunName] of NAMES) {
    const fn = socket[key]
    if (fn === undefined || fn === null) {
      spec[key] = undefined
      continue
    }
    if (typeof fn !== 'function') throw invalidArgType(`Expected "${bunName}" callback to be a function`)
    spec[key] = fn
  }
  if (!spec.data && !spec.drain) throw invalidArgType('Expected at least "data" or "drain" callback')
  // Bun calls an undocumented `session(socket, session)` for each session
  // a TLS server gives a client; taken when it is a function (read once:
  // a getter may answer differently the second time).
  const session = socket.session
  spec.session = typeof session === 'function' ? session : undefined
  return spec
}

/** Both halves at once (`reload`, where nothing comes between them). */
function parseHandlers(socket) {
  return readCallbacks(socket, checkHandlerObject(socket))
}

// ---- calling handlers ------------------------------------------------------

/**
 * Reports an error that no handler took, the way an uncaught exception is
 * reported: after the current batch of events, so the rest of the batch is
 * still delivered.
 */
function reportUncaught(err) {
  nextTick(rethrow, err)
}

function rethrow(err) {
  throw err
}

/**
 * Routes an exception thrown by a handler of `socket`: to the `error`
 * handler when there is one, else to the process.
 */
function routeError(handlers, socket, err) {
  const onError = handlers.error
  if (typeof onError !== 'function') {
    reportUncaught(err)
    return
  }
  try {
    onError.call(socket, socket, err)
  } catch (e) {
    reportUncaught(e)
  }
}

// Handlers get exactly Bun's arguments (`arguments.length` included):
// `open`, `drain`, `end`, `timeout` get the socket; the others also get
// one value, even when it is `undefined` (`close` without an error).

/** What `invoke` returns when the handler threw (the error was routed). */
const THREW = Symbol('handler threw')

/** Calls `fn(socket)` with `this` = socket, routing exceptions. */
function invoke(handlers, fn, socket) {
  try {
    return fn.call(socket, socket)
  } catch (err) {
    routeError(handlers, socket, err)
    return THREW
  }
}

/** Calls `fn(socket, value)` with `this` = socket, routing exceptions. */
function invokeWith(handlers, fn, socket, value) {
  try {
    return fn.call(socket, socket, value)
  } catch (err) {
    routeError(handlers, socket, err)
    return THREW
  }
}

/** Calls `fn(socket, a, b)` with `this` = socket, routing exceptions. */
function invokeWith2(handlers, fn, socket, a, b) {
  try {
    return fn.call(socket, socket, a, b)
  } catch (err) {
    routeError(handlers, socket, err)
    return THREW
  }
}

module.exports = {
  invokeWith2,
  Handlers,
  checkHandlerObject,
  readCallbacks,
  parseHandlers,
  invoke,
  invokeWith,
  routeError,
  reportUncaught,
  THREW,
}
