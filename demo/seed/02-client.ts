const socket = await Bun.connect({
  hostname: "localhost",
  port: 8080,
  socket: {
    open(socket) { socket.write("Hello server!"); },
    data(socket, data) { console.log("Received:", data); },
    close(socket, error) {},
    drain(socket) {},
    error(socket, error) {},
    connectError(socket, error) {},  // Connection failed
    end(socket) {},                  // Server closed
    timeout(socket) {},
  },
});
