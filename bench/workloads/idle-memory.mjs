// Idle memory: RSS growth per open, idle connection (KiB), with 10,000
// connections. Server side: the implementation accepts and holds them.
// Client side: the implementation opens and holds them.
export default [
  {
    id: 'idle-memory/server',
    title: 'idle memory per connection (server)',
    unit: 'KiB/conn',
    better: 'lower',
    async measure(impl, b) {
      const server = b.startPeer(impl, 'server.mjs', ['hold'])
      try {
        const { port } = await server.next()
        const before = (await server.ask('rss')).rss
        const holder = b.startPeer(b.fixed, 'holder-client.mjs', [port, b.idleCount], { timeoutMs: 120_000 })
        try {
          await holder.next()
          // Wait until the server has seen every connection.
          for (let i = 0; i < 200; i++) {
            if ((await server.ask('count')).open >= b.idleCount) break
            await new Promise((r) => setTimeout(r, 50))
          }
          const after = (await server.ask('rss')).rss
          return { value: (after - before) / 1024 / b.idleCount, rssMiB: after / 2 ** 20 }
        } finally {
          await holder.stop()
        }
      } finally {
        await server.stop()
      }
    },
  },
  {
    id: 'idle-memory/client',
    title: 'idle memory per connection (client)',
    unit: 'KiB/conn',
    better: 'lower',
    async measure(impl, b) {
      const server = b.startPeer(b.fixed, 'server.mjs', ['hold'])
      try {
        const { port } = await server.next()
        const holder = b.startPeer(impl, 'holder-client.mjs', [port, b.idleCount], { timeoutMs: 120_000 })
        try {
          const r = await holder.next()
          return { value: (r.rssAfter - r.rssBefore) / 1024 / b.idleCount, rssMiB: r.rssAfter / 2 ** 20 }
        } finally {
          await holder.stop()
        }
      } finally {
        await server.stop()
      }
    },
  },
]
