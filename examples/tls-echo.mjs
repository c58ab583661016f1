// TLS echo: a server with a key and certificate (Bun.file works, as in Bun),
// a client that trusts the test CA and checks the server's name.
// Usage: node examples/tls-echo.mjs <dir with server.key, server.pem, ca.pem>
import path from 'node:path'
import { connect, file, listen } from 'bun-sockets'

const dir = process.argv[2] ?? '__test__/fixtures/tls'
const server = listen({
  hostname: '127.0.0.1',
  port: 0,
  tls: { key: file(path.join(dir, 'server.key')), cert: file(path.join(dir, 'server.pem')) },
  socket: { data: (socket, data) => socket.write(data) },
})

await connect({
  hostname: '127.0.0.1',
  port: server.port,
  tls: { ca: file(path.join(dir, 'ca.pem')), serverName: 'localhost' },
  socket: {
    handshake(socket, success, authorizationError) {
      if (!success || authorizationError) throw authorizationError ?? new Error('handshake failed')
      console.log(`${socket.getTLSVersion()} ${socket.getCipher().name}, server is ${socket.getPeerCertificate().subject.CN}`)
      socket.write('secret')
    },
    data(socket, data) {
      console.log(`echoed over TLS: ${data}`)
      socket.end()
      server.stop(true)
    },
  },
})
