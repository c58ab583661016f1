// Server
Bun.listen({
  port: 443,
  socket: { /* handlers */ },
  tls: {
    key: Bun.file("./key.pem"),
    cert: Bun.file("./cert.pem"),
  },
});

// Client
await Bun.connect({
  hostname: "example.com",
  port: 443,
  tls: true,
  socket: { /* handlers */ },
});
