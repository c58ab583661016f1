// A line protocol with backpressure: the server answers each "\n"-ended
// line with its upper-case; what the kernel does not take now waits in a
// per-socket queue and goes out on `drain` (write() never buffers for you).
// The client sends 500,000 lines (8 MB) in one go, more than the kernel
// takes at once, so both queues are really used.
import { StringDecoder } from 'node:string_decoder'
import { connect, listen } from 'bun-sockets'

let drains = 0

/** Writes what it can now; the rest stays queued for `drain`. */
function flush(socket) {
  const queue = socket.data.queue
  while (queue.length > 0) {
    const written = socket.write(queue[0])
    if (written < queue[0].length) {
      queue[0] = queue[0].subarray(written)
      return
    }
    queue.shift()
  }
}

function send(socket, text) {
  socket.data.queue.push(Buffer.from(text))
  if (socket.data.queue.length === 1) flush(socket)
}

/** Splits input into lines (UTF-8 safe across chunk boundaries). */
function lines(socket, chunk) {
  const text = socket.data.partial + socket.data.decoder.write(chunk)
  const parts = text.split('\n')
  socket.data.partial = parts.pop()
  return parts
}

const fresh = () => ({ queue: [], partial: '', decoder: new StringDecoder('utf8') })

const server = listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open(socket) {
      socket.data = fresh()
    },
    data(socket, chunk) {
      // One write per chunk, not per line (see the seed's "Buffering").
      const answers = lines(socket, chunk).map((line) => `${line.toUpperCase()}\n`)
      if (answers.length > 0) send(socket, answers.join(''))
    },
    drain(socket) {
      drains++
      flush(socket)
    },
  },
})

const COUNT = 500_000
let answered = 0
await connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    open(socket) {
      socket.data = fresh()
      const all = []
      for (let i = 0; i < COUNT; i++) all.push(`line ${i} é\n`)
      send(socket, all.join(''))
    },
    data(socket, chunk) {
      for (const line of lines(socket, chunk)) {
        if (line !== `LINE ${answered} É`) throw new Error(`out of order: ${line}`)
        if (++answered === COUNT) {
          console.log(`${COUNT} lines answered in order; a queue waited for drain ${drains > 0 ? 'at least once' : 'never'}`)
          socket.end()
          server.stop(true)
        }
      }
    },
    drain(socket) {
      drains++
      flush(socket)
    },
  },
})
