'use strict'
// `Bun.udpSocket`: a UDP socket with Bun 1.4.4's validation, errors and
// events (docs/research/bun-1.4.4-udp.md), on a `NativeUdp`
// (src/udp.rs).
//
// Bun's rules kept here: the returned promise is already resolved and
// every error is thrown synchronously; destinations are numeric IPs (no
// DNS); `error` is called with the error alone (`this` is the socket);
// `drain` fires once after creation; each datagram arrives in memory of
// its own.

const util = require('node:util')
const { udpSend, udpSendMany, udpSendString } = require('./binding.js')
const { bufferOf, byteLengthOf, forNative } = require('./bytes.js')
const env = require('./env.js')
const { RESOLVER_FLAG, describedError, errnoName, invalidArgType, systemError } = require('./errors.js')
const { reportUncaught } = require('./handlers.js')
const { checkNoFd } = require('./options.js')

// src/hot_calls.rs: `send` result for a destination that is not numeric.
const INVALID_ADDRESS = -1_000_000
// src/udp.rs FLAG_TRUNCATED (bits of a DATAGRAM event's aux).
const FLAG_TRUNCATED = 1 << 16
// src/udp.rs `option`.
const OPTION = {
  broadcast: 1,
  ttl: 2,
  multicastTtl: 3,
  multicastLoopback: 4,
  multicastInterface: 5,
  addMembership: 6,
  dropMembership: 7,
  addSourceMembership: 8,
  dropSourceMembership: 9,
}

// src/binding.rs set_option results for addresses of different families.
const FAMILY_MISMATCH = {
  2: 'Family mismatch between address and interface',
  3: 'Family mismatch between source and group addresses',
  4: 'Family mismatch among source, group and interface addresses',
}

// The names Bun takes for UDP, and what each means ('' too). It also takes
// other typed array names (`float32array`...); this package does not.
const BINARY_TYPES = {
  buffer: 'buffer',
  nodebuffer: 'buffer',
  Buffer: 'buffer',
  '': 'buffer',
  arraybuffer: 'arraybuffer',
  ArrayBuffer: 'arraybuffer',
  uint8array: 'uint8array',
  Uint8Array: 'uint8array',
}
const HANDLER_NAMES = ['data', 'drain', 'error']

let internals

/**
 * `socket` handlers, Bun's way: only truthy entries count. The binary type
 * is the top-level `binaryType` option, read only along with `socket`
 * (and named "socket.binaryType" in Bun's error).
 */
function readHandlers(socket, binaryType, previous) {
  const handlers = previous ? { ...previous } : { data: undefined, drain: undefined, error: undefined, binaryType: 'buffer' }
  if (!socket) return handlers
  if (typeof socket !== 'object' && typeof socket !== 'function') throw invalidArgType('Expected "socket" to be an object')
  if (binaryType !== undefined && binaryType !== null) {
    if (typeof binaryType !== 'string') throw invalidArgType('Expected "socket.binaryType" to be a string')
    const type = Object.hasOwn(BINARY_TYPES, binaryType) ? BINARY_TYPES[binaryType] : undefined
    if (type === undefined) {
      throw invalidArgType('Expected "socket.binaryType" to be \'arraybuffer\', \'uint8array\', or \'buffer\'')
    }
    handlers.binaryType = type
  }
  for (const name of HANDLER_NAMES) {
    const fn = socket[name]
    if (!fn) continue
    if (typeof fn !== 'function') throw invalidArgType(`Expected "socket.${name}" to be a function`)
    handlers[name] = fn
  }
  return handlers
}

/**
 * `udpSocket(options)` and `reload(options)`: Bun checks both alike. For a
 * reload, `previous` are the handlers that stay where none is given.
 */
function parseOptions(options, previous) {
  if (options === null || (typeof options !== 'object' && typeof options !== 'function')) {
    throw invalidArgType('Expected an object')
  }
  const fd = options.fd
  checkNoFd(fd, `The "fd" property must be of type number, got ${typeof fd}`, true)
  let port = 0
  const portOption = options.port
  // Falsy values mean "any port", as in Bun, except NaN, which it refuses.
  if (portOption || typeof portOption === 'bigint' || Number.isNaN(portOption)) {
    const n = toNumber(portOption)
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw invalidArgType('Expected "port" to be an integer between 0 and 65535')
    }
    port = n
  }
  let hostname = '0.0.0.0'
  if (options.hostname) {
    if (typeof options.hostname !== 'string') throw invalidArgType('Expected "hostname" to be a string')
    hostname = options.hostname
  }
  const handlers = readHandlers(options.socket, options.binaryType, previous)
  let connect
  if (options.connect) {
    const c = options.connect
    if (typeof c !== 'object') throw invalidArgType('Expected "connect" to be an object')
    if (!c.hostname || typeof c.hostname !== 'string') throw invalidArgType('Expected "connect.hostname" to be a string')
    if (c.port === undefined || c.port === null || c.port === '') {
      throw invalidArgType('Expected "connect.port" to be an integer')
    }
    const cport = toNumber(c.port)
    if (!Number.isInteger(cport) || cport < 1 || cport > 65535) {
      throw invalidArgType('Expected "connect.port" to be an integer between 1 and 65535')
    }
    connect = { hostname: c.hostname, port: cport }
  }
  return { hostname, port, handlers, connect }
}

/** Bun's bind error: "bind EADDRINUSE 127.0.0.1", positive errno, `address`. */
function bindError(word, hostname) {
  const code = errnoName(word)
  const err = new Error(`bind ${code} ${hostname}`)
  err.code = code
  err.syscall = 'bind'
  err.errno = word
  err.address = hostname
  return err
}

/** A `connect` name that does not resolve, as Bun's DNSException. */
function dnsError(word, hostname) {
  const base = systemError(word, 'getaddrinfo')
  const err = new Error(`connect ${base.code} ${hostname}`)
  err.code = base.code
  err.syscall = 'connect'
  err.hostname = hostname
  err.errno = base.errno
  err.name = 'DNSException'
  return err
}

/** "a.b.c.d" or RFC 5952 IPv6 text from the event's address bytes. */
function formatAddress(bytes, start, length) {
  if (length === 4) return `${bytes[start]}.${bytes[start + 1]}.${bytes[start + 2]}.${bytes[start + 3]}`
  const groups = []
  for (let i = 0; i < 16; i += 2) groups.push((bytes[start + i] << 8) | bytes[start + i + 1])
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes[start + 12]}.${bytes[start + 13]}.${bytes[start + 14]}.${bytes[start + 15]}`
  }
  // The longest run of two or more zero groups becomes "::".
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

function payloadAs(binaryType, bytes, start, end) {
  switch (binaryType) {
    case 'arraybuffer':
      return bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end)
    case 'uint8array':
      return new Uint8Array(bytes.subarray(start, end))
    default: {
      const out = Buffer.allocUnsafeSlow(end - start)
      bytes.copy(out, 0, start, end)
      return out
    }
  }
}

/** A real Uint8Array (not an object that only inherits from one). */
function isUint8Array(value) {
  return value instanceof Uint8Array && ArrayBuffer.isView(value)
}

/** Data argument of send/sendMany, or undefined when not data. */
function dataOf(value) {
  if (typeof value === 'string' || value instanceof String) return String(value)
  if (ArrayBuffer.isView(value)) return bufferOf(value)
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
    return bufferOf(value)
  }
  return undefined
}

// sendMany's flattened batch (src/hot_calls.rs udp_send_many): two words
// per datagram, its length and its port; NEXT_ADDRESS marks a datagram
// whose destination is the next string of the address list.
const NEXT_ADDRESS = 1 << 16
//
// The scratch memory is taken for the call and put back after it: a
// port's `valueOf` or an address's `toString` may call `sendMany` again
// halfway through, and that call must not write over this one's batch.
// Its word array grows as a batch needs; one grown past META_KEPT words
// is not kept for the next call.
const PACK_BYTES = 64 * 1024
const META_KEPT = 2 * 4096
let spareBatchScratch

function claimBatchScratch() {
  const scratch = spareBatchScratch ?? { pack: Buffer.allocUnsafeSlow(PACK_BYTES), meta: new Uint32Array(2 * 256) }
  spareBatchScratch = undefined
  return scratch
}

function releaseBatchScratch(scratch) {
  if (scratch.meta.length > META_KEPT) scratch.meta = new Uint32Array(2 * 256)
  spareBatchScratch = scratch
}

/** `meta` with room for datagram `n`'s words (a larger copy if needed). */
function metaWithRoom(meta, n) {
  if (2 * n + 1 < meta.length) return meta
  const grown = new Uint32Array(meta.length * 2)
  grown.set(meta)
  return grown
}

/** The first `count` payloads copied into `pack`, as views of it. */
function packedSoFar(pack, meta, count) {
  const list = []
  for (let n = 0, offset = 0; n < count; n++) {
    list.push(pack.subarray(offset, offset + meta[2 * n]))
    offset += meta[2 * n]
  }
  return list
}

/** Bun's `{ address, family, port }` (in that order). */
function endpoint(info) {
  return info === null ? undefined : { address: info.address, family: info.family, port: info.port }
}

/**
 * A number as Bun's engine converts one: a BigInt (also one an object's
 * `valueOf` returns) is refused, where `Number()` would convert it.
 */
function toNumber(value) {
  if (typeof value === 'bigint') throw bigIntConversion()
  try {
    return +value
  } catch (err) {
    if (err instanceof TypeError && /BigInt/.test(err.message)) throw bigIntConversion()
    throw err
  }
}

function bigIntConversion() {
  return new TypeError("Conversion from 'BigInt' to 'number' is not allowed.")
}

/** Bun's error for a host name with a NUL byte (before any lookup). */
function nulHostnameError(hostname) {
  const err = new Error(`getaddrinfo ENOTFOUND ${hostname}`)
  err.code = 'ENOTFOUND'
  err.syscall = 'getaddrinfo'
  err.hostname = hostname
  err.errno = 4
  return err
}

function checkPort(value) {
  const port = toNumber(value)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalidArgType('Expected "port" to be an integer between 1 and 65535')
  }
  return port
}

class UDPSocket {
  #native
  #id
  #handlers
  #hostname
  #connected
  #closed = false
  #refd = true
  #address = undefined
  #port = undefined
  #remote = undefined

  constructor(token, native, config) {
    if (token !== internals) throw new TypeError('Illegal constructor')
    this.#native = native
    this.#id = native.id
    this.#handlers = config.handlers
    this.#hostname = config.hostname
    this.#connected = config.connect !== undefined
    env.track('udp', this.#id, this)
    env.retain()
  }

  // ---- events ----------------------------------------------------------------

  #call(fn, ...args) {
    try {
      fn.apply(this, [this, ...args])
    } catch (err) {
      this.#fail(err)
    }
  }

  /** A handler threw: `error` takes it, else it is uncaught (as in Bun). */
  #fail(err) {
    const onError = this.#handlers.error
    if (onError === undefined) {
      reportUncaught(err)
      return
    }
    try {
      onError.call(this, err)
    } catch (again) {
      reportUncaught(again)
    }
  }

  #onDatagram(bytes, start, end, aux) {
    if (this.#closed) return
    const onData = this.#handlers.data
    if (onData === undefined) return
    const length = bytes[start]
    const address = this.#senderAddress(bytes, start + 1, length)
    const data = payloadAs(this.#handlers.binaryType, bytes, start + 1 + length, end)
    const flags = { truncated: (aux & FLAG_TRUNCATED) !== 0, ipv6: length === 16 }
    try {
      onData.call(this, this, data, aux & 0xffff, address, flags)
    } catch (err) {
      this.#fail(err)
    }
  }

  // Most datagrams come from the last sender: its text is kept.
  #lastSender = undefined
  #lastSenderText = ''

  #senderAddress(bytes, start, length) {
    const last = this.#lastSender
    if (last !== undefined && last.length === length) {
      let same = true
      for (let i = 0; i < length; i++) {
        if (last[i] !== bytes[start + i]) {
          same = false
          break
        }
      }
      if (same) return this.#lastSenderText
    }
    this.#lastSender = bytes.slice(start, start + length)
    this.#lastSenderText = formatAddress(bytes, start, length)
    return this.#lastSenderText
  }

  #onDrain() {
    if (this.#closed || this.#handlers.drain === undefined) return
    this.#call(this.#handlers.drain)
  }

  #onError(word, syscall) {
    if (this.#closed) return
    const err = describedError(word, syscall, { errqueue: true })
    // Bun's asynchronous socket errors have no stack.
    Object.defineProperty(err, 'stack', { value: undefined, writable: true, configurable: true, enumerable: false })
    this.#fail(err)
  }

  // ---- sending -----------------------------------------------------------

  send(data, port, address) {
    if (this.#closed) throw new Error('Socket is closed')
    const count = arguments.length
    let toPort = 0
    let toAddress
    if (this.#connected) {
      // Bun reads at most three arguments: any count from three on names
      // a destination.
      if (count >= 3) throw invalidArgType('Cannot specify destination on connected socket')
      if (count !== 1) throw invalidArgType(`Expected 1 argument, got ${count}`)
    } else {
      if (count < 3) throw invalidArgType(`Expected 3 arguments, got ${count}`)
      toPort = checkPort(port)
      toAddress = typeof address === 'string' ? address : String(address)
    }
    // The common cases without a new view per datagram.
    const bytes = typeof data === 'string' || isUint8Array(data) ? data : dataOf(data)
    if (bytes === undefined) throw invalidArgType('Expected ArrayBufferView or string as first argument')
    let result
    if (typeof bytes === 'string') {
      result = udpSendString(this.#id, bytes, toPort, toAddress)
    } else {
      const length = byteLengthOf(bytes)
      result = udpSend(this.#id, forNative(bytes, length), 0, length, toPort, toAddress)
    }
    if (result === INVALID_ADDRESS) throw invalidArgType('Invalid address')
    if (result < 0) throw describedError(-result, 'send')
    return result === 1
  }

  sendMany(packets) {
    if (this.#closed) throw new Error('Socket is closed')
    if (arguments.length < 1) throw invalidArgType(`Expected 1 argument, got ${arguments.length}`)
    if (!Array.isArray(packets)) throw invalidArgType("Expected first argument to be a array for 'sendMany'.")
    const stride = this.#connected ? 1 : 3
    if (packets.length % stride !== 0) throw invalidArgType(`Expected ${stride} arguments for each packet`)
    const count = packets.length / stride
    // Small batches are copied back to back into one buffer (one value for
    // the native side to read, and no on-heap arrays to move out); larger
    // ones go as a list.
    const scratch = claimBatchScratch()
    let sent
    try {
      const { pack } = scratch
      let packed = 0
      let list
      const addresses = []
      let lastAddress
      for (let i = 0, n = 0; i < packets.length; i += stride, n++) {
        const data = packets[i]
        let bytes = isUint8Array(data) ? data : dataOf(data)
        if (bytes === undefined) throw invalidArgType('Expected ArrayBufferView or string as payload')
        if (typeof bytes === 'string') bytes = Buffer.from(bytes)
        const length = byteLengthOf(bytes)
        const meta = (scratch.meta = metaWithRoom(scratch.meta, n))
        meta[2 * n] = length
        if (list !== undefined) {
          list.push(bytes)
        } else if (packed + length <= pack.length) {
          if (length > 0) pack.set(bytes, packed)
          packed += length
        } else {
          list = packedSoFar(pack, meta, n)
          list.push(bytes)
        }
        let word = 0
        if (stride === 3) {
          word = checkPort(packets[i + 1])
          const address = String(packets[i + 2])
          if (address !== lastAddress) {
            addresses.push(address)
            lastAddress = address
            word |= NEXT_ADDRESS
          }
        }
        meta[2 * n + 1] = word
      }
      sent = udpSendMany(this.#id, list ?? pack, scratch.meta, count, addresses)
    } finally {
      releaseBatchScratch(scratch)
    }
    if (sent === INVALID_ADDRESS) throw invalidArgType('Invalid address')
    // The first datagram refused (EMSGSIZE, EAFNOSUPPORT...): Bun throws.
    if (sent < 0) throw describedError(-sent, 'send')
    return sent
  }

  // ---- options -------------------------------------------------------------
  // Each checks `closed` first (EBADF, whatever the arguments), then the
  // argument count, then asks the kernel; its errors are thrown.

  #option(which, number, first, second, third) {
    const result = this.#native.setOption(which, number, first, second, third)
    if (result < 0) throw describedError(-result, 'setsockopt')
    if (result > 1) throw invalidArgType(FAMILY_MISMATCH[result])
    return result === 1
  }

  #checkOpen(count, needed) {
    if (this.#closed) throw describedError(9, 'setsockopt') // EBADF
    if (count < needed) {
      throw invalidArgType(`Expected ${needed} argument${needed === 1 ? '' : 's'}, got ${count}`)
    }
  }

  setBroadcast(enabled) {
    this.#checkOpen(arguments.length, 1)
    this.#option(OPTION.broadcast, enabled ? 1 : 0)
    return enabled
  }

  setMulticastLoopback(enabled) {
    this.#checkOpen(arguments.length, 1)
    this.#option(OPTION.multicastLoopback, enabled ? 1 : 0)
    return enabled
  }

  setTTL(ttl) {
    this.#checkOpen(arguments.length, 1)
    return this.#hops(OPTION.ttl, ttl)
  }

  setMulticastTTL(ttl) {
    this.#checkOpen(arguments.length, 1)
    return this.#hops(OPTION.multicastTtl, ttl)
  }

  /** Bun refuses hop limits outside 1..255 with the kernel's EINVAL. */
  #hops(which, value) {
    const hops = Number(value) | 0
    if (hops < 1 || hops > 255) throw describedError(22, 'setsockopt') // EINVAL
    this.#option(which, hops)
    return hops
  }

  setMulticastInterface(address) {
    this.#checkOpen(arguments.length, 1)
    return this.#option(OPTION.multicastInterface, 0, String(address))
  }

  addMembership(group, iface) {
    this.#checkOpen(arguments.length, 1)
    return this.#option(OPTION.addMembership, 0, String(group), iface === undefined ? undefined : String(iface))
  }

  dropMembership(group, iface) {
    this.#checkOpen(arguments.length, 1)
    return this.#option(OPTION.dropMembership, 0, String(group), iface === undefined ? undefined : String(iface))
  }

  addSourceSpecificMembership(source, group, iface) {
    this.#checkOpen(arguments.length, 2)
    return this.#option(
      OPTION.addSourceMembership,
      0,
      String(source),
      String(group),
      iface === undefined ? undefined : String(iface),
    )
  }

  dropSourceSpecificMembership(source, group, iface) {
    this.#checkOpen(arguments.length, 2)
    return this.#option(
      OPTION.dropSourceMembership,
      0,
      String(source),
      String(group),
      iface === undefined ? undefined : String(iface),
    )
  }

  // ---- lifecycle -----------------------------------------------------------

  close() {
    if (this.#closed) return
    this.#closed = true
    this.#native.close()
    env.untrack('udp', this.#id)
    if (this.#refd) {
      this.#refd = false
      env.release()
    }
  }

  ref() {
    if (this.#closed || this.#refd) return
    this.#refd = true
    env.retain()
  }

  unref() {
    if (this.#closed || !this.#refd) return
    this.#refd = false
    env.release()
  }

  reload(options) {
    if (arguments.length < 1) throw invalidArgType('Expected 1 argument')
    if (options === null || typeof options !== 'object') throw invalidArgType('Expected an object')
    // Bun merges: handlers not given (or falsy) stay. Nothing is rebound
    // (nor connected), but the other options are checked as at creation.
    const parsed = parseOptions(options, this.#handlers)
    this.#handlers = parsed.handlers
    if (typeof options.hostname === 'string' && options.hostname) this.#hostname = options.hostname
  }

  // ---- properties ----------------------------------------------------------

  get hostname() {
    return this.#hostname
  }

  // Bun answers with one object, kept (and after close only if read
  // before).
  get address() {
    if (this.#address === undefined && !this.#closed) this.#address = endpoint(this.#native.address())
    return this.#address
  }

  // Cached on its own, like `address` (after close, Bun answers only what
  // was read before).
  get port() {
    if (this.#port === undefined && !this.#closed) this.#port = this.#native.address()?.port
    return this.#port
  }

  get remoteAddress() {
    if (this.#remote === undefined && !this.#closed && this.#connected) this.#remote = endpoint(this.#native.remoteAddress())
    return this.#remote
  }

  get binaryType() {
    return this.#handlers.binaryType
  }

  get closed() {
    return this.#closed
  }

  get fd() {
    return this.#closed ? -1 : this.#native.fd
  }

  [Symbol.dispose]() {
    this.close()
  }

  static {
    internals = {
      create: (native, config) => new UDPSocket(internals, native, config),
    }
    env.receive('udp', {
      datagram: (s, bytes, start, end, aux) => s.#onDatagram(bytes, start, end, aux),
      drain: (s) => s.#onDrain(),
      error: (s, word, syscall) => s.#onError(word, syscall),
    })
  }
}

Object.defineProperty(UDPSocket.prototype, Symbol.toStringTag, { value: 'UDPSocket', configurable: true })
delete UDPSocket.prototype.constructor

// `util.inspect(socket)` shows the useful fields (Bun's own shows none).
Object.defineProperty(UDPSocket.prototype, util.inspect.custom, {
  value: function inspect(depth, options, inspectValue) {
    const fields = {
      hostname: this.hostname,
      port: this.port,
      remoteAddress: this.remoteAddress,
      binaryType: this.binaryType,
      closed: this.closed,
    }
    return `UDPSocket ${inspectValue(fields, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`
  },
  configurable: true,
  writable: true,
})

/** `Bun.udpSocket(options)`: already-resolved promise; errors are thrown. */
function udpSocket(options) {
  const config = parseOptions(options)
  for (const hostname of [config.hostname, config.connect?.hostname]) {
    if (hostname !== undefined && hostname.includes('\0')) throw nulHostnameError(hostname)
  }
  const result = env.pump.udpBind(
    config.hostname,
    config.port,
    config.connect?.hostname,
    config.connect?.port,
  )
  if (typeof result.code === 'number') {
    if (result.syscall === 'bind') throw bindError(result.code, config.hostname)
    if (result.code & RESOLVER_FLAG) throw dnsError(result.code, config.connect.hostname)
    throw describedError(result.code, result.syscall)
  }
  return Promise.resolve(internals.create(result, config))
}

module.exports = { udpSocket, formatAddress }
