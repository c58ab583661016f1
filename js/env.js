'use strict'
// The per-environment half of the event pump (src/pump.rs): one native
// pump per JS environment (module instances are per environment, so each
// worker thread gets its own), the tables that map event ids to JS
// objects, and the count of handles that keep the event loop alive.

const native = require('./binding.js')
const K = require('./events.js')
const { reportUncaught } = require('./handlers.js')

/** id -> object receiving that id's events (`Socket`, `Listener`, connect). */
const targets = new Map()

let keepAliveCount = 0

const pump = native.createPump(dispatch)

/**
 * Each target implements the methods for the events it can receive:
 * sockets `_onData`, `_onEnd`, `_onDrain`, `_onError`, `_onHangup`; listeners
 * `_onAccept`; pending connections `_onConnect`, `_onConnectError`.
 */
function dispatch(records, bytes) {
  let start = 0
  const count = records.length
  for (let i = 0; i < count; i += K.RECORD_WORDS) {
    const kind = records[i]
    const id = records[i + 1]
    const aux = records[i + 2]
    const end = records[i + 3]
    const target = targets.get(id)
    try {
      switch (kind) {
        case K.DATA:
          if (target !== undefined) target._onData(bytes, start, end)
          break
        case K.DRAIN:
          if (target !== undefined) target._onDrain()
          break
        case K.END:
          if (target !== undefined) target._onEnd()
          break
        case K.HANGUP:
          if (target !== undefined) target._onHangup()
          break
        case K.ERROR:
          if (target !== undefined) target._onError(aux, bytes.toString('latin1', start, end))
          break
        case K.ACCEPT: {
          const socket = pump.claim(aux)
          if (socket === null) break
          if (target === undefined) socket.close()
          else target._onAccept(socket, aux)
          break
        }
        case K.CONNECT: {
          const socket = pump.claim(aux)
          if (socket === null) break
          if (target === undefined) socket.close()
          else target._onConnect(socket, aux)
          break
        }
        case K.CONNECT_ERROR:
          if (target !== undefined) target._onConnectError(aux, bytes.toString('latin1', start, end))
          break
      }
    } catch (err) {
      // Handler errors are routed where they happen; this is a bug in this
      // package. Report it, and keep delivering the rest of the batch.
      reportUncaught(err)
    }
    start = end
  }
}

function register(id, target) {
  targets.set(id, target)
}

function unregister(id) {
  targets.delete(id)
}

/** One more handle keeps the process alive. */
function retain() {
  if (keepAliveCount++ === 0) pump.setRef(true)
}

/** One handle fewer keeps the process alive. */
function release() {
  if (keepAliveCount > 0 && --keepAliveCount === 0) pump.setRef(false)
}

module.exports = { pump, register, unregister, retain, release }
