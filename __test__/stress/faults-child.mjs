// Worker of faults.stress.mjs: keeps a transfer going until the main thread
// terminates it. `workerData.mode`:
// - 'stream-to': connects to `port` (TLS when `tls` is set) and writes as
//   fast as the peer reads, with write() and drain;
// - 'serve': listens (TLS when `tls` is set), posts its port, and both reads
//   and writes as fast as it can on every accepted socket.
// It posts 'streaming' once a few MiB went out, so the main thread
// terminates it mid-transfer, never before the data flows.
import { parentPort, workerData } from 'node:worker_threads'
import { connect, listen } from 'bun-sockets'

const { mode, port, tls } = workerData
const chunk = Buffer.alloc(256 << 10, 0x61)
let sent = 0
let told = false

function pump(socket) {
  // Bounded: stops at the first short write and resumes on drain.
  for (let i = 0; i < 1024; i++) {
    const n = socket.write(chunk)
    if (n > 0) sent += n
    if (!told && sent >= 4 << 20) {
      told = true
      parentPort.postMessage('streaming')
    }
    if (n < chunk.length) return
  }
}

if (mode === 'stream-to') {
  await connect({
    hostname: tls ? 'localhost' : '127.0.0.1',
    port,
    tls,
    socket: { [tls ? 'handshake' : 'open']: pump, drain: pump, data() {} },
  })
} else if (mode === 'serve') {
  const server = listen({
    hostname: '127.0.0.1',
    port: 0,
    tls,
    socket: { [tls ? 'handshake' : 'open']: pump, drain: pump, data() {} },
  })
  parentPort.postMessage(server.port)
} else {
  throw new Error(`unknown mode ${mode}`)
}
