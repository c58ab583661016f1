// Ping-pong: 64-byte messages, one in flight per connection, 1 and 50
// connections. Server side: the implementation's echo server, driven by
// the fixed client. Client side: the implementation's client against the
// fixed echo server.
export default [1, 50].flatMap((conns) => [
  {
    id: `echo-${conns}/server`,
    title: `echo 64 B, ${conns} conn${conns > 1 ? 's' : ''} (server)`,
    unit: 'msgs/s',
    better: 'higher',
    async measure(impl, b) {
      const server = b.startPeer(impl, 'server.mjs', ['echo'])
      try {
        const { port } = await server.next()
        const cpuBefore = b.cpuByThread(server.pid)
        const r = await b.runPeer(b.fixed, 'echo-client.mjs', [port, conns, b.seconds])
        const cpu = b.cpuDelta(cpuBefore, b.cpuByThread(server.pid))
        return { value: r.msgsPerSec, medianRttUs: r.medianRttUs, cpuUsPerMsg: b.perUnit(cpu, r.msgsPerSec * b.seconds) }
      } finally {
        await server.stop()
      }
    },
  },
  {
    id: `echo-${conns}/client`,
    title: `echo 64 B, ${conns} conn${conns > 1 ? 's' : ''} (client)`,
    unit: 'msgs/s',
    better: 'higher',
    async measure(impl, b) {
      const server = b.startPeer(b.fixed, 'server.mjs', ['echo'])
      try {
        const { port } = await server.next()
        const r = await b.runPeer(impl, 'echo-client.mjs', [port, conns, b.seconds])
        return { value: r.msgsPerSec, medianRttUs: r.medianRttUs }
      } finally {
        await server.stop()
      }
    },
  },
])
