// STARTTLS: a plain connection that switches to TLS in the middle, like
// SMTP's STARTTLS. The server says "ready", the client asks "STARTTLS",
// the server answers "go" and both upgrade the same TCP connection, then
// talk over TLS. The client waits for "go" so that its TLS handshake
// cannot arrive in the same read as its plain-text request.
// Usage: node examples/starttls.mjs <dir with server.key, server.pem, ca.pem>
import fs from 'node:fs'
import path from 'node:path'
import { connect, listen } from 'bun-sockets'

const dir = process.argv[2] ?? '__test__/fixtures/tls'
const read = (name) => fs.readFileSync(path.join(dir, name))

const server = listen({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open: (socket) => socket.write('ready\n'),
    data(socket, data) {
      if (String(data) !== 'STARTTLS\n') return
      socket.write('go\n')
      socket.upgradeTLS({
        tls: { key: read('server.key'), cert: read('server.pem') },
        socket: { data: (tls, data) => tls.write(`server got ${data} over ${tls.getTLSVersion()}`) },
      })
    },
  },
})

await connect({
  hostname: '127.0.0.1',
  port: server.port,
  socket: {
    data(socket, data) {
      if (String(data) === 'ready\n') {
        socket.write('STARTTLS\n')
        return
      }
      if (String(data) !== 'go\n') return
      // Returns [raw, tls]: `raw` would see the ciphertext; use `tls`.
      socket.upgradeTLS({
        tls: { ca: read('ca.pem'), serverName: 'localhost' },
        socket: {
          handshake(tls, success, authorizationError) {
            console.log(`upgraded: success=${success} authorized=${tls.authorized} error=${authorizationError}`)
            if (success) tls.write('hello')
          },
          data(tls, data) {
            console.log(String(data))
            tls.end()
            server.stop(true)
          },
        },
      })
    },
  },
})
