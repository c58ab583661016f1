test('leaves a listener open', () => {
  const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  expect(server.port).toBeGreaterThan(0)
})
