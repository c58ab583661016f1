// UDP, 64-byte datagrams: a sender's rate with `send` and with `sendMany`
// x64 (node:dgram: 64 sends), and a receiver's rate against a fixed
// sender using sendMany. Datagrams/s.
const sending = (mode, title) => ({
  id: `udp-${mode}/client`,
  title,
  unit: 'datagrams/s',
  better: 'higher',
  async measure(impl, b) {
    const receiver = b.startPeer(b.fixed, 'udp-receiver.mjs', [])
    try {
      const { port } = await receiver.next()
      const r = await b.runPeer(impl, 'udp-sender.mjs', [port, b.seconds, mode])
      return { value: r.sentPerSec }
    } finally {
      await receiver.stop()
    }
  },
})

export default [
  sending('send', 'UDP 64 B send (sending)'),
  sending('many', 'UDP 64 B sendMany x64 (sending)'),
  {
    id: 'udp-receive/server',
    title: 'UDP 64 B receive (receiving)',
    unit: 'datagrams/s',
    better: 'higher',
    async measure(impl, b) {
      const receiver = b.startPeer(impl, 'udp-receiver.mjs', [])
      try {
        const { port } = await receiver.next()
        const started = performance.now()
        await b.runPeer(b.fixed, 'udp-sender.mjs', [port, b.seconds, 'many'])
        const { received } = await receiver.ask('count')
        return { value: received / ((performance.now() - started) / 1000) }
      } finally {
        await receiver.stop()
      }
    },
  },
]
