'use strict'
// `Socket`: a connected TCP or Unix socket, with Bun's methods and Bun's
// event semantics on top of the native socket of the same id (the
// `socket*` functions of src/binding.rs).
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
const binding = require('./binding.js')
const { socketWrite, socketWriteString } = binding
const { Handlers, invoke, invokeWith, invokeWith2, parseHandlers, THREW } = require('./handlers.js')
const { describedError, errnoName, invalidArgType, notSupported, outOfRange } = require('./errors.js')

// What Bun's socket methods return (negated) once the socket is closed.
const { EBADF } = require('node:os').constants.errno
// Node's, taken once (test runners' fake timers replace the globals).
const { nextTick } = process
const settled = Promise.resolve()
const { byteLengthOf, forNative, toBytes } = require('./bytes.js')

/** How many bytes `write(data, byteOffset, byteLength)` asked to send. */
function requestedLength(data, byteOffset, byteLength) {
  if (typeof data === 'string' && byteOffset === undefined && byteLength === undefined) return Buffer.byteLength(data)
  const bytes = toBytes(data, byteOffset, byteLength)
  return bytes === null ? 0 : byteLengthOf(bytes)
}
const { tlsApi, isPlain } = require('./tls.js')

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

/** Longest `exportKeyingMaterial()` (src/tls/session.rs MAX_KEYING_MATERIAL). */
const MAX_KEYING_MATERIAL = 65536

/** How long a TLS `end()` waits for the peer's answer before closing. */
const TLS_END_WAIT_MS = 10_000

// Event kinds JS queues through the pump (src/pump.rs `kind`).
const END_EVENT = 5
const HANGUP_EVENT = 8

// Kinds of events held while paused (an error is never held: #failHeld).
const DATA = 0
const END = 1

class Socket {
  /** The native socket's id while this object drives it; null once it is
   * closed, or replaced by the `[raw, tls]` pair of `upgradeTLS()`. */
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
  /**
   * `end(data)` whose data the kernel took only in part: as in Bun, the
   * socket stays open (reading on, writes taking nothing) until the kernel
   * can take more, then ends.
   */
  #endWhenDrained = false
  /** A TLS socket got data after its own end() (see #onEnd). */
  #dataAfterEnd = false
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
  /**
   * TLS state, `null` on a plain socket: the options read by
   * tls-options.js (`config`), whether this side is the server, and the
   * handshake's outcome once known.
   */
  #tls = null
  /** `open` waits for the TLS handshake (no `handshake` handler). */
  #openPending = false
  /**
   * `end()` on a TLS socket: close_notify and FIN are sent and the socket
   * counts as closed, but, as in Bun, `close` runs when the peer answers.
   */
  #tlsEnding = false
  /** The host a client connected to (what STARTTLS verifies). */
  #host
  /**
   * After `upgradeTLS()`: the other half of the pair. The `raw` half
   * writes bytes as they are and is told the ciphertext read; the TLS half
   * owns the connection's events.
   */
  #twin = undefined
  #isRawHalf = false
  /** STARTTLS requested, and the native side has not confirmed it yet. */
  #upgrading = false

  constructor(token, native, id, handlers, listener, data, allowHalfOpen, tls, host) {
    if (token !== internals) throw new TypeError('Illegal constructor')
    this.#native = native
    this.#id = id
    this.#handlers = handlers
    this.#listener = listener
    this.#data = data
    this.#allowHalfOpen = allowHalfOpen
    this.#host = host
    if (tls) {
      this.#tls = {
        config: tls,
        isServer: listener !== undefined,
        // 0 handshaking, 1 done, 2 failed
        state: 0,
        // Why the peer is not authorized (native code), null when it is.
        authCode: null,
        info: null,
        // A client whose handshake waits for `open` to return.
        held: tls.held === true,
        // What setSession() asked to resume.
        resume: undefined,
      }
      Object.setPrototypeOf(this, TLS_SOCKET_PROTOTYPE)
    }
    if (native === null) {
      // The socket handed to `connectError`: it never opened.
      this.#closed = true
      this.#refd = false
      return
    }
    env.track('socket', id, this)
    env.retain()
  }

  // ---- events from the pump ----------------------------------------------

  #onData(bytes, start, end) {
    if (this.#closed) return
    if (this.#upgrading) {
      // Read as plain text just before STARTTLS took effect: the peer's
      // first TLS records (the raw half is told of them as ciphertext).
      if (this.#native !== null) binding.socketFeedTls(this.#native, bytes.subarray(start, end))
      return
    }
    if (this.#paused || this.#held !== undefined) {
      this.#hold(DATA, bytes.subarray(start, end))
      return
    }
    this.#deliverData(bytes, start, end)
  }

  #deliverData(bytes, start, end) {
    if (this.#tlsEnding) this.#dataAfterEnd = true
    const handlers = this.#handlers
    const onData = handlers.data
    if (onData === undefined) return
    invokeWith(handlers, onData, this, chunkAs(handlers.binaryType, bytes, start, end))
  }

  #onDrain() {
    if (this.#closed || this.#tlsEnding) return
    if (this.#endWhenDrained) {
      // No `drain` for it, as in Bun: the socket ends now (shut down
      // since or not).
      this.#endWhenDrained = false
      this.#finish(undefined, true)
      return
    }
    // After shutdown() nothing more can be written: no `drain`, as in Bun.
    if (this.#writeShut) return
    const handlers = this.#handlers
    if (handlers.drain !== undefined) invoke(handlers, handlers.drain, this)
  }

  #onEnd() {
    if (this.#closed) return
    if (this.#tlsEnding) {
      // The peer answered our close_notify: done. Bun tells `end` first
      // when data came after its own end() (the reply to a last request).
      const onEnd = this.#handlers.end
      if (this.#dataAfterEnd && onEnd !== undefined) invoke(this.#handlers, onEnd, this)
      this.#finish(undefined)
      return
    }
    if (this.#tls !== null && this.#tls.state === 0) {
      // The peer left before the handshake ended (its FIN can be read
      // before this side's TLS starts, while a client's handshake waits
      // for `open` to return): the handshake failed, as in Bun.
      this.#onHandshake(false, 'ECONNRESET')
      return
    }
    if (this.#paused || this.#held !== undefined) {
      this.#hold(END, undefined)
      return
    }
    this.#readEnded = true
    if (this.#writeShut) {
      // Both directions are finished: nothing is left to wait for. (A TLS
      // socket tells `end` first, as Bun's does; a TCP one does not.)
      const onEnd = this.#handlers.end
      if (this.#tls !== null && onEnd !== undefined) invoke(this.#handlers, onEnd, this)
      if (!this.#closed) this.#finish(undefined)
      return
    }
    const handlers = this.#handlers
    const onEnd = handlers.end
    // Bun keeps a socket half-open only when it has an `end` handler to
    // tell; without one, the peer's FIN closes it as if allowHalfOpen were
    // false.
    if (onEnd === undefined || !this.#allowHalfOpen) {
      if (onEnd !== undefined) invoke(handlers, onEnd, this)
      this.#finish(undefined)
      return
    }
    invoke(handlers, onEnd, this)
    // Then Bun reports the still-usable write side with a `drain`: at once
    // if it can take data, else when it can (the native `drain`).
    if (
      !this.#closed &&
      !this.#writeFailed &&
      handlers.drain !== undefined &&
      !binding.socketAwaitsDrain(this.#native)
    ) {
      invoke(handlers, handlers.drain, this)
    }
  }

  #onHangup() {
    this.#finish(undefined)
  }

  #onError(word, syscall) {
    if (this.#closed) return
    if (this.#tls !== null && this.#tls.state === 0) {
      // A reset before the handshake ends closes with it, no handshake
      // call; Bun reports any other failure there as the handshake's
      // (ECONNRESET), not through `error`.
      if (errnoName(word) === 'ECONNRESET' && syscall === 'read') {
        this.#tls.state = 2 // failed, without the handshake call #finish would make
        this.#tls.authCode = 'ECONNRESET'
        this.#finish(describedError(word, 'read'))
      } else {
        this.#onHandshake(false, 'ECONNRESET')
      }
      return
    }
    if (this.#tlsEnding) {
      this.#finish(undefined)
      return
    }
    if (this.#paused || this.#held !== undefined) {
      this.#failHeld(word, syscall)
      return
    }
    if (this.#writeFailed && this.#tls === null) {
      // Bun ends a socket whose write failed quietly: `end` (unless the
      // peer's FIN already came), then `close` without an error. (Its TLS
      // sockets buffer writes, so for them the reset comes through reads.)
      const handlers = this.#handlers
      if (!this.#readEnded && handlers.end !== undefined) {
        this.#readEnded = true
        invoke(handlers, handlers.end, this)
      }
      this.#finish(undefined)
      return
    }
    // Bun labels every failure of an established socket as a read error.
    this.#finish(describedError(word, 'read'))
  }

  /** The TLS handshake ended; `code` says why the peer is not authorized. */
  #onHandshake(ok, code) {
    const tls = this.#tls
    if (this.#closed || tls === null || tls.state !== 0) return
    tls.state = ok ? 1 : 2
    tls.authCode = code === '' ? null : code
    // Also after a failure: Bun still reports what the handshake had
    // settled (version, suite, key exchange, the name the client asked for).
    tls.info = binding.socketTlsInfo(this.#native)
    // The refused certificate names the hosts in the error's message,
    // which must read the same after close.
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') tls.peerLeaf = this.#peerLeaf()
    const handlers = this.#handlers
    // What Bun passes as `success`: false for a failed handshake (but true
    // for a server refusing a client's certificate) and for a host name
    // that does not match (whose connection Bun keeps open).
    const verifyFailure = code !== '' && !code.startsWith('ssl:') && code !== 'ECONNRESET'
    const success = ok ? code !== 'ERR_TLS_CERT_ALTNAME_INVALID' : tls.isServer && verifyFailure
    if (this.#openPending) {
      this.#openPending = false
      this.#runOpen()
    } else if (handlers.handshake !== undefined) {
      const err = code === '' ? null : tlsApi().authorizationError(code, tls.peerLeaf ?? this.#peerLeaf(), tls.config.serverName)
      invokeWith2(handlers, handlers.handshake, this, success, err)
    } else {
      // `open` ran at connect (there was a `handshake` handler then), and a
      // reload() since left none: Bun applies its rule to the handlers of
      // now, and opens once the handshake ends.
      this.#runOpen()
    }
    if (!ok) {
      this.#finish(undefined)
      return
    }
    // `drain` follows from the native side, after the data that came
    // with the handshake's last message.
  }

  /** The server gave sessions to resume: Bun's `session` handler, once each. */
  #onSession(count) {
    const handlers = this.#handlers
    if (this.#closed || handlers.session === undefined) return
    for (let i = 0; i < count && !this.#closed; i++) {
      invokeWith(handlers, handlers.session, this, this.getSession())
    }
  }

  /** STARTTLS took effect: every byte read as plain text was handed back. */
  #onUpgraded() {
    if (!this.#upgrading) return
    this.#upgrading = false
    if (this.#native !== null) binding.socketResumeAfterUpgrade(this.#native)
  }

  /** Ciphertext of an upgraded connection, for the raw half. */
  #onRawData(bytes, start, end) {
    const raw = this.#twin
    if (this.#closed || raw === undefined || raw.#closed) return
    raw.#deliverData(bytes, start, end)
  }

  /** A TLS failure after the handshake: `error`, then `close`. */
  #onTlsError(code) {
    if (this.#closed) return
    const handlers = this.#handlers
    if (handlers.error !== undefined) invokeWith(handlers, handlers.error, this, tlsApi().tlsError(code))
    this.#finish(undefined)
  }

  #peerLeaf() {
    const native = this.#native
    if (native === null) return undefined
    const chain = binding.socketPeerCertificates(native)
    return chain.length > 0 ? chain[0] : undefined
  }

  // A paused socket receives nothing, as in Bun. The native side stops
  // reading at once, but bytes it read just before are already on their
  // way; they wait here (bounded by the native read budget) until resume.
  #hold(kind, value) {
    if (this.#held === undefined) this.#held = []
    this.#held.push(kind, value)
  }

  // Bun reports an error (typically the peer's reset) even to a paused
  // socket, after the data that came before it; waiting for a resume that
  // may never come would keep the process alive for a dead connection.
  #failHeld(word, syscall) {
    const held = this.#held
    this.#held = undefined
    for (let i = 0; held !== undefined && i < held.length; i += 2) {
      if (this.#closed) return
      // Whatever a handler does with pause(), the error is on its way.
      this.#paused = false
      const value = held[i + 1]
      if (held[i] === DATA) this.#deliverData(value, 0, value.length)
      else if (held[i] === END) this.#onEnd()
    }
    if (this.#closed) return
    this.#paused = false
    this.#onError(word, syscall)
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
      else this.#onEnd()
    }
  }

  // ---- lifecycle -----------------------------------------------------------

  /**
   * Called once the socket is handed to JS: runs `open`. As in Bun, a
   * socket whose `open` throws is closed once the error is reported.
   */
  #open() {
    const tls = this.#tls
    if (tls !== null && tls.state === 0 && !tls.held && this.#handlers.handshake === undefined) {
      // Without a `handshake` handler Bun calls `open` when the handshake
      // ends (even a failed one).
      this.#openPending = true
      return
    }
    this.#runOpen()
    if (tls !== null && tls.held) this.#startHeldHandshake()
  }

  /** A client held for its `open` (and setSession()) starts its handshake. */
  #startHeldHandshake() {
    const tls = this.#tls
    tls.held = false
    if (this.#closed || this.#native === null) return
    if (binding.socketStartClientTls(this.#native, tls.resume)) this.#upgrading = true
    tls.resume = undefined
  }

  #runOpen() {
    const handlers = this.#handlers
    if (handlers.open === undefined || invoke(handlers, handlers.open, this) !== THREW) return
    if (handlers.error !== undefined) {
      this.#finish(undefined)
    } else {
      // The uncaught exception is reported first (next tick), then the
      // socket closes, in Bun's order.
      nextTick(() => this.#finish(undefined))
    }
  }

  /** Closes for good and runs `close` (once); `graceful`: TLS close_notify. */
  #finish(err, graceful) {
    if (this.#closed) return
    const tls = this.#tls
    if (tls !== null && tls.state === 0) {
      // Closed by this side before the handshake ended: Bun reports the
      // handshake as failed, to an already opened socket.
      tls.state = 2
      tls.authCode = 'ECONNRESET'
      const handlers = this.#handlers
      if (!this.#openPending && handlers.handshake !== undefined) {
        invokeWith2(handlers, handlers.handshake, this, false, tlsApi().handshakeError('ECONNRESET'))
        if (this.#closed) return
      }
    }
    this.#closed = true
    const native = this.#native
    this.#native = null
    binding.socketClose(native, graceful === true)
    const raw = this.#twin
    if (raw !== undefined && !raw.#closed) {
      // Bun closes the raw half of a STARTTLS pair first.
      raw.#closed = true
      raw.#native = null
      raw.#release()
      const rawHandlers = raw.#handlers
      if (rawHandlers.close !== undefined) invokeWith(rawHandlers, rawHandlers.close, raw, undefined)
    }
    this.#release()
    const handlers = this.#handlers
    if (handlers.close !== undefined) invokeWith(handlers, handlers.close, this, err)
  }

  #release() {
    env.untrack('socket', this.#id)
    if (this.#refd) {
      this.#refd = false
      env.release()
    }
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer)
      this.#timer = undefined
    }
    const listener = this.#listener
    if (listener !== undefined) hooks.forget(listener, this)
  }

  // ---- writing ---------------------------------------------------------------

  write(data, byteOffset, byteLength) {
    const native = this.#native
    if (native === null || this.#writeShut || this.#tlsEnding) return -1
    if (this.#endWhenDrained) return 0
    if (this.#isRawHalf) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : toBytes(data, byteOffset, byteLength)
      if (bytes === null) return 0
      const n = binding.socketWriteRaw(native, bytes, 0, bytes.byteLength)
      if (n > 0) this.#bytesWritten += n
      return n < 0 ? -1 : n
    }
    const tls = this.#tls
    if (tls !== null && tls.state !== 1) {
      // Bun takes nothing before the handshake (`drain` follows it), and
      // an empty write there is an error.
      if (tls.state === 2) return -1
      const empty = typeof data === 'string' ? data.length === 0 : ArrayBuffer.isView(data) && data.byteLength === 0
      return empty ? -1 : 0
    }
    let n
    if (byteOffset === undefined && byteLength === undefined && typeof data === 'string') {
      n = socketWriteString(this.#id, data)
    } else {
      const bytes = byteOffset === undefined && byteLength === undefined && data instanceof Uint8Array ? data : toBytes(data, byteOffset, byteLength)
      if (bytes === null) return 0
      const length = byteLengthOf(bytes)
      n = socketWrite(this.#id, forNative(bytes, length), 0, length)
    }
    if (n < 0) {
      // The connection is broken. Like Bun, report -1 and keep the socket
      // until the failure event arrives (see #onError).
      this.#writeFailed = true
      return -1
    }
    this.#bytesWritten += n
    return n
  }

  end(data, byteOffset, byteLength) {
    if (this.#isRawHalf && this.#native !== null) return this.#twin.end(data, byteOffset, byteLength)
    if (this.#native === null || this.#tlsEnding) return -1
    let written = 0
    const tls = this.#tls
    // `null` is data too, refused as write(null) is (as in Bun).
    if (data !== undefined) {
      written = this.write(data, byteOffset, byteLength)
      if (this.#native === null) return written
      // After shutdown(): Bun refuses the data and leaves the socket open.
      if (this.#writeShut) return written
      if (tls === null && written >= 0 && !this.#endWhenDrained && written < requestedLength(data, byteOffset, byteLength)) {
        // Closing now would drop what the peer still sends (the kernel
        // answers it with a reset, which discards what the peer had not
        // read yet): Bun keeps the socket until its data went out.
        this.#endWhenDrained = true
        return written
      }
    }
    if (tls !== null && tls.state === 1 && !this.#readEnded) {
      // Bun closes when the peer answers the close_notify; reading must
      // go on for that, and a peer that never answers is not waited for
      // long.
      this.#tlsEnding = true
      if (this.#paused) {
        // Bun reads on, and delivers the reply, paused or not.
        this.#paused = false
        binding.socketResume(this.#native)
        if (this.#held !== undefined) settled.then(() => this.#replayHeld())
      }
      binding.socketShutdown(this.#native, 1)
      if (this.#timer !== undefined) clearTimeout(this.#timer)
      this.#timer = setTimeout(() => this.#finish(undefined), TLS_END_WAIT_MS)
      this.#timer.unref()
      return written
    }
    this.#finish(undefined, true)
    return written
  }

  close() {
    if (this.#isRawHalf && this.#native !== null) return this.#twin.close()
    this.#finish(undefined)
  }

  terminate() {
    if (this.#isRawHalf && this.#native !== null) return this.#twin.terminate()
    const native = this.#native
    if (native === null) return
    binding.socketTerminate(native)
    this.#finish(undefined)
  }

  shutdown(halfClose) {
    const native = this.#native
    if (native === null) return
    if (halfClose) {
      // Stop reading. Bun then reports the read side as ended (its own
      // `end`, on the next loop turn), and closes unless half-open.
      binding.socketShutdown(native, 0)
      if (!this.#readEnded) binding.socketQueueEvent(native, END_EVENT)
      return
    }
    if (this.#writeShut) return
    this.#writeShut = true
    // With the read side already ended, both directions are now done. Bun
    // closes on its next loop turn, not inside shutdown(): queue that turn
    // before the FIN leaves, so it is ordered before the peer's reaction.
    if (this.#readEnded) binding.socketQueueEvent(native, HANGUP_EVENT)
    binding.socketShutdown(native, 1)
  }

  flush() {
    // Writes are never buffered here: there is nothing to flush.
  }

  // ---- flow control and options --------------------------------------------

  pause() {
    if (this.#native === null || this.#paused) return
    this.#paused = true
    binding.socketPause(this.#native)
  }

  resume() {
    if (this.#native === null || !this.#paused) return
    this.#paused = false
    binding.socketResume(this.#native)
    // Held events are delivered after the caller returns, as fresh reads
    // would be.
    if (this.#held !== undefined) settled.then(() => this.#replayHeld())
  }

  // Parameters without defaults keep each method's `length` Bun's.
  setNoDelay(noDelay) {
    if (noDelay === undefined) noDelay = true
    const native = this.#native
    return native === null ? false : binding.socketSetNoDelay(native, Boolean(noDelay))
  }

  setKeepAlive(enable, initialDelay) {
    if (enable === undefined) enable = false
    if (initialDelay === undefined) initialDelay = 0
    const native = this.#native
    if (native === null) return false
    if (typeof initialDelay !== 'number') {
      throw invalidArgType(`The "initialDelay" property must be of type number. Received ${typeof initialDelay}`)
    }
    if (!Number.isInteger(initialDelay)) {
      throw invalidArgType('The "initialDelay" property must be of type integer. Received number')
    }
    if (initialDelay < 0) {
      throw outOfRange(
        `The value of "initialDelay" is out of range. It must be >= 0 and <= ${Number.MAX_SAFE_INTEGER}. Received ${initialDelay}`,
      )
    }
    return binding.socketSetKeepAlive(native, Boolean(enable), initialDelay)
  }

  /**
   * Bun's timeout is a one-shot timer: `timeout` runs once, `seconds` after
   * this call, whatever the traffic meanwhile, and the socket stays open.
   * Calling it again restarts it; 0 cancels it. (Bun fires it on a 4-second
   * tick; this fires it on time.)
   */
  timeout(seconds) {
    if (this.#native === null) return
    if (arguments.length === 0) throw new Error('Expected 1 argument, got 0')
    // Whole seconds, as Bun counts them: 0.5 is 0 (no timeout), -0.5 too.
    const value = Math.trunc(Number(seconds) || 0)
    if (value < 0) throw new Error('Timeout must be a positive integer')
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer)
      this.#timer = undefined
    }
    if (value === 0) return
    this.#timer = setTimeout(() => this.#onTimeout(), Math.min(value * 1000, 0x7fffffff))
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
    this.#handlers.replace(hooks.parseReload(options, arguments.length, true))
  }

  // ---- properties ------------------------------------------------------------

  get data() {
    return this.#data
  }

  set data(value) {
    this.#data = value
  }

  get readyState() {
    return this.#closed || this.#tlsEnding ? READY_DETACHED : READY_OPEN
  }

  get bytesWritten() {
    return this.#bytesWritten
  }

  get listener() {
    // Bun forgets the listener once the socket closes.
    return this.#closed ? undefined : this.#listener
  }

  get fd() {
    return this.#native === null ? -1 : binding.socketFd(this.#native)
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
      e = local ? binding.socketLocalAddress(this.#native) : binding.socketRemoteAddress(this.#native)
      if (local) this.#local = e
      else this.#remote = e
    }
    return e === null ? undefined : e
  }

  // ---- TLS ---------------------------------------------------------------
  // Bun's TLS methods exist on every socket; on a plain one they answer as
  // Bun's do (no TLS: false, null or undefined).

  /** The native TLS state, refreshed while the socket is open. */
  #tlsInfo() {
    const tls = this.#tls
    if (tls === null || this.#native === null) return null
    if (tls.state === 1) tls.info = binding.socketTlsInfo(this.#native)
    return tls.info
  }

  get authorized() {
    const tls = this.#tls
    return tls !== null && tls.state === 1 && tls.authCode === null
  }

  getAuthorizationError() {
    const tls = this.#tls
    if (tls === null) return null
    // Before its handshake (and on a server whose client sent no
    // certificate) Bun reports the missing peer certificate.
    if (tls.state === 0) return tlsApi().authorizationError('UNABLE_TO_GET_ISSUER_CERT')
    if (tls.authCode === null) return null
    return tlsApi().authorizationError(tls.authCode, tls.peerLeaf ?? this.#peerLeaf(), tls.config.serverName)
  }

  get alpnProtocol() {
    const info = this.#tlsInfo()
    // Bun: `false` when nothing was negotiated (and on plain sockets).
    return info && info.alpnProtocol ? info.alpnProtocol.toString('latin1') : false
  }

  getTLSVersion() {
    const tls = this.#tls
    if (tls === null || this.#closed) return null
    // Bun answers "TLSv1.2" until the handshake has chosen a version.
    const info = tls.state === 0 ? null : this.#tlsInfo()
    return info?.protocol ?? 'TLSv1.2'
  }

  getCipher() {
    const tls = this.#tls
    if (tls === null || this.#closed) return undefined
    const info = tls.state === 0 ? null : this.#tlsInfo()
    if (!info?.cipherName) return { name: null, standardName: null, version: null }
    return { name: info.cipherName, standardName: info.cipherStandardName, version: info.protocol }
  }

  getServername() {
    const tls = this.#tls
    if (tls === null || this.#closed) return undefined
    if (!tls.isServer) return tls.config.serverName
    const info = this.#tlsInfo()
    return info && info.serverName ? info.serverName : undefined
  }

  getEphemeralKeyInfo() {
    const tls = this.#tls
    // Bun reports the key exchange to clients only, and under TLS 1.3 as
    // an empty object.
    if (tls === null || this.#closed || tls.isServer) return null
    const info = tls.state === 0 ? null : this.#tlsInfo()
    if (info === null || info.protocol !== 'TLSv1.2' || !info.keyExchangeGroup) return {}
    const group = info.keyExchangeGroup
    if (group === 'X25519') return { type: 'ECDH', name: 'X25519', size: 253 }
    return { type: 'ECDH', name: group, size: group === 'secp384r1' ? 384 : 256 }
  }

  getSharedSigalgs() {
    if (this.#tls === null) return undefined
    return this.#closed ? null : []
  }

  isSessionReused() {
    const info = this.#tlsInfo()
    return info !== null && info.resumed === true
  }

  getPeerCertificate(abbreviated) {
    if (this.#tls === null) return null
    if (arguments.length > 0 && typeof abbreviated !== 'boolean') {
      throw new Error('Expected abbreviated to be a boolean')
    }
    const native = this.#native
    // Bun shows the peer's certificate once the handshake is over.
    if (native === null || this.#tls.state === 0) return undefined
    const chain = binding.socketPeerCertificates(native)
    if (chain.length === 0) return undefined
    const { describeChain, describeCertificate } = tlsApi()
    return abbreviated === false ? describeChain(chain, this.#tls.config.ca) : describeCertificate(chain[0])
  }

  getCertificate() {
    const tls = this.#tls
    if (tls === null || this.#closed || tls.config.certs.length === 0 || tls.config.native.key === undefined) {
      return undefined
    }
    return tlsApi().describeCertificate(tls.config.certs[0])
  }

  getPeerX509Certificate() {
    if (this.#tls === null || this.#tls.state === 0) return undefined
    const der = this.#peerLeaf()
    if (der === undefined) return undefined
    const { X509Certificate } = tlsApi()
    return new X509Certificate(der)
  }

  getX509Certificate() {
    const tls = this.#tls
    if (tls === null || this.#closed || tls.config.certs.length === 0 || tls.config.native.key === undefined) {
      return undefined
    }
    const { X509Certificate } = tlsApi()
    return new X509Certificate(tls.config.certs[0])
  }

  exportKeyingMaterial(length, label, context) {
    const tls = this.#tls
    if (tls === null || this.#native === null) return undefined
    // Bun's checks and words (plain Errors), then the handshake's state.
    if (arguments.length < 2) throw new Error('Expected length and label to be provided')
    if (typeof length !== 'number') throw new Error('Expected length to be a number')
    if (length < 0) throw new Error('Expected length to be a positive number')
    if (typeof label !== 'string') throw new Error('Expected label to be a string')
    if (!Number.isInteger(length) || length > MAX_KEYING_MATERIAL) {
      throw outOfRange(
        `The value of "length" is out of range. It must be >= 0 and <= ${MAX_KEYING_MATERIAL}. Received ${length}`,
      )
    }
    if (tls.state !== 1) throw new Error('OpenSSL HANDSHAKE_NOT_COMPLETE via OPENSSL_internal SSL routines')
    const ctx = context === undefined ? undefined : toBytes(context)
    // rustls refuses an empty output; Bun gives an empty Buffer.
    if (length === 0) return Buffer.alloc(0)
    const out = binding.socketExportKeyingMaterial(this.#native, length, label, ctx === null ? undefined : ctx)
    // Past what TLS 1.3's HKDF can expand (255 hash lengths), as Bun words it.
    if (out == null) throw new Error('OpenSSL OUTPUT_TOO_LARGE via OPENSSL_internal HKDF functions')
    return out
  }

  /**
   * rustls fixes the record size when a connection is made, so this only
   * reports whether the size is acceptable (512 to 16384, as in OpenSSL).
   */
  setMaxSendFragment(size) {
    if (this.#tls === null || this.#closed) return false
    if (typeof size !== 'number') throw new Error('Expected size to be a number')
    return Number.isInteger(size) && size >= 512 && size <= 16384
  }

  /**
   * A handle to resume this connection's session on another connection of
   * this process with `setSession()` (rustls does not export sessions, so
   * the handle is opaque; Bun's is an SSL_SESSION in DER).
   */
  getSession() {
    // Nothing before the handshake ends, as in Bun.
    if (this.#tls === null || this.#native === null || this.#tls.state === 0) return undefined
    const handle = binding.socketExportSession(this.#native)
    return handle === null ? undefined : handle
  }

  /** As in Bun: takes effect when called in `open`, before the handshake. */
  setSession(session) {
    const tls = this.#tls
    if (tls === null || this.#closed) return
    const whole = util.types.isAnyArrayBuffer(session)
    if (typeof session !== 'string' && !ArrayBuffer.isView(session) && !whole) {
      throw new Error('Expected session to be a string, Buffer or TypedArray')
    }
    if (!tls.held || typeof session === 'string') return
    tls.resume = whole ? Buffer.from(session) : Buffer.from(session.buffer, session.byteOffset, session.byteLength)
  }

  // Not available with rustls (see the README): TLS 1.2 tickets and
  // finished messages, renegotiation, late SNI or key change.
  getTLSTicket() {}

  getTLSFinishedMessage() {}

  getTLSPeerFinishedMessage() {}

  /** Bun's checks; the name a client sends is fixed when it connects. */
  setServername(name) {
    const tls = this.#tls
    if (tls === null || this.#closed) return
    if (tls.isServer) throw new Error('Cannot issue SNI from a TLS server-side socket')
    if (typeof name !== 'string') throw new Error('Expected "serverName" to be a string')
    if (!tls.held) throw new Error('Already started.')
  }

  disableRenegotiation() {}

  /** BoringSSL (Bun) refuses this under TLS 1.3, rustls always. */
  renegotiate() {
    if (this.#tls === null || this.#closed) return
    throw new Error('OpenSSL function should not have been called via OPENSSL_internal SSL routines')
  }

  resumeSNI(name, context) {}

  setKeyCert(options) {}

  setVerifyMode(requestCert, rejectUnauthorized) {
    if (this.#tls === null || this.#closed) return
    if (arguments.length < 2) throw new Error('Expected requestCert and rejectUnauthorized arguments')
  }

  /**
   * STARTTLS, as Bun: returns `[raw, tls]`, two new sockets over this
   * connection (this one is detached). `tls` speaks TLS with the given
   * handlers and `data`, and its `open` runs before this returns; `raw`
   * keeps this socket's handlers, `data` and listener, writes bytes as
   * they are, and is told the ciphertext read.
   */
  upgradeTLS(options) {
    if (arguments.length === 0) throw new Error('Expected 1 arguments')
    if (options === null || typeof options !== 'object') throw new Error('Expected options object')
    if (options.socket === undefined || options.socket === null) throw new Error('Expected "socket" option')
    const spec = parseHandlers(options.socket)
    const isServer = typeof options.isServer === 'boolean' ? options.isServer : this.#listener !== undefined
    const rawTls = options.tls
    const tls = isPlain(rawTls) ? null : tlsApi().parseTlsOptions(rawTls, isServer)
    if (tls === null) throw new Error('Expected "tls" option')
    // Read before anything changes: a throwing getter leaves the socket as it was.
    const data = options.data
    const native = this.#native
    // Closed, or already upgraded (the pair took over): Bun throws.
    if (native === null) throw invalidArgType('upgradeTLS requires an established socket')
    if (this.#tls !== null || this.#isRawHalf) return undefined
    if (!isServer) tls.serverName = tls.serverName || this.#host || this.remoteAddress || 'localhost'
    const failure = binding.socketUpgradeTls(native, tls.native, isServer, tls.serverName ?? '')
    if (failure !== null) {
      if (typeof failure.tlsCode === 'string') throw tlsApi().tlsConfigError(failure)
      return undefined
    }
    // Bytes this socket held back while paused were read before the
    // upgrade: they go to TLS, like any read just before it.
    const held = this.#held
    this.#held = undefined
    if (held !== undefined) {
      for (let i = 0; i < held.length; i += 2) if (held[i] === DATA) binding.socketFeedTls(native, held[i + 1])
    }
    if (this.#paused) binding.socketResume(native)
    const id = this.#id
    const listener = this.#listener
    // This socket steps aside without a `close`: the pair takes over.
    this.#closed = true
    this.#native = null
    this.#release()
    const raw = new Socket(internals, native, id, this.#handlers, listener, this.#data, this.#allowHalfOpen, null, this.#host)
    raw.#isRawHalf = true
    Object.setPrototypeOf(raw, TLS_SOCKET_PROTOTYPE)
    if (listener !== undefined) hooks.adopt(listener, raw)
    const secure = new Socket(
      internals,
      native,
      id,
      new Handlers(spec),
      undefined,
      data,
      this.#allowHalfOpen,
      tls,
      this.#host,
    )
    secure.#tls.isServer = isServer
    secure.#upgrading = true
    secure.#twin = raw
    raw.#twin = secure
    secure.#open()
    return [raw, secure]
  }

  /** IP type-of-service byte (`IP_TOS`); as in Bun, minus the errno when
   * there is none (-9 once closed, -22 on a Unix socket). */
  getTypeOfService() {
    return this.#native === null ? -EBADF : binding.socketTypeOfService(this.#native)
  }

  setTypeOfService(tos) {
    if (tos === undefined) tos = 0
    if (typeof tos !== 'number') {
      throw invalidArgType(`The "tos" property must be of type number. Received ${tos === null ? 'object' : typeof tos}`)
    }
    if (!Number.isInteger(tos)) throw invalidArgType('The "tos" property must be of type integer. Received number')
    if (tos < 0 || tos > 255) {
      throw outOfRange(`The value of "tos" is out of range. It must be >= 0 and <= 255. Received ${tos}`)
    }
    return this.#native === null ? -EBADF : binding.socketSetTypeOfService(this.#native, tos)
  }

  [Symbol.dispose]() {
    return this.end()
  }

  static {
    internals = {
      create(native, id, handlers, listener, data, allowHalfOpen, tls, host) {
        return new Socket(internals, native, id, handlers, listener, data, allowHalfOpen, tls, host)
      },
      createDetached(handlers, data, tls) {
        const socket = new Socket(internals, null, 0, handlers, undefined, data, false)
        // A TLS connect's is a TLSSocket, as in Bun (answering as a closed one).
        if (tls) Object.setPrototypeOf(socket, TLS_SOCKET_PROTOTYPE)
        return socket
      },
      open: (socket) => socket.#open(),
    }
    env.receive('socket', {
      data: (socket, bytes, start, end) => socket.#onData(bytes, start, end),
      drain: (socket) => socket.#onDrain(),
      end: (socket) => socket.#onEnd(),
      hangup: (socket) => socket.#onHangup(),
      error: (socket, word, syscall) => socket.#onError(word, syscall),
      handshake: (socket, ok, code) => socket.#onHandshake(ok, code),
      tlsError: (socket, code) => socket.#onTlsError(code),
      upgraded: (socket) => socket.#onUpgraded(),
      rawData: (socket, bytes, start, end) => socket.#onRawData(bytes, start, end),
      session: (socket, count) => socket.#onSession(count),
    })
  }
}

// `util.inspect(socket)` shows the useful fields (Bun's own shows none).
Object.defineProperty(Socket.prototype, util.inspect.custom, {
  value: function inspect(depth, options, inspectValue) {
    const fields = {
      readyState: this.readyState,
      localAddress: this.localAddress,
      localPort: this.localPort,
      remoteAddress: this.remoteAddress,
      remotePort: this.remotePort,
      bytesWritten: this.bytesWritten,
      data: this.data,
    }
    if (this[Symbol.toStringTag] === 'TLSSocket') {
      fields.authorized = this.authorized
      fields.tlsVersion = this.getTLSVersion()
      fields.alpnProtocol = this.alpnProtocol
    }
    return `${this[Symbol.toStringTag]} ${inspectValue(fields, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`
  },
  configurable: true,
  writable: true,
})

// Bun's socket objects: "[object TCPSocket]" (Unix ones too), and no
// visible constructor (`socket.constructor === Object`).
Object.defineProperty(Socket.prototype, Symbol.toStringTag, { value: 'TCPSocket', configurable: true })
delete Socket.prototype.constructor

// TLS sockets: "[object TLSSocket]", and the two X509 methods only they
// have in Bun (the methods check the socket's private state, so they work
// from this prototype).
const TLS_SOCKET_PROTOTYPE = Object.create(Socket.prototype)
for (const name of ['getPeerX509Certificate', 'getX509Certificate']) {
  Object.defineProperty(
    TLS_SOCKET_PROTOTYPE,
    name,
    Object.getOwnPropertyDescriptor(Socket.prototype, name),
  )
  delete Socket.prototype[name]
}
Object.defineProperty(TLS_SOCKET_PROTOTYPE, Symbol.toStringTag, { value: 'TLSSocket', configurable: true })

// Set by listener.js, which needs this module first: how a closing socket
// leaves its listener, and how `reload` options are read.
const hooks = {
  forget: () => {},
  adopt: () => {},
  parseReload: () => {
    throw new Error('bun-sockets: reload is not wired')
  },
}

function setHooks(forget, parseReload, adopt) {
  hooks.forget = forget
  hooks.adopt = adopt
  hooks.parseReload = parseReload
}

/**
 * One `data` chunk, in its own memory as Bun gives it: a batch holds the
 * bytes of many sockets, and a chunk sharing the batch's ArrayBuffer would
 * expose other connections' data through `chunk.buffer`. A batch that is
 * exactly this chunk is handed over as is.
 */
function chunkAs(binaryType, bytes, start, end) {
  const whole = start === 0 && end === bytes.length && bytes.byteOffset === 0 && bytes.buffer.byteLength === end
  switch (binaryType) {
    case 'arraybuffer':
      return whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end)
    case 'uint8array':
      return whole ? new Uint8Array(bytes.buffer, 0, end) : new Uint8Array(bytes.subarray(start, end))
    default: {
      if (whole) return bytes
      const chunk = Buffer.allocUnsafeSlow(end - start)
      bytes.copy(chunk, 0, start, end)
      return chunk
    }
  }
}

module.exports = {
  Socket,
  createSocket: (id, handlers, listener, data, allowHalfOpen, tls, host) =>
    internals.create(id, id, handlers, listener, data, allowHalfOpen, tls, host),
  createDetachedSocket: (handlers, data, tls) => internals.createDetached(handlers, data, tls),
  openSocket: (socket) => internals.open(socket),
  setHooks,
}
