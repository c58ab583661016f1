type SocketData = { sessionId: string };

Bun.listen<SocketData>({
  hostname: "localhost",
  port: 8080,
  socket: {
    open(socket) {
      socket.data = { sessionId: crypto.randomUUID() };
    },
    data(socket, data) {
      console.log(`${socket.data.sessionId}: ${data}`);
    },
  },
});
