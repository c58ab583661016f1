// Child process of flood.stress.mjs: servers that misbehave on purpose
// while peers flood them, and that report their own peak RSS.
//   paused:  every socket paused for PAUSE_MS after open, then resumed
//   writer:  writes to a peer that never reads, as fast as write() takes
//   slow:    a data handler that blocks the thread 20 ms per call, for PAUSE_MS
// `flood-server.mjs <PAUSE_MS> paused` runs the first two, `... slow` the
// last; `... tls-slow` (names, comma-separated) runs just those servers.
// Each exists over TCP and TLS. Prints {"ports": {...}} once listening;
// answers "report" on stdin with RSS figures (at start, peak during the
// misbehaviour, peak after it), bytes received and the writers' counts.
import fs from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { listen } from 'bun-sockets'

const PAUSE_MS = Number(process.argv[2] ?? 10_000)
// Which servers: "paused" (paused and writer), "slow", or a list of names.
const group = process.argv[3] ?? 'paused'
const wanted = (name) =>
  group === 'paused' || group === 'slow' ? name.endsWith('slow') === (group === 'slow') : group.split(',').includes(name)
const tlsDir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'tls')
const tls = { key: fs.readFileSync(path.join(tlsDir, 'server.key')), cert: fs.readFileSync(path.join(tlsDir, 'server.pem')) }
const started = Date.now()
// Peaks while the servers misbehave (the first PAUSE_MS) and after.
let peakRss = 0
let peakRssAfter = 0
const sample = () => {
  const rss = process.memoryUsage.rss()
  if (Date.now() - started < PAUSE_MS) peakRss = Math.max(peakRss, rss)
  else peakRssAfter = Math.max(peakRssAfter, rss)
}
setInterval(sample, 20).unref()

const received = {}
const writer = {}
const chunk = Buffer.alloc(64 * 1024, 7)

function paused(name) {
  received[name] = { during: 0, after: 0 }
  return {
    open(socket) {
      socket.pause()
      setTimeout(() => socket.resume(), PAUSE_MS)
    },
    data(socket, data) {
      received[name][Date.now() - started < PAUSE_MS ? 'during' : 'after'] += data.length
    },
  }
}

function slow(name) {
  received[name] = { during: 0, after: 0 }
  return {
    data(socket, data) {
      const during = Date.now() - started < PAUSE_MS
      received[name][during ? 'during' : 'after'] += data.length
      if (during) {
        const until = Date.now() + 20
        while (Date.now() < until) sample()
      }
    },
  }
}

function writing(name) {
  writer[name] = { accepted: 0, shortWrites: 0, drains: 0 }
  const push = (socket) => {
    for (let i = 0; i < 1024; i++) {
      const n = socket.write(chunk)
      writer[name].accepted += n
      if (n < chunk.length) {
        writer[name].shortWrites++
        return
      }
    }
    setImmediate(() => push(socket))
  }
  return {
    open: push,
    handshake: (socket) => push(socket),
    drain(socket) {
      writer[name].drains++
      push(socket)
    },
    data() {},
  }
}

const ports = {}
const listeners = []
for (const [name, handlers, options] of [
  ['tcp-paused', paused('tcp-paused'), {}],
  ['tcp-slow', slow('tcp-slow'), {}],
  ['tls-paused', paused('tls-paused'), { tls }],
  ['tls-slow', slow('tls-slow'), { tls }],
  ['tcp-writer', writing('tcp-writer'), {}],
  ['tls-writer', writing('tls-writer'), { tls }],
]) {
  if (!wanted(name)) continue
  // A TLS writer starts on `handshake`, a TCP one on `open`.
  if (name.endsWith('writer')) delete handlers[options.tls ? 'open' : 'handshake']
  const listener = listen({ hostname: '127.0.0.1', port: 0, ...options, socket: handlers })
  listeners.push(listener)
  ports[name] = listener.port
}
// What the process takes before any peer arrives: the floods are judged
// by what they add to it.
sample()
const baselineRss = peakRss
console.log(JSON.stringify({ ports }))

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'report') return
  sample()
  console.log(JSON.stringify({ baselineRss, peakRss, peakRssAfter, received, writer }))
  for (const listener of listeners) listener.stop(true)
  process.exit(0)
})
