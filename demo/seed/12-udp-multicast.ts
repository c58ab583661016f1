socket.addMembership("224.0.0.1");
socket.dropMembership("224.0.0.1");
socket.setMulticastTTL(2);
socket.setMulticastLoopback(true);
