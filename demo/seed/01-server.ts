const server = Bun.listen({
  hostname: "localhost",
  port: 8080,
  socket: {
    open(socket) { console.log("Connected"); },
    data(socket, data) { socket.write(`Echo: ${data}`); },
    close(socket, error) {},
    drain(socket) {},  // Socket ready for more data
    error(socket, error) {},
  },
});

server.stop();       // Keep existing connections
server.stop(true);   // Close all
server.unref();      // Don't keep process alive
