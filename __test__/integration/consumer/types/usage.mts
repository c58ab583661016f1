// Typed use of the package without @types/bun. Each @ts-expect-error is a
// mistake the types must catch (tsc fails if one is not an error).
import 'bun-sockets/polyfill'
import { connect, listen, udpSocket, type Socket, type SocketHandler, type TCPSocketListener, type udp } from 'bun-sockets'

type Session = { id: string; bytes: number }

const handlers: SocketHandler<Session> = {
  open(socket) {
    socket.data = { id: crypto.randomUUID(), bytes: 0 }
  },
  data(socket, data) {
    const sent: number = socket.write(data)
    socket.data.bytes += data.byteLength + sent
  },
  drain(socket) {
    socket.flush()
  },
  close(socket, error) {
    const why: Error | undefined = error
  },
}
const server: TCPSocketListener<Session> = listen<Session>({ hostname: '127.0.0.1', port: 0, socket: handlers })
const port: number = server.port
server.reload({ socket: handlers })
server.stop(true)

// @ts-expect-error: port must be a number
listen({ hostname: '127.0.0.1', port: '80', socket: {} })

const client: Socket<undefined> = await connect({
  hostname: '127.0.0.1',
  port,
  tls: { serverName: 'localhost', rejectUnauthorized: true, ALPNProtocols: '\x02h2' },
  socket: {
    handshake(socket, success, authorizationError) {
      const ok: boolean = success && authorizationError === null
    },
    data(socket, data) {
      const bytes: Buffer = data
    },
  },
})
client.end()
// @ts-expect-error: ALPN names go in wire format; Bun throws on an array
await connect({ hostname: 'localhost', port, tls: { ALPNProtocols: ['h2'] }, socket: {} })
// @ts-expect-error: write takes data, not a number
client.write(42)

const typed = await connect({
  unix: '/tmp/x.sock',
  socket: {
    binaryType: 'uint8array',
    data(socket, data) {
      const bytes: Uint8Array = data
    },
  },
})
typed.terminate()

const receiver: udp.Socket<'arraybuffer'> = await Bun.udpSocket({
  binaryType: 'arraybuffer',
  socket: {
    data(socket, data, port, address, flags) {
      const bytes: ArrayBuffer = data
      const cut: boolean = flags.truncated
    },
  },
})
receiver.send('hi', receiver.port, '127.0.0.1')
const many: number = receiver.sendMany(['a', 1, '127.0.0.1'])
// @ts-expect-error: an unconnected socket needs a destination
receiver.send('hi')

const connected: udp.ConnectedSocket<'buffer'> = await udpSocket({ connect: { hostname: '127.0.0.1', port: receiver.port } })
connected.send('hi')
const peer: string = connected.remoteAddress.address
// @ts-expect-error: a connected socket takes no destination
connected.send('hi', 1, '127.0.0.1')
connected.close()
receiver.close()

const key = Bun.file('./key.pem')
const size: number = key.size
const text: Promise<string> = key.text()

// Code typed against bun-types compiles here too: the TLS getters' types,
// STARTTLS destructuring, the methods bun-types declares.
async function tlsInfo(socket: Socket) {
  const peer: import('node:tls').PeerCertificate = socket.getPeerCertificate()
  const version: string = socket.getTLSVersion()
  const cipher: string = socket.getCipher().name
  const sni: string = socket.getServername()
  const sigalgs: string[] = socket.getSharedSigalgs()
  const x509: import('node:crypto').X509Certificate = socket.getPeerX509Certificate()
  const keying: Buffer = socket.exportKeyingMaterial(32, 'EXPERIMENTAL', 'context')
  socket.setSession(new ArrayBuffer(8))
  socket.setServername('example.com')
  socket.setVerifyMode(true, true)
  socket.disableRenegotiation()
  const ticket: Buffer | undefined = socket.getTLSTicket()
  const [raw, tls] = socket.upgradeTLS({ tls: true, data: { n: 1 }, socket: { data() {} } })
  const n: number = tls.data.n
  const rawData: undefined = raw.data
}

// binaryType's type argument types `data` on TCP as on UDP; an explicit
// Data type argument with an inline binaryType compiles, as with bun-types.
listen<undefined, 'arraybuffer'>({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    binaryType: 'arraybuffer',
    data(socket, data) {
      const bytes: ArrayBuffer = data
      // @ts-expect-error: not a Buffer with binaryType 'arraybuffer'
      const buffer: Buffer = data
    },
  },
}).stop()
listen<Session>({ hostname: '127.0.0.1', port: 0, socket: { binaryType: 'uint8array', data() {} } }).stop()
const bytesHandler: SocketHandler<Session> = { binaryType: 'arraybuffer' }

// A connected UDP socket with inline handlers.
const inline = await udpSocket({
  connect: { hostname: '127.0.0.1', port: 9 },
  socket: {
    data(socket, data) {
      socket.send(data)
    },
    drain(socket) {},
  },
})
inline.send('hi')
inline.close()

// The polyfill's types under `Bun.`, as bun-types names them.
const tcp: Bun.Socket<Session> | undefined = undefined
const holder: Bun.TCPSocketListener<Session> | undefined = undefined
const datagrams: Bun.udp.Socket<'buffer'> | undefined = undefined
const handler: Bun.SocketHandler<Session> = handlers
