// The socket API of one implementation, for the benchmark scripts:
//   'ours'  this package on Node        'node'  node:net on Node
//   'bun'   Bun.listen/Bun.connect on real Bun
// `ours` and `bun` share Bun's API; `node` gets a thin adapter with the same
// shape, written the way a node:net user would (no extra buffering on top).
// With a `tls` option the adapter uses node:tls instead.

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '__test__', 'fixtures', 'tls')
const read = (name) => fs.readFileSync(path.join(fixtures, name), 'utf8')

/** TLS options for the TLS workloads (the test CA's localhost certificate). */
export function benchTls() {
  return {
    server: { key: read('server.key'), cert: read('server.pem') },
    client: { ca: read('ca.pem'), serverName: 'localhost' },
  }
}

export async function socketApi(impl) {
  if (impl === 'bun') return { listen: globalThis.Bun.listen, connect: globalThis.Bun.connect }
  if (impl === 'ours') {
    const { listen, connect } = await import('bun-sockets')
    return { listen, connect }
  }
  if (impl === 'node') return nodeApi(await import('node:net'), await import('node:tls'))
  throw new Error(`unknown implementation ${impl}`)
}

/** node:net behind the subset of Bun's API the benchmarks use. */
function nodeApi(net, tls) {
  function wrap(sock, handlers) {
    const s = {
      write: (d) => (sock.write(d), d.length),
      end: () => sock.end(),
      terminate: () => sock.destroy(),
      pause: () => sock.pause(),
      resume: () => sock.resume(),
      get writableNeedDrain() {
        return sock.writableNeedDrain
      },
    }
    sock.setNoDelay(true)
    sock.on('data', (d) => handlers.data?.(s, d))
    sock.on('drain', () => handlers.drain?.(s))
    sock.on('error', () => {})
    sock.on('close', () => handlers.close?.(s))
    return s
  }
  return {
    listen({ hostname, port, socket, tls: tlsOptions }) {
      const onSocket = (sock) => {
        const s = wrap(sock, socket)
        socket.open?.(s)
      }
      const server = tlsOptions
        ? tls.createServer({ ...tlsOptions, noDelay: true }, onSocket)
        : net.createServer({ noDelay: true }, onSocket)
      server.listen(port, hostname)
      return {
        ready: new Promise((r) => server.once('listening', r)),
        get port() {
          return server.address().port
        },
        stop: () => server.close(),
      }
    },
    connect({ hostname, port, socket, tls: tlsOptions }) {
      return new Promise((resolve, reject) => {
        const sock = tlsOptions
          ? tls.connect({ host: hostname, port, noDelay: true, ca: tlsOptions.ca, servername: tlsOptions.serverName })
          : net.connect({ host: hostname, port, noDelay: true })
        const s = wrap(sock, socket)
        sock.once(tlsOptions ? 'secureConnect' : 'connect', () => {
          socket.open?.(s)
          resolve(s)
        })
        sock.once('error', reject)
      })
    },
  }
}

/** Writes `bytes` fully, honouring backpressure the implementation's way. */
export function writeAll(impl, socket, chunk, total, done) {
  let sent = 0
  const pump = () => {
    while (sent < total) {
      const size = Math.min(chunk.length, total - sent)
      const piece = size === chunk.length ? chunk : chunk.subarray(0, size)
      if (impl === 'node') {
        socket.write(piece)
        sent += size
        if (socket.writableNeedDrain) return
      } else {
        const n = socket.write(piece)
        sent += n
        if (n < size) return
      }
    }
    done()
  }
  return pump
}
