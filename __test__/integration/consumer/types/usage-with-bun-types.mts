// A project with @types/bun: `Bun` is Bun's own global; the polyfill is
// loaded without its global declaration, and this package's exports type
// as before.
import 'bun-sockets/polyfill/untyped'
import { listen } from 'bun-sockets'

const version: string = Bun.version
const server = listen({ hostname: '127.0.0.1', port: 0, socket: { data: (socket, data) => void socket.write(data) } })
const viaGlobal = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data: (socket, data) => void socket.write(data) } })
server.stop(true)
viaGlobal.stop(true)
