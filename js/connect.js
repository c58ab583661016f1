'use strict'
// `Bun.connect`: an outgoing TCP or Unix connection. The returned promise
// resolves with the socket after its `open` handler ran; on failure
// `connectError(socket, err)` runs first, then the promise rejects (and,
// when `connectError` exists, the rejection counts as handled, as in Bun).

const env = require('./env.js')
const { Handlers } = require('./handlers.js')
const { parseConnectOptions } = require('./options.js')
const { createSocket, createDetachedSocket, openSocket } = require('./socket.js')
const { systemError } = require('./errors.js')
const { tlsApi } = require('./tls.js')

class PendingConnect {
  constructor(id, config, handlers, resolve, reject) {
    this.id = id
    this.config = config
    this.handlers = handlers
    this.resolve = resolve
    this.reject = reject
    env.track('connect', id, this)
    env.retain()
  }

  #settle() {
    env.untrack('connect', this.id)
    env.release()
  }

  onConnect(socketId) {
    this.#settle()
    const { config, handlers } = this
    const socket = createSocket(
      socketId,
      handlers,
      undefined,
      config.data,
      config.allowHalfOpen,
      config.tls,
      config.hostname,
    )
    // Bun resolves the promise before it runs `open`: continuations of
    // `await connect()` run before microtasks queued inside `open`. (A TLS
    // socket without a `handshake` handler opens after its handshake.)
    if (config.pauseOnConnect) socket.pause()
    this.resolve(socket)
    openSocket(socket)
  }

  onConnectError(word, syscall) {
    this.#settle()
    reportConnectError(this.config, this.handlers, word, syscall, this.promise, this.reject)
  }
}

/** Runs `connectError` (if any), then rejects the connect's promise. */
function reportConnectError(config, handlers, word, syscall, promise, reject) {
  // Bun hands connectError and the rejection two equal, distinct errors.
  const makeError = () =>
    syscall === 'getaddrinfo'
      ? systemError(word, syscall, undefined, { hostname: config.hostname })
      : systemError(word, syscall, 'Failed to connect')
  if (handlers.connectError !== undefined) {
    const socket = createDetachedSocket(handlers, config.data, config.tls !== null)
    try {
      handlers.connectError.call(socket, socket, makeError())
    } catch (thrown) {
      // Bun rejects with what connectError threw; `error` is not called,
      // and unawaited, the rejection is the host's unhandled one (as in Bun).
      reject(thrown)
      return
    }
    // Handled by connectError: no unhandled rejection if nobody awaits.
    promise.catch(noop)
  }
  reject(makeError())
}

env.receive('connect', {
  connect: (pending, socketId) => pending.onConnect(socketId),
  connectError: (pending, word, syscall) => pending.onConnectError(word, syscall),
})

function noop() {}

/**
 * The `localAddress` option (read by Bun though bun-types does not declare
 * it): a string is handed on, and used when it is an IP; anything else is
 * ignored, as in Bun.
 */
function localAddressOf(options) {
  const local = options.localAddress
  return typeof local === 'string' ? local : undefined
}

/** `Bun.connect(options)`. Argument errors throw synchronously, as in Bun. */
function connect(options) {
  const config = parseConnectOptions(options)
  const handlers = new Handlers(config.handlers)
  let tls
  let serverName
  if (config.tls !== null) {
    // The name a TLS client verifies and sends: `serverName`, else the host.
    serverName = config.tls.serverName || config.hostname || 'localhost'
    tls = tlsApi().clientContext(config.tls)
    // Per connection: the parsed options may be shared with other connects.
    // With a `handshake` handler `open` runs before the handshake, and may
    // call setSession(): the handshake then waits for `open` to return.
    config.tls = { ...config.tls, serverName, held: handlers.handshake !== undefined }
  }
  const held = config.tls !== null && config.tls.held
  const id =
    config.unix !== undefined
      ? env.pump.connectUnix(config.unix, tls, serverName, held)
      : env.pump.connectTcp(config.hostname, config.port, tls, serverName, held, localAddressOf(options))
  if (typeof id !== 'number') {
    if (typeof id.tlsCode === 'string') throw tlsApi().tlsConfigError(id)
    // A Unix connect failed at once: as in Bun, connectError runs before
    // connect() returns, and the promise rejects.
    let reject
    const promise = new Promise((_resolve, rejectPromise) => {
      reject = rejectPromise
    })
    reportConnectError(config, handlers, id.code, id.syscall, promise, reject)
    return promise
  }
  let pending
  const promise = new Promise((resolve, reject) => {
    pending = new PendingConnect(id, config, handlers, resolve, reject)
  })
  pending.promise = promise
  return promise
}

module.exports = { connect }
