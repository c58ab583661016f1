// One stream, as fast as it goes: the sender writes in 256 KiB chunks and
// waits for drain whenever a write comes up short; the receiver answers
// one byte once it has everything. GB/s from first write to that answer.
export default [
  {
    id: 'bulk/server',
    title: 'bulk, one stream (receiving)',
    unit: 'GB/s',
    better: 'higher',
    async measure(impl, b) {
      const server = b.startPeer(impl, 'server.mjs', ['sink', b.bulkBytes])
      try {
        const { port } = await server.next()
        const r = await b.runPeer(b.fixed, 'bulk-sender.mjs', [port, b.bulkBytes])
        return { value: r.gbPerSec }
      } finally {
        await server.stop()
      }
    },
  },
  {
    id: 'bulk/client',
    title: 'bulk, one stream (sending)',
    unit: 'GB/s',
    better: 'higher',
    async measure(impl, b) {
      const server = b.startPeer(b.fixed, 'server.mjs', ['sink', b.bulkBytes])
      try {
        const { port } = await server.next()
        const r = await b.runPeer(impl, 'bulk-sender.mjs', [port, b.bulkBytes])
        return { value: r.gbPerSec }
      } finally {
        await server.stop()
      }
    },
  },
]
