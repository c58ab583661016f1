// Stage for seed "TLS": the example's `./key.pem` and `./cert.pem` exist
// (the test CA's localhost certificate, in a temporary working directory),
// its `{ /* handlers */ }` placeholders get handlers that narrate, and,
// with no network here, the server listens on 127.0.0.1 and a free port
// instead of 443 and "example.com:443" is that server, trusted through the
// test CA. The example's code itself runs unchanged. (Its server gives no
// `hostname`, which Bun 1.4.4 itself rejects: 'Expected either "hostname"
// or "unix"'; this package does the same, and the stage supplies one.)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { finish, narrate, say } from './narrate.mjs'

const fixtures = fileURLToPath(new URL('../../__test__/fixtures/tls/', import.meta.url))
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bun-sockets-demo-'))
fs.copyFileSync(path.join(fixtures, 'server.key'), path.join(work, 'key.pem'))
fs.copyFileSync(path.join(fixtures, 'server.pem'), path.join(work, 'cert.pem'))
process.chdir(work)
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }))

narrate({
  afterHandler(side, name, socket) {
    if (side === 'client' && name === 'handshake') {
      say(`client: ${socket.getTLSVersion()} ${socket.getCipher().name}, peer ${socket.getPeerCertificate().subject.CN}`)
      socket.write('hello over TLS')
    }
    if (side === 'client' && name === 'data') finish('the client got its echo over TLS: closing both ends')
  },
})

const standIn = (handlers, echo) =>
  Object.keys(handlers).length > 0
    ? handlers
    : {
        handshake() {},
        data(socket, data) {
          if (echo) socket.write(data)
        },
      }

const { listen, connect } = globalThis.Bun
let server
globalThis.Bun.listen = (options) => {
  say('stage: no hostname, port 443 -> 127.0.0.1 and a free port (Bun requires a hostname; no privileges needed), placeholder handlers -> an echo')
  server = listen({ ...options, hostname: '127.0.0.1', port: 0, socket: standIn(options.socket, true) })
  return server
}
globalThis.Bun.connect = (options) => {
  say(`stage: ${options.hostname}:${options.port} -> the local TLS server, trusted via the test CA`)
  const tls = { ca: fs.readFileSync(path.join(fixtures, 'ca.pem'), 'utf8'), serverName: 'localhost' }
  return connect({ ...options, hostname: '127.0.0.1', port: server.port, tls, socket: standIn(options.socket, false) })
}
