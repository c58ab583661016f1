// Unix socket echo, its listener's properties and its sockets' addresses.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defer, guard, trace } from './_trace.mjs'
guard()
const file = path.join(os.tmpdir(), `conf-unix-${process.pid}-${Math.random().toString(36).slice(2)}.sock`)
const serverSocket = defer()
const server = Bun.listen({ unix: file, socket: { open: (s) => serverSocket.resolve(s), data: (s, d) => s.write(`echo:${d}`) } })
trace('listener', server.unix === file, server.port, server.hostname, fs.existsSync(file))
const reply = defer()
const c = await Bun.connect({ unix: file, socket: { data: (s, d) => reply.resolve(String(d)) } })
c.write('hi')
trace('reply', await reply.promise)
const s = await serverSocket.promise
for (const [side, sock] of [['client', c], ['server', s]]) {
  trace(side, sock.remoteAddress, sock.remotePort, sock.remoteFamily, sock.localAddress, sock.localPort, sock.localFamily)
}
trace('setNoDelay', c.setNoDelay(true), 'setKeepAlive', c.setKeepAlive(true))
c.end()
server.stop(true)
trace('file after stop', fs.existsSync(file))
const again = Bun.listen({ unix: file, socket: { data() {} } })
trace('listen again on the same path', again.unix === file)
again.stop()
