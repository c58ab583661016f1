'use strict'
// The per-environment half of the event pump (src/pump.rs): one native
// pump per JS environment (module instances are per environment, so each
// worker thread gets its own), the tables that map event ids to objects,
// and the count of handles that keep the event loop alive.
//
// Sockets, listeners and pending connections each register a table of
// event functions (`receive`); events call them with the target object, so
// no internal method shows on the public objects.

const native = require('./binding.js')
// Node's own, taken once: test runners' fake timers replace the globals
// (jest fakes setImmediate, process.nextTick and queueMicrotask), and the
// pump must keep turning under them. (Under jest, `process` is the test
// environment's copy, still holding Node's nextTick when this loads.)
const { setImmediate } = require('node:timers')
const { nextTick } = process
const settled = Promise.resolve()
const K = require('./events.js')
const { reportUncaught } = require('./handlers.js')

const sockets = new Map()
const listeners = new Map()
const connects = new Map()
const udps = new Map()
const receivers = { socket: undefined, listener: undefined, connect: undefined, udp: undefined }
const tables = { socket: sockets, listener: listeners, connect: connects, udp: udps }

let keepAliveCount = 0

// What async_hooks sees for the pump. Like a timer's or a socket's handle
// it answers hasRef(), so tools that list what keeps a process alive (jest
// --detectOpenHandles, why-is-node-running) skip it while no socket holds
// the process open, instead of reporting it forever.
const asyncResource = { hasRef: () => keepAliveCount > 0 }

const pump = native.createPump(dispatch, scheduleDrain, asyncResource)

/**
 * Events that arrived while a batch was delivered wait for the next turn
 * of the event loop, so timers, immediates and other I/O run between
 * batches however busy the sockets are (see `Pump::deliver`).
 */
function scheduleDrain() {
  setImmediate(drainPump)
}

function drainPump() {
  pump.drain()
}

/** Sets the event functions of one kind of target. */
function receive(kind, functions) {
  receivers[kind] = functions
}

function track(kind, id, target) {
  tables[kind].set(id, target)
}

function untrack(kind, id) {
  tables[kind].delete(id)
}

/**
 * Returns true when the batch is left unfinished (see `deliver`). Called
 * with `null` when the pump finds the last one still unfinished: its
 * continuation did not run (a tick queue held up by an uncaught
 * exception); it is finished now, in order, before anything new.
 */
function dispatch(records, bytes) {
  if (records === null) {
    finishHeld()
    return false
  }
  return deliver(records, bytes, 0, true)
}

// The batch left unfinished (one at a time: the pump holds the next one
// back until `batchDone`), where it goes on, and which one it is (a
// continuation that comes after the batch was finished otherwise must
// not touch the next one).
let heldRecords
let heldBytes
let heldFrom = 0
let heldBatch = 0
let backupArmed = false

/** Queued as a microtask: continue once the microtask queue is empty. */
function continueAfterMicrotasks() {
  nextTick(continueBatch, heldBatch)
}

/** A continuation: delivers the rest of the held batch, if still the same. */
function continueBatch(batch) {
  if (heldRecords !== undefined && batch === heldBatch) deliverHeld(true)
}

/**
 * Next loop turn: a burst still held then lost its continuation (Node's
 * nextTick replaced before this loaded, by fake timers): deliver the rest.
 */
function finishStalled() {
  backupArmed = false
  finishHeld()
}

/** Delivers the rest of the held batch at once. */
function finishHeld() {
  if (heldRecords !== undefined) deliverHeld(false)
}

/** Delivers the rest of the held batch; then the pump may let go of it. */
function deliverHeld(mayHold) {
  const records = heldRecords
  const bytes = heldBytes
  heldRecords = heldBytes = undefined
  let unfinished = false
  try {
    unfinished = deliver(records, bytes, heldFrom, mayHold)
  } finally {
    if (!unfinished) pump.batchDone()
  }
}

/**
 * Delivers the records of a batch from index `from` on. The chunks of
 * `CHUNK` events are taken from the pump as their events come (see
 * `DELIVERING` in pump.rs). Unless `mayHold` is false, returns true when
 * it left the rest for later in this turn (`continueBatch`).
 */
function deliver(records, bytes, from, mayHold) {
  const count = records.length
  const socket = receivers.socket
  let start = from === 0 ? 0 : records[from - 1]
  for (let i = from; i < count; i += K.RECORD_WORDS) {
    const kind = records[i]
    const id = records[i + 1]
    const aux = records[i + 2]
    const end = records[i + 3]
    try {
      switch (kind) {
        case K.DATA: {
          const s = sockets.get(id)
          if (s !== undefined) socket.data(s, bytes, start, end)
          break
        }
        case K.CHUNK: {
          const s = sockets.get(id)
          if (s !== undefined) {
            const chunk = native.takeChunk(aux)
            if (chunk != null) socket.data(s, chunk, 0, chunk.length)
          }
          break
        }
        case K.DRAIN: {
          const s = sockets.get(id)
          if (s !== undefined) socket.drain(s)
          break
        }
        case K.END: {
          const s = sockets.get(id)
          if (s !== undefined) socket.end(s)
          break
        }
        case K.HANGUP: {
          const s = sockets.get(id)
          if (s !== undefined) socket.hangup(s)
          break
        }
        case K.ERROR: {
          const s = sockets.get(id)
          if (s !== undefined) socket.error(s, aux, bytes.toString('latin1', start, end))
          break
        }
        case K.HANDSHAKE: {
          const s = sockets.get(id)
          if (s !== undefined) socket.handshake(s, aux === 1, payloadText(bytes, start, end))
          break
        }
        case K.TLS_ERROR: {
          const s = sockets.get(id)
          if (s !== undefined) socket.tlsError(s, payloadText(bytes, start, end))
          break
        }
        case K.UPGRADED: {
          const s = sockets.get(id)
          if (s !== undefined) socket.upgraded(s)
          break
        }
        case K.RAW_DATA: {
          const s = sockets.get(id)
          if (s !== undefined) socket.rawData(s, bytes, start, end)
          break
        }
        case K.SESSION: {
          const s = sockets.get(id)
          if (s !== undefined) socket.session(s, aux)
          break
        }
        case K.DATAGRAM: {
          const u = udps.get(id)
          if (u !== undefined) receivers.udp.datagram(u, bytes, start, end, aux)
          break
        }
        case K.UDP_DRAIN: {
          const u = udps.get(id)
          if (u !== undefined) receivers.udp.drain(u)
          break
        }
        case K.UDP_ERROR: {
          const u = udps.get(id)
          if (u !== undefined) receivers.udp.error(u, aux, payloadText(bytes, start, end))
          break
        }
        case K.ACCEPT: {
          // From here on the socket is reached by its id (`aux`).
          if (!pump.claim(aux)) break
          const listener = listeners.get(id)
          // Accepted by the kernel before its listener stopped: reset, as
          // the kernel resets the rest of a closed listener's queue (what
          // Bun's clients see).
          if (listener === undefined) native.socketTerminate(aux)
          else receivers.listener.accept(listener, aux)
          break
        }
        case K.CONNECT: {
          if (!pump.claim(aux)) break
          const pending = connects.get(id)
          if (pending === undefined) {
            native.socketClose(aux)
            break
          }
          receivers.connect.connect(pending, aux)
          break
        }
        case K.CONNECT_ERROR: {
          const pending = connects.get(id)
          if (pending !== undefined) receivers.connect.connectError(pending, aux, bytes.toString('latin1', start, end))
          break
        }
      }
    } catch (err) {
      // Handler errors are routed where they happen; this is a bug in this
      // package. Report it, and keep delivering the rest of the batch.
      reportUncaught(err)
    }
    start = end
    if (mayHold && i + K.RECORD_WORDS < count) {
      // Bun runs the microtasks each event queued (promise callbacks, code
      // after an `await`) before the next event. Continue the batch once
      // they have all run: a tick queued from a microtask runs when the
      // microtask queue is empty, in this same turn of the event loop
      // (after the ticks queued before it; not after promise callbacks
      // that those ticks queue, which Node runs after all the ticks).
      // The pump keeps the batch's chunks until then. (No closure: this
      // runs for every event of a burst.)
      heldRecords = records
      heldBytes = bytes
      heldFrom = i + K.RECORD_WORDS
      heldBatch++
      settled.then(continueAfterMicrotasks)
      if (!backupArmed) {
        backupArmed = true
        setImmediate(finishStalled)
      }
      return true
    }
  }
  return false
}

/** An event's payload as text ('' when empty: a batch may have no bytes). */
function payloadText(bytes, start, end) {
  return start === end ? '' : bytes.toString('latin1', start, end)
}

/** One more handle keeps the process alive. */
function retain() {
  if (keepAliveCount++ === 0) pump.setRef(true)
}

/** One handle fewer keeps the process alive. */
function release() {
  if (keepAliveCount > 0 && --keepAliveCount === 0) pump.setRef(false)
}

module.exports = { pump, receive, track, untrack, retain, release }
