// Create socket
const socket = await Bun.udpSocket({ port: 41234 });

// Send datagram (no DNS - use IP)
socket.send("Hello", 41234, "127.0.0.1");
