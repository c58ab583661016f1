// UDP sender: `peers/udp-sender.mjs <impl> <port> <seconds> <send|many>`
// sends 64-byte datagrams as fast as it goes for <seconds>: one `send` per
// datagram, or `sendMany` with 64 at a time (node:dgram has no batch send:
// 64 sends). Yields to the event loop between bursts. Prints
// {"sentPerSec"}.
import dgram from 'node:dgram'

const [impl, portArg, secondsArg, mode] = process.argv.slice(2)
const [port, seconds] = [Number(portArg), Number(secondsArg)]
const payload = Buffer.alloc(64, 120)
const BURST = 64
let sendBurst
if (impl === 'node') {
  const socket = dgram.createSocket('udp4')
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve))
  sendBurst = () => {
    for (let i = 0; i < BURST; i++) socket.send(payload, port, '127.0.0.1')
    return BURST
  }
} else {
  const { udpSocket } = impl === 'bun' ? globalThis.Bun : await import('bun-sockets')
  const socket = await udpSocket({ hostname: '127.0.0.1' })
  if (mode === 'many') {
    const packets = []
    for (let i = 0; i < BURST; i++) packets.push(payload, port, '127.0.0.1')
    sendBurst = () => socket.sendMany(packets)
  } else {
    sendBurst = () => {
      let sent = 0
      for (let i = 0; i < BURST; i++) if (socket.send(payload, port, '127.0.0.1')) sent++
      return sent
    }
  }
}
let sent = 0
const start = performance.now()
const deadline = start + seconds * 1000
function run() {
  const now = performance.now()
  if (now >= deadline) {
    console.log(JSON.stringify({ sentPerSec: sent / ((now - start) / 1000) }))
    process.exit(0)
  }
  for (let i = 0; i < 16; i++) sent += sendBurst()
  setImmediate(run)
}
run()
