// Type definitions for bun-sockets: Bun's socket API for Node.js.
// Shaped like bun-types (Bun 1.4.4), so code typed against `Bun.listen` /
// `Bun.connect` type-checks unchanged against this package.

/// <reference types="node" />

export interface BinaryTypeList {
  arraybuffer: ArrayBuffer
  buffer: Buffer
  uint8array: Uint8Array
}
export type BinaryType = keyof BinaryTypeList

export interface Socket<Data = undefined> extends Disposable {
  /**
   * Writes now, without blocking and without buffering: returns the bytes
   * the kernel took (fewer than given under backpressure; `drain` follows),
   * or -1 when the socket is closed or shut down. `byteOffset` and
   * `byteLength` count bytes of the encoded data (strings are UTF-8).
   */
  write(data: string | ArrayBufferView | ArrayBufferLike, byteOffset?: number, byteLength?: number): number
  /** Per-socket user data; starts as the `data` option. */
  data: Data
  /**
   * Writes `data` if given, then closes the socket gracefully (FIN). The
   * `close` handler runs before this returns. Returns the bytes written,
   * or -1 if the socket was already closed.
   */
  end(data?: string | ArrayBufferView | ArrayBufferLike, byteOffset?: number, byteLength?: number): number
  /** Same as `end()` without data. */
  close(): void
  /** Keeps the process alive while this socket is open (the default). */
  ref(): void
  /** Lets the process exit even though this socket is open. */
  unref(): void
  /**
   * Calls the `timeout` handler after `seconds` without reads or writes;
   * `0` disables it.
   */
  timeout(seconds: number): void
  /** Closes at once with a TCP reset (RST). */
  terminate(): void
  /** `shutdown(2)`: no argument sends FIN (write side); `true` stops reading. */
  shutdown(halfClose?: boolean): void
  /** 1 open, -1 closed (detached). */
  readonly readyState: -2 | -1 | 0 | 1 | 2
  /** Writes are never buffered, so this does nothing. */
  flush(): void
  /** Stops reading (real inbound backpressure) until `resume()`. */
  pause(): void
  resume(): void
  /** `TCP_NODELAY`; returns false on Unix sockets or after close. */
  setNoDelay(noDelay?: boolean): boolean
  /** `SO_KEEPALIVE`, `initialDelay` in milliseconds. */
  setKeepAlive(enable?: boolean, initialDelay?: number): boolean
  /**
   * Replaces the handlers. For a socket accepted by a listener this
   * replaces the handlers of all of that listener's sockets.
   */
  reload(options: Pick<SocketOptions<Data>, 'socket'>): void
  /** The listener that accepted this socket; undefined for clients. */
  readonly listener?: SocketListener
  readonly remoteFamily: 'IPv4' | 'IPv6'
  readonly remoteAddress: string
  readonly remotePort: number
  readonly localFamily: 'IPv4' | 'IPv6'
  readonly localAddress: string
  readonly localPort: number
  /** Bytes written so far. */
  readonly bytesWritten: number
  /** The file descriptor, -1 once closed. */
  readonly fd: number
  /** Always false on plain TCP/Unix sockets. */
  readonly authorized: boolean
  /** Always null on plain TCP/Unix sockets. */
  readonly alpnProtocol: string | false | null
}

export interface SocketListener<Data = undefined> extends Disposable {
  /** Stops accepting; with `true` also closes every accepted socket. */
  stop(closeActiveConnections?: boolean): void
  ref(): void
  unref(): void
  /** Replaces the handlers of every socket of this listener, current and future. */
  reload(options: Pick<SocketOptions<Data>, 'socket'>): void
  data: Data
}

export interface TCPSocketListener<Data = unknown> extends SocketListener<Data> {
  readonly port: number
  readonly hostname: string
  /** The listening socket's file descriptor. */
  readonly fd: number
  /** Fills `out` with the bound `family`, `address` and `port`. */
  getsockname(out: { family?: string; address?: string; port?: number }): void
}

export interface UnixSocketListener<Data> extends SocketListener<Data> {
  readonly unix: string
}

export interface SocketHandler<Data = unknown, DataBinaryType extends BinaryType = 'buffer'> {
  open?(socket: Socket<Data>): void | Promise<void>
  close?(socket: Socket<Data>, error?: Error): void | Promise<void>
  /** Called when a handler throws. */
  error?(socket: Socket<Data>, error: Error): void | Promise<void>
  data?(socket: Socket<Data>, data: BinaryTypeList[DataBinaryType]): void | Promise<void>
  drain?(socket: Socket<Data>): void | Promise<void>
  handshake?(socket: Socket<Data>, success: boolean, authorizationError: Error | null): void
  /** The peer sent FIN. */
  end?(socket: Socket<Data>): void | Promise<void>
  /** `Bun.connect` failed; its promise rejects after this returns. */
  connectError?(socket: Socket<Data>, error: Error): void | Promise<void>
  timeout?(socket: Socket<Data>): void | Promise<void>
  /** @default "buffer" */
  binaryType?: BinaryType
}

export interface SocketOptions<Data = unknown> {
  socket: SocketHandler<Data>
  data?: Data
  /** @default false */
  allowHalfOpen?: boolean
}

export interface TCPSocketListenOptions<Data = undefined> extends SocketOptions<Data> {
  hostname: string
  port: number
  /** Do not set `SO_REUSEADDR`. @default false */
  exclusive?: boolean
  /** `SO_REUSEPORT`. @default false */
  reusePort?: boolean
  /** `IPV6_V6ONLY`. @default false */
  ipv6Only?: boolean
  /** @default 511 */
  backlog?: number
}

export interface TCPSocketConnectOptions<Data = undefined> extends SocketOptions<Data> {
  hostname: string
  port: number
}

export interface UnixSocketOptions<Data = undefined> extends SocketOptions<Data> {
  /** A socket path, or a Linux abstract name starting with "\0". */
  unix: string
}

export function connect<Data = undefined>(options: TCPSocketConnectOptions<Data>): Promise<Socket<Data>>
export function connect<Data = undefined>(options: UnixSocketOptions<Data>): Promise<Socket<Data>>

export function listen<Data = undefined>(options: TCPSocketListenOptions<Data>): TCPSocketListener<Data>
export function listen<Data = undefined>(options: UnixSocketOptions<Data>): UnixSocketListener<Data>
