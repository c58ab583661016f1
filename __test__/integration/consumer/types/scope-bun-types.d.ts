// What the seed's snippets assume in scope, in @types/bun's types.
type SeedListener = import('bun').TCPSocketListener<undefined>
type SeedSocket = import('bun').Socket<undefined>
type SeedUdpSocket = import('bun').udp.Socket<'buffer'>
type SeedConnectedUdpSocket = import('bun').udp.ConnectedSocket<'buffer'>
