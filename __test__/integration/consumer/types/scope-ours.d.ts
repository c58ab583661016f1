// What the seed's snippets assume in scope, in this package's types.
type SeedListener = import('bun-sockets').TCPSocketListener<undefined>
type SeedSocket = import('bun-sockets').Socket<undefined>
type SeedUdpSocket = import('bun-sockets').udp.Socket<'buffer'>
type SeedConnectedUdpSocket = import('bun-sockets').udp.ConnectedSocket<'buffer'>
