const server = await Bun.udpSocket({
  socket: {
    data(socket, buf, port, addr) {
      console.log(`From ${addr}:${port}: ${buf.toString()}`);
    },
  },
});
