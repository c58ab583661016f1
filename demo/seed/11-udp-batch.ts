// Unconnected: [data, port, addr, ...]
socket.sendMany(["Hello", 41234, "127.0.0.1", "World", 53, "1.1.1.1"]);

// Connected: [data, ...]
connectedSocket.sendMany(["foo", "bar", "baz"]);
