server.reload({
  socket: {
    data(socket, data) { /* new handler */ },
  },
});
