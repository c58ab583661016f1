'use strict'
// `Bun.listen`: a listening TCP or Unix socket and the sockets it accepts.

const fs = require('node:fs')
const util = require('node:util')
const env = require('./env.js')
const { Handlers } = require('./handlers.js')
const { parseListenOptions, parseReloadOptions } = require('./options.js')
const { createSocket, openSocket, setHooks } = require('./socket.js')
const { invalidArgType, listenError } = require('./errors.js')
const { tlsApi } = require('./tls.js')
const { socketTerminate } = require('./binding.js')


let internals

class Listener {
  #native
  #id
  #handlers
  #sockets = new Set()
  #data
  #port
  #hostname
  #unix
  #allowHalfOpen
  /** What TLS accepted sockets speak (tls-options.js), or null. */
  #tls
  /** Accepted plain sockets start paused (`pauseOnConnect`). */
  #pauseOnConnect
  #refd = true
  #stopped = false

  constructor(token, native, config) {
    if (token !== internals) throw new TypeError('Illegal constructor')
    this.#native = native
    this.#id = native.id
    this.#handlers = new Handlers(config.handlers)
    this.#data = config.data
    this.#unix = config.unix
    this.#hostname = config.hostname
    this.#allowHalfOpen = config.allowHalfOpen
    this.#tls = config.tls
    this.#pauseOnConnect = config.pauseOnConnect
    const address = native.address()
    this.#port = address ? address.port : undefined
    env.track('listener', this.#id, this)
    env.retain()
  }

  #onAccept(socketId) {
    if (this.#stopped) {
      // Accepted by the kernel before stop(): reset, as the kernel resets
      // the rest of a closed listener's queue (and as Bun's clients see).
      socketTerminate(socketId)
      return
    }
    const socket = createSocket(socketId, this.#handlers, this, this.#data, this.#allowHalfOpen, this.#tls)
    this.#sockets.add(socket)
    if (this.#pauseOnConnect) socket.pause()
    openSocket(socket)
  }

  /** A socket of this listener closed. */
  #forget(socket) {
    this.#sockets.delete(socket)
    // A stopped listener lets go of `data` with its last socket, as Bun.
    if (this.#stopped && this.#sockets.size === 0) this.#data = undefined
  }

  stop(closeActive) {
    if (!this.#stopped) {
      this.#stopped = true
      this.#native.close()
      env.untrack('listener', this.#id)
      if (this.#refd) {
        this.#refd = false
        env.release()
      }
      if (this.#sockets.size === 0) this.#data = undefined
      if (this.#unix !== undefined && !this.#unix.startsWith('\0')) {
        // Bun removes the socket file it created, so the path can be reused.
        try {
          fs.unlinkSync(this.#unix)
        } catch {
          // Already gone: nothing to clean.
        }
      }
    }
    if (closeActive) {
      // Newest first, as Bun closes them.
      for (const socket of [...this.#sockets].reverse()) socket.close()
    }
  }

  reload(options) {
    // Bun 1.4.4's (misleading) error for a stopped listener without
    // sockets; while it has some, their handlers are replaced.
    if (this.#stopped && this.#sockets.size === 0) throw new Error('Expected 1 argument')
    this.#handlers.replace(parseReloadOptions(options, arguments.length, false))
  }

  ref() {
    if (this.#stopped || this.#refd) return
    this.#refd = true
    env.retain()
  }

  unref() {
    if (this.#stopped || !this.#refd) return
    this.#refd = false
    env.release()
  }

  get port() {
    return this.#port
  }

  get hostname() {
    return this.#hostname
  }

  get unix() {
    return this.#unix
  }

  get data() {
    return this.#data
  }

  set data(value) {
    this.#data = value
  }

  get fd() {
    return this.#stopped ? -1 : this.#native.fd
  }

  /** Bun's form: fills `out` with `family`, `address`, `port`; returns nothing. */
  getsockname(out) {
    if (out === null || (typeof out !== 'object' && typeof out !== 'function')) throw invalidArgType('Expected object')
    const address = this.#stopped ? null : this.#native.address()
    if (address !== null) {
      out.family = address.family
      out.address = address.address
      out.port = address.port
    }
  }

  [Symbol.dispose]() {
    this.stop(true)
  }

  static {
    internals = {
      create(native, config) {
        return new Listener(internals, native, config)
      },
    }
    env.receive('listener', {
      accept: (listener, socketId) => listener.#onAccept(socketId),
    })
    setHooks(
      (listener, socket) => listener.#forget(socket),
      parseReloadOptions,
      (listener, socket) => listener.#sockets.add(socket),
    )
  }
}

// `util.inspect(listener)` shows the useful fields (Bun's own shows none).
Object.defineProperty(Listener.prototype, util.inspect.custom, {
  value: function inspect(depth, options, inspectValue) {
    const fields = { hostname: this.hostname, port: this.port, unix: this.unix, data: this.data }
    return `Listener ${inspectValue(fields, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`
  },
  configurable: true,
  writable: true,
})

Object.defineProperty(Listener.prototype, Symbol.toStringTag, { value: 'Listener', configurable: true })
// As in Bun, no visible constructor: `listener.constructor === Object`.
delete Listener.prototype.constructor

/** `Bun.listen(options)`: binds synchronously, throws on failure. */
function listen(options) {
  const config = parseListenOptions(options)
  const tls = config.tls === null ? undefined : config.tls.native
  const result =
    config.unix !== undefined
      ? env.pump.listenUnix(config.unix, config.backlog, tls)
      : env.pump.listenTcp(
          {
            hostname: config.hostname,
            port: config.port,
            backlog: config.backlog,
            reusePort: config.reusePort,
            ipv6Only: config.ipv6Only,
            exclusive: config.exclusive,
          },
          tls,
        )
  if (typeof result.tlsCode === 'string') throw tlsApi().tlsConfigError(result)
  if (typeof result.code === 'number') {
    throw config.unix !== undefined
      ? listenError(result.code, config.unix, config.unix, undefined)
      : listenError(result.code, config.hostname, config.hostname, config.port)
  }
  return internals.create(result, config)
}

module.exports = { listen, Listener }
