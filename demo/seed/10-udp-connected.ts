const client = await Bun.udpSocket({
  connect: {
    hostname: "127.0.0.1",
    port: 41234,
  },
});

client.send("Hello");  // No destination needed
