// Echo server: whatever a client sends comes back. Run it, then try
// `nc 127.0.0.1 7000`. With `--once`, one client connects, checks its echo
// and both sides close (how the tests run it).
import { connect, listen } from 'bun-sockets'

const server = listen({
  hostname: '127.0.0.1',
  port: process.argv.includes('--once') ? 0 : 7000,
  socket: {
    data(socket, data) {
      socket.write(data) // a short count would mean backpressure: see line-protocol.mjs
    },
  },
})
console.log(`echo server on ${server.hostname}:${server.port}`)

if (process.argv.includes('--once')) {
  await connect({
    hostname: '127.0.0.1',
    port: server.port,
    socket: {
      open: (socket) => socket.write('hello'),
      data(socket, data) {
        console.log(`echoed: ${data}`)
        socket.end()
        server.stop(true)
      },
    },
  })
}
