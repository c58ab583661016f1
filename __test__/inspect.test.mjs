// util.inspect / console.log of the package's objects show their useful
// fields (Bun's own print nothing useful), and errors print their code.
import assert from 'node:assert/strict'
import util from 'node:util'
import { describe, it } from 'node:test'
import { connect, listen, udpSocket } from 'bun-sockets'

describe('util.inspect', () => {
  it('a listener, a TCP socket, a UDP socket and a connect error', async () => {
    const server = listen({ hostname: '127.0.0.1', port: 0, data: { name: 'srv' }, socket: { data() {} } })
    const socket = await connect({ hostname: '127.0.0.1', port: server.port, data: { id: 7 }, socket: { data() {} } })
    const udp = await udpSocket({ hostname: '127.0.0.1', binaryType: 'uint8array', socket: { data() {} } })
    try {
      assert.equal(
        util.inspect(server),
        `Listener {\n  hostname: '127.0.0.1',\n  port: ${server.port},\n  unix: undefined,\n  data: { name: 'srv' }\n}`,
      )
      const shown = util.inspect(socket)
      assert.match(shown, /^TCPSocket \{\n  readyState: 1,\n  localAddress: '127\.0\.0\.1',\n  localPort: \d+,/)
      assert.match(shown, new RegExp(`remotePort: ${server.port},\\n  bytesWritten: 0,\\n  data: \\{ id: 7 \\}\\n\\}$`))
      assert.equal(
        util.inspect(udp),
        `UDPSocket {\n  hostname: '127.0.0.1',\n  port: ${udp.port},\n  remoteAddress: undefined,\n  binaryType: 'uint8array',\n  closed: false\n}`,
      )
    } finally {
      socket.end()
      server.stop(true)
      udp.close()
    }
    assert.match(util.inspect(udp), /closed: true/)
    const port = server.port
    const err = await connect({ hostname: '127.0.0.1', port, socket: { data() {} } }).catch((e) => e)
    assert.match(util.inspect(err), /^Error: Failed to connect\n[\s\S]*code: 'ECONNREFUSED',\n  syscall: 'connect',\n  errno: -111\n\}$/)
  })
})
