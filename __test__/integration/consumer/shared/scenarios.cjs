'use strict'
// What each runner's suite does, through `globalThis.Bun` as installed by
// `bun-sockets/polyfill` in the runner's set-up (or, under real Bun, the
// package's exports given to `use`). Each scenario closes what it opens
// and returns what it observed; the suites assert on that with their own
// runner's API.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const certs = path.join(__dirname, '..', 'certs')

let Bun = globalThis.Bun
/** Runs the scenarios against `api` ({listen, connect, udpSocket, file}). */
function use(api) {
  Bun = api
}

function echoServer(extra = {}) {
  return Bun.listen({
    hostname: '127.0.0.1',
    port: 0,
    ...extra,
    socket: { data: (socket, data) => socket.write(data) },
  })
}

/** Connects with `options`, writes `payload`, resolves with the echo's bytes. */
function roundTrip(options, payload) {
  return new Promise((resolve, reject) => {
    const chunks = []
    Bun.connect({
      ...options,
      socket: {
        open: (socket) => socket.write(payload),
        data(socket, data) {
          chunks.push(Buffer.from(data))
          if (Buffer.concat(chunks).length >= payload.length) {
            socket.end()
            resolve({ bytes: Buffer.concat(chunks), socket })
          }
        },
        error: (socket, err) => reject(err),
        connectError: (socket, err) => reject(err),
      },
    }).catch(reject)
  })
}

async function tcpEcho() {
  const server = echoServer()
  try {
    const { bytes } = await roundTrip({ hostname: '127.0.0.1', port: server.port }, 'ping over TCP')
    return bytes.toString()
  } finally {
    server.stop(true)
  }
}

/** Bytes made in the runner's realm (jest's sandbox has its own Uint8Array). */
async function typedArrayEcho() {
  const server = echoServer()
  try {
    const payload = new Uint8Array([0, 1, 2, 253, 254, 255])
    const { bytes } = await roundTrip({ hostname: '127.0.0.1', port: server.port }, payload)
    return [...bytes]
  } finally {
    server.stop(true)
  }
}

async function unixEcho() {
  const unix = path.join(os.tmpdir(), `bun-sockets-consumer-${process.pid}-${Math.random().toString(36).slice(2)}.sock`)
  const server = Bun.listen({ unix, socket: { data: (socket, data) => socket.write(data) } })
  try {
    const { bytes } = await roundTrip({ unix }, 'ping over a Unix socket')
    return bytes.toString()
  } finally {
    server.stop(true)
    fs.rmSync(unix, { force: true })
  }
}

async function tlsEcho() {
  const server = echoServer({
    tls: { key: Bun.file(path.join(certs, 'server.key')), cert: Bun.file(path.join(certs, 'server.pem')) },
  })
  try {
    const { bytes, socket } = await roundTrip(
      {
        hostname: '127.0.0.1',
        port: server.port,
        tls: { ca: fs.readFileSync(path.join(certs, 'ca.pem')), serverName: 'localhost' },
      },
      'ping over TLS',
    )
    return { text: bytes.toString(), authorized: socket.authorized, protocol: socket.getTLSVersion() }
  } finally {
    server.stop(true)
  }
}

async function udpRoundTrip() {
  let deliver
  const arrived = new Promise((resolve) => {
    deliver = resolve
  })
  const receiver = await Bun.udpSocket({
    hostname: '127.0.0.1',
    socket: { data: (socket, buf, port, address) => deliver({ text: buf.toString(), port, address }) },
  })
  const sender = await Bun.udpSocket({ hostname: '127.0.0.1' })
  try {
    sender.send('ping over UDP', receiver.port, '127.0.0.1')
    const got = await arrived
    return { ...got, fromSender: got.port === sender.port }
  } finally {
    sender.close()
    receiver.close()
  }
}

/** Connecting to a port nobody listens on rejects with Bun's error. */
async function refused() {
  const server = echoServer()
  const port = server.port
  server.stop(true)
  try {
    await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } })
    return 'connected'
  } catch (err) {
    return { name: err.name, code: err.code, syscall: err.syscall }
  }
}

/**
 * A burst of events (a client's data and FIN, read together) while the
 * runner fakes setImmediate, queueMicrotask and process.nextTick: every
 * event still comes. Resolves with the server's events.
 */
function burstUnderFakeTimers() {
  const net = require('node:net')
  return new Promise((resolve) => {
    const events = []
    const server = Bun.listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data: (socket, data) => events.push(`data ${data}`),
        end() {
          events.push('end')
          server.stop(true)
          resolve(events)
        },
      },
    })
    const client = net.connect(server.port, '127.0.0.1', () => client.end('hello'))
  })
}

module.exports = { use, tcpEcho, typedArrayEcho, unixEcho, tlsEcho, udpRoundTrip, refused, burstUnderFakeTimers }
