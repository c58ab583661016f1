'use strict'
// `Socket`: a connected TCP or Unix socket, with Bun's methods and Bun's
// event semantics on top of a `NativeSocket` (src/binding.rs).
//
// Bun's lifecycle, which this follows (see README "Differences" for the
// few places it does not):
// - `end()` and `close()` close the socket at once (a graceful FIN): the
//   `close` handler runs before they return. `terminate()` does the same
//   with an RST. `shutdown()` only sends a FIN; the socket stays open.
// - The peer's FIN calls `end`; without `allowHalfOpen` the socket then
//   closes. A reset calls `close(socket, err)` with `ECONNRESET`.
// - `close` runs exactly once, with `readyState` already -1.

const util = require('node:util')
const env = require('./env.js')
const { invoke, invokeWith, THREW } = require('./handlers.js')
const { systemError } = require('./errors.js')
const { toBytes } = require('./bytes.js')

// readyState values (bun-types): 1 open, -1 detached (closed).
const READY_OPEN = 1
const READY_DETACHED = -1

let internals

// Address properties read while the socket was open (see #address).
const SEEN_REMOTE_ADDRESS = 1
const SEEN_REMOTE_FAMILY = 2
const SEEN_LOCAL_ADDRESS = 4
const SEEN_LOCAL_PORT = 8
const SEEN_LOCAL_FAMILY = 16

// Kinds of events held while paused.
const DATA = 0
const END = 1
const ERROR = 2

class Socket {
  #native
  #id
  /** The handler table: the listener's (shared) or this socket's own. */
  #handlers
  #listener
  #data
  #allowHalfOpen
  #closed = false
  /** We sent FIN (`shutdown()`): writes fail, the socket stays open. */
  #writeShut = false
  /** The peer sent FIN. */
  #readEnded = false
  /** A write found the connection broken. */
  #writeFailed = false
  #refd = true
  #bytesWritten = 0
  #local = undefined
  #remote = undefined
  /** Which address properties were read while open (SEEN_* bits). */
  #seen = 0
  /** `pause()` was called: events are held back until `resume()`. */
  #paused = false
  /** Events that arrived while paused (or behind such events), in order. */
  #held = undefined
  #timer = undefined

  constructor(token, native, id, handlers, listener, data, allowHalfOpen) {
    if (token !== internals) throw new TypeError('Illegal constructor')
    this.#native = native
    this.#id = id
    this.#handlers = handlers
    this.#listener = listener
    this.#data = data
    this.#allowHalfOpen = allowHalfOpen
    if (native === null) {
      // The socket handed to `connectError`: it never opened.
      this.#closed = true
      this.#refd = false
      return
    }
    env.register(id, this)
    env.retain()
  }

  // ---- events from the pump ----------------------------------------------

  _onData(bytes, start, end) {
    if (this.#closed) return
    if (this.#paused || this.#held !== undefined) {
      this.#hold(DATA, bytes.subarray(start, end))
      return
    }
    this.#deliverData(bytes, start, end)
  }

  #deliverData(bytes, start, end) {
    const handlers = this.#handlers
    const onData = handlers.data
    if (onData === undefined) return
    invokeWith(handlers, onData, this, sliceAs(handlers.binaryType, bytes, start, end))
  }

  _onDrain() {
    if (this.#closed) return
    const handlers = this.#handlers
    if (handlers.drain !== undefined) invoke(handlers, handlers.drain, this)
  }

  _onEnd() {
    if (this.#closed) return
    if (this.#paused || this.#held !== undefined) {
      this.#hold(END, undefined)
      return
    }
    this.#readEnded = true
    if (this.#writeShut) {
      // Both directions are finished: nothing is left to wait for.
      this.#finish(undefined)
      return
    }
    const handlers = this.#handlers
    if (handlers.end !== undefined) invoke(handlers, handlers.end, this)
    if (!this.#allowHalfOpen) {
      this.#finish(undefined)
    } else if (!this.#closed && handlers.drain !== undefined) {
      // Bun follows `end` with `drain` on a half-open socket: the write
      // side is still usable.
      invoke(handlers, handlers.drain, this)
    }
  }

  _onHangup() {
    this.#finish(undefined)
  }

  _onError(word, syscall) {
    if (this.#closed) return
    if (this.#paused || this.#held !== undefined) {
      this.#hold(ERROR, [word, syscall])
      return
    }
    if (this.#writeFailed) {
      // Bun ends a socket whose write failed quietly: `end`, then `close`
      // without an error.
      this.#readEnded = true
      const handlers = this.#handlers
      if (handlers.end !== undefined) invoke(handlers, handlers.end, this)
      this.#finish(undefined)
      return
    }
    // Bun labels every failure of an established socket as a read error.
    const err = systemError(word, 'read')
    err.message = `${err.code}: ${describeErrno(err.code)}, read`
    this.#finish(err)
  }

  // A paused socket receives nothing, as in Bun. The native side stops
  // reading at once, but bytes it read just before are already on their
  // way; they wait here (bounded by the native read budget) until resume.
  #hold(kind, value) {
    if (this.#held === undefined) this.#held = []
    this.#held.push(kind, value)
  }

  #replayHeld() {
    const held = this.#held
    if (held === undefined || this.#paused) return
    this.#held = undefined
    for (let i = 0; i < held.length; i += 2) {
      if (this.#closed) return
      if (this.#paused) {
        // Paused again by a handler: keep the rest, in order.
        const rest = held.slice(i)
        this.#held = this.#held === undefined ? rest : rest.concat(this.#held)
        return
      }
      const kind = held[i]
      const value = held[i + 1]
      if (kind === DATA) this.#deliverData(value, 0, value.length)
      else if (kind === END) this._onEnd()
      else this._onError(value[0], value[1])
    }
  }

  // ---- lifecycle -----------------------------------------------------------

  /**
   * Called once the socket is handed to JS: runs `open`. As in Bun, a
   * socket whose `open` throws is closed once the error is reported.
   */
  _open() {
    const handlers = this.#handlers
    if (handlers.open !== undefined && invoke(handlers, handlers.open, this) === THREW) this.#finish(undefined)
  }

  /** Closes for good and runs `close` (once). */
  #finish(err) {
    if (this.#closed) return
    this.#closed = true
    const native = this.#native
    this.#native = null
    native.close()
    this.#release()
    const handlers = this.#handlers
    if (handlers.close !== undefined) invokeWith(handlers, handlers.close, this, err)
  }

  #release() {
    env.unregister(this.#id)
    if (this.#refd) {
      this.#refd = false
      env.release()
    }
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer)
      this.#timer = undefined
    }
    const listener = this.#listener
    if (listener !== undefined) listener._forget(this)
  }

  // ---- writing ---------------------------------------------------------------

  write(data, byteOffset, byteLength) {
    const native = this.#native
    if (native === null || this.#writeShut) return -1
    let n
    if (byteOffset === undefined && byteLength === undefined && typeof data === 'string') {
      n = native.writeString(data)
    } else if (byteOffset === undefined && byteLength === undefined && data instanceof Uint8Array) {
      n = native.write(data, 0, data.byteLength)
    } else {
      const bytes = toBytes(data, byteOffset, byteLength)
      if (bytes === null) return 0
      n = native.write(bytes, 0, bytes.byteLength)
    }
    if (n < 0) {
      // The connection is broken. Like Bun, report -1 and keep the socket
      // until the failure event arrives (see _onError).
      this.#writeFailed = true
      return -1
    }
    this.#bytesWritten += n
    return n
  }

  end(data, byteOffset, byteLength) {
    if (this.#native === null) return -1
    let written = 0
    if (data !== undefined && data !== null) {
      written = this.write(data, byteOffset, byteLength)
      if (this.#native === null) return written
    }
    this.#finish(undefined)
    return written
  }

  close() {
    this.#finish(undefined)
  }

  terminate() {
    const native = this.#native
    if (native === null) return
    native.terminate()
    this.#finish(undefined)
  }

  shutdown(halfClose) {
    const native = this.#native
    if (native === null) return
    if (halfClose) {
      native.shutdown(0)
      return
    }
    if (this.#writeShut) return
    this.#writeShut = true
    // With the read side already ended, both directions are now done. Bun
    // closes on its next loop turn, not inside shutdown(): queue that turn
    // before the FIN leaves, so it is ordered before the peer's reaction.
    if (this.#readEnded) native.queueHangup()
    native.shutdown(1)
  }

  flush() {
    // Writes are never buffered here: there is nothing to flush.
  }

  // ---- flow control and options --------------------------------------------

  pause() {
    if (this.#native === null || this.#paused) return
    this.#paused = true
    this.#native.pause()
  }

  resume() {
    if (this.#native === null || !this.#paused) return
    this.#paused = false
    this.#native.resume()
    // Held events are delivered after the caller returns, as fresh reads
    // would be.
    if (this.#held !== undefined) queueMicrotask(() => this.#replayHeld())
  }

  setNoDelay(noDelay = true) {
    const native = this.#native
    return native === null ? false : native.setNoDelay(Boolean(noDelay))
  }

  setKeepAlive(enable = false, initialDelay = 0) {
    const native = this.#native
    if (native === null) return false
    const delay = Number(initialDelay)
    return native.setKeepAlive(Boolean(enable), Number.isFinite(delay) && delay > 0 ? delay : 0)
  }

  /**
   * Bun's timeout is a one-shot timer: `timeout` runs once, `seconds` after
   * this call, whatever the traffic meanwhile, and the socket stays open.
   * Calling it again restarts it; 0 cancels it.
   */
  timeout(seconds) {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer)
      this.#timer = undefined
    }
    const ms = Math.max(0, Number(seconds) || 0) * 1000
    if (ms === 0 || this.#native === null) return
    this.#timer = setTimeout(() => this.#onTimeout(), ms)
    this.#timer.unref()
  }

  #onTimeout() {
    this.#timer = undefined
    if (this.#native === null) return
    const handlers = this.#handlers
    if (handlers.timeout !== undefined) invoke(handlers, handlers.timeout, this)
  }

  ref() {
    if (this.#native === null || this.#refd) return
    this.#refd = true
    env.retain()
  }

  unref() {
    if (this.#native === null || !this.#refd) return
    this.#refd = false
    env.release()
  }

  reload(options) {
    this.#handlers.replace(parseReload(options, arguments.length, true))
  }

  // ---- properties ------------------------------------------------------------

  get data() {
    return this.#data
  }

  set data(value) {
    this.#data = value
  }

  get readyState() {
    return this.#closed ? READY_DETACHED : READY_OPEN
  }

  get bytesWritten() {
    return this.#bytesWritten
  }

  get listener() {
    // Bun forgets the listener once the socket closes.
    return this.#closed ? undefined : this.#listener
  }

  get fd() {
    return this.#native === null ? -1 : this.#native.fd
  }

  // Addresses come from getpeername/getsockname while the socket is open.
  // After close Bun still answers each property that was read while it was
  // open (cached on first read), except `remotePort`, which it never
  // caches; this follows it property by property.
  get remoteAddress() {
    return this.#address(false, 'address', SEEN_REMOTE_ADDRESS)
  }

  get remotePort() {
    return this.#native === null ? undefined : this.#endpoint(false)?.port
  }

  get remoteFamily() {
    return this.#address(false, 'family', SEEN_REMOTE_FAMILY)
  }

  get localAddress() {
    return this.#address(true, 'address', SEEN_LOCAL_ADDRESS)
  }

  get localPort() {
    return this.#address(true, 'port', SEEN_LOCAL_PORT)
  }

  get localFamily() {
    return this.#address(true, 'family', SEEN_LOCAL_FAMILY)
  }

  #address(local, field, bit) {
    if (this.#native === null) {
      if ((this.#seen & bit) === 0) return undefined
    } else {
      this.#seen |= bit
    }
    return this.#endpoint(local)?.[field]
  }

  #endpoint(local) {
    let e = local ? this.#local : this.#remote
    if (e === undefined && this.#native !== null) {
      e = local ? this.#native.localAddress() : this.#native.remoteAddress()
      if (local) this.#local = e
      else this.#remote = e
    }
    return e === null ? undefined : e
  }

  get authorized() {
    return false
  }

  get alpnProtocol() {
    // Bun: `false` on a connection without TLS (no protocol negotiated).
    return false
  }

  [Symbol.dispose]() {
    return this.end()
  }

  [util.inspect.custom](depth, options, inspect) {
    const fields = {
      readyState: this.readyState,
      localAddress: this.localAddress,
      localPort: this.localPort,
      remoteAddress: this.remoteAddress,
      remotePort: this.remotePort,
      bytesWritten: this.#bytesWritten,
      data: this.#data,
    }
    return `Socket ${inspect(fields, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`
  }

  static {
    internals = {
      create(native, id, handlers, listener, data, allowHalfOpen) {
        return new Socket(internals, native, id, handlers, listener, data, allowHalfOpen)
      },
      createDetached(handlers, data) {
        return new Socket(internals, null, 0, handlers, undefined, data, false)
      },
    }
  }
}

Object.defineProperty(Socket.prototype, Symbol.toStringTag, { value: 'Socket', configurable: true })

let parseReload = () => {
  throw new Error('bun-sockets: reload is not wired')
}

/** `listener.js` provides the options parser, which needs `Handlers`. */
function setReloadParser(fn) {
  parseReload = fn
}

function sliceAs(binaryType, bytes, start, end) {
  switch (binaryType) {
    case 'arraybuffer':
      return bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end)
    case 'uint8array':
      return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start)
    default:
      return bytes.subarray(start, end)
  }
}

function describeErrno(code) {
  switch (code) {
    case 'ECONNRESET':
      return 'connection reset by peer'
    case 'EPIPE':
      return 'broken pipe'
    case 'ETIMEDOUT':
      return 'connection timed out'
    default: {
      const entry = util.getSystemErrorMap && [...util.getSystemErrorMap().values()].find((v) => v[0] === code)
      return entry ? entry[1] : code
    }
  }
}

module.exports = {
  Socket,
  createSocket: (native, id, handlers, listener, data, allowHalfOpen) =>
    internals.create(native, id, handlers, listener, data, allowHalfOpen),
  createDetachedSocket: (handlers, data) => internals.createDetached(handlers, data),
  setReloadParser,
}
