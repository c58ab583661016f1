// TLS: handshakes (connect, handshake, 16-byte echo, close; 16 in flight)
// and one bulk stream, against node:tls and Bun's BoringSSL. Same peers as
// churn and bulk, with their `tls` switch.
const side = (id, title, unit, serverArgs, clientScript, clientArgs, pick) => [
  {
    id: `${id}/server`,
    title: `${title} (server)`,
    unit,
    better: 'higher',
    async measure(impl, b) {
      const server = b.startPeer(impl, 'server.mjs', [...serverArgs(b), 'tls'])
      try {
        const { port } = await server.next()
        return { value: pick(await b.runPeer(b.fixed, clientScript, [port, ...clientArgs(b), 'tls'])) }
      } finally {
        await server.stop()
      }
    },
  },
  {
    id: `${id}/client`,
    title: `${title} (client)`,
    unit,
    better: 'higher',
    async measure(impl, b) {
      const server = b.startPeer(b.fixed, 'server.mjs', [...serverArgs(b), 'tls'])
      try {
        const { port } = await server.next()
        return { value: pick(await b.runPeer(impl, clientScript, [port, ...clientArgs(b), 'tls'])) }
      } finally {
        await server.stop()
      }
    },
  },
]

export default [
  ...side(
    'tls-handshake',
    'TLS handshakes, 16 in flight',
    'conns/s',
    () => ['churn'],
    'churn-client.mjs',
    (b) => [b.seconds, 16],
    (r) => r.connsPerSec,
  ),
  ...side(
    'tls-bulk',
    'TLS bulk, one stream',
    'GB/s',
    (b) => ['sink', b.tlsBulkBytes],
    'bulk-sender.mjs',
    (b) => [b.tlsBulkBytes],
    (r) => r.gbPerSec,
  ),
]
