// `import 'bun-sockets/polyfill'`: declares the global `Bun` this package
// provides (its socket API), and its types under `Bun.`, as bun-types
// names them (`Bun.Socket<Data>`, `Bun.TCPSocketListener`, `Bun.udp.Socket`).
import type * as Sockets from './index'

declare global {
  // eslint-disable-next-line no-var
  var Bun: {
    listen: typeof Sockets.listen
    connect: typeof Sockets.connect
    udpSocket: typeof Sockets.udpSocket
    file: typeof Sockets.file
  }
  namespace Bun {
    type BinaryType = Sockets.BinaryType
    type BinaryTypeList = Sockets.BinaryTypeList
    type BufferSource = Sockets.BufferSource
    type BunFile = Sockets.BunFile
    type FdSocketOptions<Data = undefined, DataBinaryType extends BinaryType = 'buffer'> = Sockets.FdSocketOptions<
      Data,
      DataBinaryType
    >
    type Socket<Data = undefined> = Sockets.Socket<Data>
    type SocketAddress = Sockets.SocketAddress
    type SocketHandler<Data = unknown, DataBinaryType extends BinaryType = 'buffer'> = Sockets.SocketHandler<
      Data,
      DataBinaryType
    >
    type SocketListener<Data = undefined> = Sockets.SocketListener<Data>
    type SocketOptions<Data = unknown, DataBinaryType extends BinaryType = 'buffer'> = Sockets.SocketOptions<
      Data,
      DataBinaryType
    >
    type TCPSocket = Sockets.TCPSocket
    type TCPSocketConnectOptions<Data = undefined, DataBinaryType extends BinaryType = 'buffer'> = Sockets.TCPSocketConnectOptions<
      Data,
      DataBinaryType
    >
    type TCPSocketListenOptions<Data = undefined, DataBinaryType extends BinaryType = 'buffer'> = Sockets.TCPSocketListenOptions<
      Data,
      DataBinaryType
    >
    type TCPSocketListener<Data = unknown> = Sockets.TCPSocketListener<Data>
    type TLSOptions = Sockets.TLSOptions
    type TLSSocket = Sockets.TLSSocket
    type TLSUpgradeOptions<Data, DataBinaryType extends BinaryType = 'buffer'> = Sockets.TLSUpgradeOptions<
      Data,
      DataBinaryType
    >
    type UnixSocketListener<Data> = Sockets.UnixSocketListener<Data>
    type UnixSocketOptions<Data = undefined, DataBinaryType extends BinaryType = 'buffer'> = Sockets.UnixSocketOptions<
      Data,
      DataBinaryType
    >
    namespace udp {
      type ReceiveFlags = Sockets.udp.ReceiveFlags
      type Socket<DataBinaryType extends BinaryType = 'buffer'> = Sockets.udp.Socket<DataBinaryType>
      type ConnectedSocket<DataBinaryType extends BinaryType = 'buffer'> = Sockets.udp.ConnectedSocket<DataBinaryType>
      type SocketHandler<DataBinaryType extends BinaryType = 'buffer'> = Sockets.udp.SocketHandler<DataBinaryType>
      type ConnectedSocketHandler<DataBinaryType extends BinaryType = 'buffer'> =
        Sockets.udp.ConnectedSocketHandler<DataBinaryType>
      type SocketOptions<DataBinaryType extends BinaryType = 'buffer'> = Sockets.udp.SocketOptions<DataBinaryType>
      type ConnectSocketOptions<DataBinaryType extends BinaryType = 'buffer'> =
        Sockets.udp.ConnectSocketOptions<DataBinaryType>
    }
  }
}

export {}
