// Connection churn: connect, 16-byte echo, close (by the server: see
// peers/churn-client.mjs); 32 cycles in flight.
export default [
  {
    id: 'churn/server',
    title: 'connection churn, 32 in flight (server)',
    unit: 'conns/s',
    better: 'higher',
    async measure(impl, b) {
      const server = b.startPeer(impl, 'server.mjs', ['churn'])
      try {
        const { port } = await server.next()
        const r = await b.runPeer(b.fixed, 'churn-client.mjs', [port, b.seconds, 32])
        return { value: r.connsPerSec }
      } finally {
        await server.stop()
      }
    },
  },
  {
    id: 'churn/client',
    title: 'connection churn, 32 in flight (client)',
    unit: 'conns/s',
    better: 'higher',
    async measure(impl, b) {
      const server = b.startPeer(b.fixed, 'server.mjs', ['churn'])
      try {
        const { port } = await server.next()
        const r = await b.runPeer(impl, 'churn-client.mjs', [port, b.seconds, 32])
        return { value: r.connsPerSec }
      } finally {
        await server.stop()
      }
    },
  },
]
