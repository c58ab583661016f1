'use strict'
// `Bun.listen` / `Bun.connect` options, validated in Bun 1.4.4's order with
// its error classes, codes and messages, and normalised into one plain
// object the rest of the package uses.

const { invalidArgType, outOfRange } = require('./errors.js')
const { parseHandlers } = require('./handlers.js')

function parsePort(raw) {
  if (raw === undefined || raw === null) throw invalidArgType('Missing "port"')
  const port = typeof raw === 'number' ? raw : Number(raw)
  if (!Number.isInteger(port)) {
    throw outOfRange(`SocketOptions.port must be an integer (received ${port})`)
  }
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

/** Where to listen or connect: `{ unix }` or `{ hostname, port }`. */
function parseAddress(options) {
  const unix = options.unix
  if (unix !== undefined && unix !== null) {
    if (typeof unix !== 'string') throw invalidArgType('SocketOptions.unix must be a string')
    if (unix.length > 0) return { unix, hostname: undefined, port: undefined }
  }
  const rawHost = options.hostname
  if (rawHost === undefined || rawHost === null || rawHost === '') {
    throw invalidArgType('Expected either "hostname" or "unix"')
  }
  // Bun converts any other value to a string ("1", "[object Object]").
  const hostname = String(rawHost)
  if (hostname.length === 0) throw invalidArgType('Expected either "hostname" or "unix"')
  return { unix: undefined, hostname, port: parsePort(options.port) }
}

function parseCommon(options) {
  const socket = options.socket
  if (socket === undefined) throw invalidArgType('SocketOptions.socket is required')
  const handlers = parseHandlers(socket)
  const address = parseAddress(options)
  return {
    handlers,
    ...address,
    data: options.data,
    allowHalfOpen: optionalBoolean(options, 'allowHalfOpen'),
  }
}

/** `Bun.listen(options)`. */
function parseListenOptions(options) {
  if (options === null || typeof options !== 'object') throw invalidArgType('Expected object')
  const common = parseCommon(options)
  return {
    ...common,
    // Bun ignores a backlog it cannot use rather than throwing.
    backlog: Number.isInteger(options.backlog) && options.backlog > 0 ? options.backlog : undefined,
    exclusive: Boolean(options.exclusive),
    reusePort: Boolean(options.reusePort),
    ipv6Only: Boolean(options.ipv6Only),
  }
}

/** `Bun.connect(options)`. */
function parseConnectOptions(options) {
  if (options === null || typeof options !== 'object') throw invalidArgType('Expected options object')
  return parseCommon(options)
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

module.exports = { parseListenOptions, parseConnectOptions, parseReloadOptions }
