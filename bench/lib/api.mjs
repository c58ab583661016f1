// The socket API of one implementation, for the benchmark scripts:
//   'ours'  this package on Node        'node'  node:net on Node
//   'bun'   Bun.listen/Bun.connect on real Bun
// `ours` and `bun` share Bun's API; `node` gets a thin adapter with the same
// shape, written the way a node:net user would (no extra buffering on top).

export async function socketApi(impl) {
  if (impl === 'bun') return { listen: globalThis.Bun.listen, connect: globalThis.Bun.connect }
  if (impl === 'ours') {
    const { listen, connect } = await import('bun-sockets')
    return { listen, connect }
  }
  if (impl === 'node') return nodeApi(await import('node:net'))
  throw new Error(`unknown implementation ${impl}`)
}

/** node:net behind the subset of Bun's API the benchmarks use. */
function nodeApi(net) {
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
    listen({ hostname, port, socket }) {
      const server = net.createServer({ noDelay: true }, (sock) => {
        const s = wrap(sock, socket)
        socket.open?.(s)
      })
      server.listen(port, hostname)
      return {
        ready: new Promise((r) => server.once('listening', r)),
        get port() {
          return server.address().port
        },
        stop: () => server.close(),
      }
    },
    connect({ hostname, port, socket }) {
      return new Promise((resolve, reject) => {
        const sock = net.connect({ host: hostname, port, noDelay: true })
        const s = wrap(sock, socket)
        sock.once('connect', () => {
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
