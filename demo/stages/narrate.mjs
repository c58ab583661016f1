// Demo instrumentation: wraps Bun.listen / Bun.connect so that the demo
// prints what the seed's examples do (listeners, connections, handler
// calls, method calls) and can end each stage once it has shown its point.
// Loaded after the polyfill and before the example; the example itself
// runs unchanged.

export const listeners = []
export const sockets = []
export const udpSockets = []

const say = (...parts) => console.log('  ·', ...parts)
export { say }

function show(value) {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value instanceof Uint8Array) return `<${value.length} bytes ${JSON.stringify(Buffer.from(value).toString())}>`
  if (value instanceof Error) return `${value.name} ${value.code ?? ''} ${value.message}`.trim()
  if (value === undefined) return 'undefined'
  return JSON.stringify(value) ?? String(value)
}

function wrapHandlers(side, handlers, afterHandler) {
  if (!handlers) return handlers
  const wrapped = { ...handlers }
  for (const [name, fn] of Object.entries(handlers)) {
    if (typeof fn !== 'function') continue
    wrapped[name] = function (socket, ...args) {
      say(`${side} ${name}(${args.map(show).join(', ')})`)
      const result = fn.call(this, socket, ...args)
      afterHandler?.(side, name, socket, args)
      return result
    }
  }
  return wrapped
}

function wrapMethods(label, target, names, afterMethod) {
  for (const name of names) {
    const original = target[name]
    if (typeof original !== 'function') continue
    target[name] = function (...args) {
      const result = original.apply(this, args)
      say(`${label}.${name}(${args.map(show).join(', ')}) -> ${show(result)}`)
      afterMethod?.(label, name, target)
      return result
    }
  }
  return target
}

/**
 * Instruments Bun. Stages react through `afterHandler(side, name, socket,
 * args)`, `afterListen(listener)`, `afterUdpSocket(socket)` and
 * `afterMethod(label, name, target)`.
 */
export function narrate({ afterHandler, afterListen, afterUdpSocket, afterMethod } = {}) {
  const { listen, connect, udpSocket } = globalThis.Bun
  globalThis.Bun.udpSocket = async (options = {}) => {
    const socket = await udpSocket({ ...options, socket: wrapHandlers('udp', options.socket, afterHandler) })
    const peer = socket.remoteAddress ? `, connected to ${socket.remoteAddress.address}:${socket.remoteAddress.port}` : ''
    say(`Bun.udpSocket -> bound to ${socket.hostname}:${socket.port}${peer}`)
    udpSockets.push(socket)
    const methods = ['send', 'sendMany', 'addMembership', 'dropMembership', 'setMulticastTTL', 'setMulticastLoopback']
    wrapMethods('udp', socket, methods, afterMethod)
    afterUdpSocket?.(socket)
    return socket
  }
  globalThis.Bun.listen = (options) => {
    const listener = listen({ ...options, socket: wrapHandlers('server', options.socket, afterHandler) })
    say(`Bun.listen -> listening on ${listener.hostname}:${listener.port}`)
    listeners.push(listener)
    const reload = listener.reload.bind(listener)
    listener.reload = (opts) => {
      say('listener.reload(new handlers)')
      return reload({ ...opts, socket: wrapHandlers('server (reloaded)', opts.socket, afterHandler) })
    }
    wrapMethods('listener', listener, ['stop', 'unref', 'ref'])
    afterListen?.(listener)
    return listener
  }
  globalThis.Bun.connect = async (options) => {
    const socket = await connect({ ...options, socket: wrapHandlers('client', options.socket, afterHandler) })
    say(`Bun.connect -> connected to ${socket.remoteAddress}:${socket.remotePort}`)
    sockets.push(socket)
    return wrapMethods('socket', socket, ['write', 'end', 'terminate', 'flush', 'timeout', 'ref', 'unref'])
  }
}

/** Ends the stage: closes everything the example left open. */
export function finish(note) {
  if (note) say(note)
  for (const socket of sockets) socket.end()
  for (const listener of listeners) listener.stop(true)
  for (const socket of udpSockets) socket.close()
}
