'use strict'
// `Bun.listen` / `Bun.connect` options, validated in Bun 1.4.4's order with
// its error classes, codes and messages, and normalised into one plain
// object the rest of the package uses.
//
// Bun's order (when several options are bad, the first check wins):
// options object; `socket` present, an object, its `binaryType`;
// `allowHalfOpen`; `port` if given (integer, then range); `tls`;
// `exclusive`, `reusePort`, `ipv6Only`; `unix` type; each handler; a
// hostname or unix path; a port.

const { invalidArgType, notSupported, outOfRange } = require('./errors.js')
const { checkHandlerObject, readCallbacks, parseHandlers } = require('./handlers.js')
const { tlsApi, isPlain } = require('./tls.js')

function checkPort(raw) {
  const port = typeof raw === 'number' ? raw : Number(raw)
  if (!Number.isInteger(port)) throw outOfRange(`SocketOptions.port must be an integer (received ${port})`)
  if (port < 0 || port > 65535) {
    throw outOfRange(`SocketOptions.port must be in the range [0, 65535] (received ${port})`)
  }
  return port
}

function optionalBoolean(options, name) {
  const value = options[name]
  if (value === undefined || value === null) return false
  if (typeof value !== 'boolean') throw invalidArgType(`SocketOptions.${name} must be a boolean`)
  return value
}

/**
 * The `fd` option (wrap an existing descriptor) is not supported: refused
 * rather than ignored, after Bun's type check (`typeMessage`; `null` is
 * absent for UDP, a wrong type for listen and connect, as in Bun).
 */
function checkNoFd(fd, typeMessage, nullMeansAbsent = false) {
  if (fd === undefined || (fd === null && nullMeansAbsent)) return
  if (typeof fd !== 'number') throw invalidArgType(typeMessage)
  throw notSupported('the "fd" option (an existing descriptor) is not supported')
}

/** Validates what listen and connect share; `emptyMessage` for non-objects. */
function parseCommon(options, emptyMessage, isServer) {
  if (Array.isArray(options)) throw invalidArgType('SocketOptions must be an object')
  if (options === null || (typeof options !== 'object' && typeof options !== 'function')) {
    throw invalidArgType(emptyMessage)
  }
  const socket = options.socket
  if (socket === undefined) throw invalidArgType('SocketOptions.socket is required')
  checkNoFd(options.fd, 'SocketOptions.fd must be a number')
  const binaryType = checkHandlerObject(socket)
  const allowHalfOpen = optionalBoolean(options, 'allowHalfOpen')
  const rawPort = options.port
  const port = rawPort === undefined || rawPort === null ? undefined : checkPort(rawPort)
  const rawTls = options.tls
  const tls = isPlain(rawTls)
    ? null
    : isServer
      ? tlsApi().parseTlsOptions(rawTls, true)
      : tlsApi().parseClientTlsOptions(rawTls)
  const exclusive = optionalBoolean(options, 'exclusive')
  const reusePort = optionalBoolean(options, 'reusePort')
  const ipv6Only = optionalBoolean(options, 'ipv6Only')
  // Read by Bun though bun-types does not declare it (its node:net uses
  // it): plain sockets start paused, `open` still runs. Any truthy value.
  const pauseOnConnect = Boolean(options.pauseOnConnect) && tls === null
  const rawUnix = options.unix
  if (rawUnix !== undefined && rawUnix !== null && typeof rawUnix !== 'string') {
    throw invalidArgType('SocketOptions.unix must be a string')
  }
  const handlers = readCallbacks(socket, binaryType)
  const config = {
    handlers,
    data: options.data,
    allowHalfOpen,
    exclusive,
    reusePort,
    ipv6Only,
    pauseOnConnect,
    unix: undefined,
    hostname: undefined,
    port: undefined,
    /** `null` for plain TCP, else what tls-options.js read. */
    tls,
  }
  if (typeof rawUnix === 'string' && rawUnix.length > 0) {
    // With both, the Unix path wins, as in Bun, which also takes the path
    // after a "file://", "unix://" or "sock://" prefix.
    config.unix = rawUnix.replace(/^(?:file|unix|sock):\/\//, '')
    return config
  }
  const rawHost = options.hostname
  if (rawHost === undefined || rawHost === null || rawHost === '') {
    throw invalidArgType('Expected either "hostname" or "unix"')
  }
  // Bun converts any other value to a string ("1", "[object Object]").
  config.hostname = String(rawHost)
  if (config.hostname.includes('\0')) throw invalidArgType('"hostname" must not contain null bytes')
  if (port === undefined) throw invalidArgType('Missing "port"')
  config.port = port
  return config
}

/** `Bun.listen(options)`. */
function parseListenOptions(options) {
  const config = parseCommon(options, 'Expected object', true)
  // Bun ignores a backlog it cannot use rather than throwing.
  const backlog = options.backlog
  config.backlog = Number.isInteger(backlog) && backlog > 0 && backlog <= 0x7fffffff ? backlog : undefined
  return config
}

/** `Bun.connect(options)`. */
function parseConnectOptions(options) {
  return parseCommon(options, 'Expected options object', false)
}

/**
 * `listener.reload(options)` and `socket.reload(options)`. Bun words (and
 * classes) the errors of the two differently; `argCount` is how many
 * arguments the caller got.
 */
function parseReloadOptions(options, argCount, forSocket) {
  if (argCount < 1) throw new Error('Expected 1 argument')
  if (options === null || typeof options !== 'object') {
    throw forSocket ? new Error('Expected options object') : invalidArgType('Expected options object')
  }
  const socket = options.socket
  if (socket === undefined) throw new Error(forSocket ? 'Expected "socket" option' : 'Expected "socket" object')
  return parseHandlers(socket)
}

module.exports = { parseListenOptions, parseConnectOptions, parseReloadOptions, checkNoFd }
