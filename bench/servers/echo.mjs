// Echo server for the benchmarks, one implementation per run:
//   node servers/echo.mjs bun-sockets   (this package on Node)
//   node servers/echo.mjs node-net      (node:net)
//   bun  servers/echo.mjs bun           (Bun.listen, real Bun)
// Prints its port on stdout, serves until stdin closes.
const impl = process.argv[2]

function ready(port) {
  process.stdout.write(`${port}\n`)
  process.stdin.resume()
  process.stdin.on('end', () => process.exit(0))
}

if (impl === 'node-net') {
  const net = await import('node:net')
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on('data', (data) => socket.write(data))
    socket.on('error', () => {})
  })
  server.listen(0, '127.0.0.1', () => ready(server.address().port))
} else {
  const listen = impl === 'bun' ? globalThis.Bun.listen : (await import('bun-sockets')).listen
  const server = listen({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      data(socket, data) {
        socket.write(data)
      },
    },
  })
  ready(server.port)
}
