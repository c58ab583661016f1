// Type definitions for bun-sockets: Bun's socket API for Node.js.
// Shaped like bun-types (Bun 1.4.4), so code typed against `Bun.listen` /
// `Bun.connect` type-checks unchanged against this package.

/// <reference types="node" />

export interface BinaryTypeList {
  arraybuffer: ArrayBuffer
  buffer: Buffer
  uint8array: Uint8Array<ArrayBuffer>
}
export type BinaryType = keyof BinaryTypeList

/** Bytes in any of the forms `write()` and the TLS options take. */
export type BufferSource = NodeJS.TypedArray | DataView | ArrayBufferLike

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
  reload<DataBinaryType extends BinaryType = 'buffer'>(options: { socket: SocketHandler<Data, DataBinaryType> }): void
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
  // ---- TLS (on a plain socket: false, null or undefined, as in Bun) ----
  /** The peer's certificate was verified (false before the handshake). */
  readonly authorized: boolean
  /** The negotiated ALPN protocol; false when none. */
  readonly alpnProtocol: string | false | null
  /** Why the peer is not authorized (`code` such as `CERT_HAS_EXPIRED`), or null. */
  getAuthorizationError(): Error | null
  // The TLS getters' result types are bun-types', so that code typed
  // against Bun compiles unchanged; the comments say what a plain or
  // closed socket returns instead (as Bun does).
  /**
   * Node's `PeerCertificate` shape (`issuerCertificate` absent; `true`:
   * without `raw`). Null on a plain socket or without a peer certificate.
   */
  getPeerCertificate(abbreviated?: boolean): import('node:tls').PeerCertificate
  /** This side's certificate; undefined on a plain socket, null without one. */
  getCertificate(): import('node:tls').PeerCertificate | object | null
  /**
   * The peer's certificate as an `X509Certificate`; undefined without one.
   * TLS sockets only (as in Bun, a TCP socket has no such method).
   */
  getPeerX509Certificate(): import('node:crypto').X509Certificate
  /** This side's certificate; TLS sockets only. */
  getX509Certificate(): import('node:crypto').X509Certificate | undefined
  /** "TLSv1.2" or "TLSv1.3"; null on a plain or closed socket. */
  getTLSVersion(): string
  /** Undefined on a plain or closed socket. */
  getCipher(): import('node:tls').CipherNameAndProtocol
  /** The SNI name; undefined on a plain socket or without one. */
  getServername(): string
  /**
   * Bun's argument checks; no effect, the name a client sends is fixed
   * when it connects ("Already started." once the handshake has begun).
   */
  setServername(name: string): void
  getEphemeralKeyInfo(): import('node:tls').EphemeralKeyInfo | object | null
  /** Undefined on a plain socket, null once closed. */
  getSharedSigalgs(): string[]
  isSessionReused(): boolean
  /** An opaque handle for `setSession()` on another connection of this process. */
  getSession(): Buffer | undefined
  /** Resume that session: call in `open` of a client with a `handshake` handler. */
  setSession(session: string | BufferSource): void
  /** RFC 5705 keying material; throws before the handshake (undefined on a plain socket). */
  exportKeyingMaterial(length: number, label: string, context?: string | BufferSource): Buffer
  setMaxSendFragment(size: number): boolean
  /** Renegotiation is never offered (rustls), so this does nothing. */
  disableRenegotiation(): void
  /** Throws: rustls does not renegotiate. */
  renegotiate(): void
  /** Bun's argument checks; no effect here (rustls fixes verification per connection). */
  setVerifyMode(requestCert: boolean, rejectUnauthorized: boolean): void
  /** Undefined here (rustls does not expose them). */
  getTLSTicket(): Buffer | undefined
  getTLSFinishedMessage(): Buffer | undefined
  getTLSPeerFinishedMessage(): Buffer | undefined
  /**
   * STARTTLS: returns `[raw, tls]`, two new sockets over this connection
   * (this one is detached). `raw` keeps these handlers and writes bytes as
   * they are; `tls` speaks TLS with `socket` and `data`. Undefined (as in
   * Bun) for a socket that already speaks TLS.
   */
  upgradeTLS<NewData = undefined, DataBinaryType extends BinaryType = 'buffer'>(
    options: TLSUpgradeOptions<NewData, DataBinaryType>,
  ): [raw: Socket<Data>, tls: Socket<NewData>]
}

/** A TCP socket (the class name of `Bun.connect`'s plain sockets). */
export interface TCPSocket extends Socket {}
/** A TLS socket. */
export interface TLSSocket extends Socket {}

export interface TLSUpgradeOptions<Data, DataBinaryType extends BinaryType = 'buffer'> {
  data?: Data
  tls: TLSOptions | boolean
  socket: SocketHandler<Data, DataBinaryType>
  /** Default: true for sockets accepted by a listener. */
  isServer?: boolean
}

export interface SocketListener<Data = undefined> extends Disposable {
  /** Stops accepting; with `true` also closes every accepted socket. */
  stop(closeActiveConnections?: boolean): void
  ref(): void
  unref(): void
  /** Replaces the handlers of every socket of this listener, current and future. */
  reload<DataBinaryType extends BinaryType = 'buffer'>(options: { socket: SocketHandler<Data, DataBinaryType> }): void
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
  /** A TLS server gave this client a session to resume (Bun, undocumented). */
  session?(socket: Socket<Data>, session: Buffer): void
  /** The peer sent FIN. */
  end?(socket: Socket<Data>): void | Promise<void>
  /** `Bun.connect` failed; its promise rejects after this returns. */
  connectError?(socket: Socket<Data>, error: Error): void | Promise<void>
  timeout?(socket: Socket<Data>): void | Promise<void>
  /**
   * How `data` gets its bytes. @default "buffer". Any name is accepted here,
   * as in bun-types; to type `data` accordingly, give it as the handler's
   * (or `listen`/`connect`'s) second type argument.
   */
  binaryType?: BinaryType
}

export interface SocketOptions<Data = unknown, DataBinaryType extends BinaryType = 'buffer'> {
  socket: SocketHandler<Data, DataBinaryType>
  data?: Data
  /** @default false */
  allowHalfOpen?: boolean
  /** Plain (not TLS) sockets start paused: `open` runs, data waits for
   * `resume()` (Bun reads this though bun-types does not declare it). */
  pauseOnConnect?: boolean
}

/** A PEM/DER source: text, bytes, a `file()` (Bun.file), or a list of them. */
export type TLSSource = string | ArrayBufferView | ArrayBufferLike | BunFile
export interface TLSOptions {
  key?: TLSSource | TLSSource[] | null
  cert?: TLSSource | TLSSource[] | null
  /** Trusted CAs; without it, the Mozilla roots plus NODE_EXTRA_CA_CERTS. */
  ca?: TLSSource | TLSSource[] | null
  /** Certificate revocation lists (PEM or DER) for the peer's certificate. */
  crl?: TLSSource | TLSSource[] | null
  /** Paths read at listen/connect, in addition to `key`, `cert` and `ca`
   * (Bun reads these though bun-types does not declare them). */
  keyFile?: string
  certFile?: string
  caFile?: string
  /** Checked to exist, as in Bun; unused (rustls has no DHE suites). */
  dhParamsFile?: string
  /** For an encrypted private key. */
  passphrase?: string
  /** The name to verify and send (SNI); default: the host connected to. */
  serverName?: string
  servername?: string
  /** @default true */
  rejectUnauthorized?: boolean
  /** A server asks for a client certificate (mTLS). */
  requestCert?: boolean
  /** Wire format: length-prefixed names, e.g. "\x02h2\x08http/1.1". */
  ALPNProtocols?: string | ArrayBufferView | ArrayBufferLike | null
  /** OpenSSL cipher list (TLS 1.2 suites; TLS 1.3 keeps its defaults). */
  ciphers?: string
  /** 0x0303 (TLS 1.2) or 0x0304 (TLS 1.3). */
  minVersion?: number
  maxVersion?: number
  secureOptions?: number
  /** Accepted; rustls needs no low-memory mode. */
  lowMemoryMode?: boolean
  /** Accepted; there is no renegotiation to limit (rustls). */
  clientRenegotiationLimit?: number
  clientRenegotiationWindow?: number
}

export interface TLSSocketOptions<Data = unknown, DataBinaryType extends BinaryType = 'buffer'>
  extends SocketOptions<Data, DataBinaryType> {
  /** `true`: TLS with defaults. An object that sets nothing means plain TCP, as in Bun. */
  tls?: boolean | TLSOptions | null
}

export interface TCPSocketListenOptions<Data = undefined, DataBinaryType extends BinaryType = 'buffer'>
  extends TLSSocketOptions<Data, DataBinaryType> {
  /** Required, as in Bun (without it, or `unix`, listen throws). */
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

export interface TCPSocketConnectOptions<Data = undefined, DataBinaryType extends BinaryType = 'buffer'>
  extends TLSSocketOptions<Data, DataBinaryType> {
  hostname: string
  port: number
  /** An IP to connect from (other values are ignored, as in Bun, which
   * reads this though bun-types does not declare it). */
  localAddress?: string
  /** Declared by bun-types; a client ignores them. */
  exclusive?: boolean
  reusePort?: boolean
  ipv6Only?: boolean
}

export interface UnixSocketOptions<Data = undefined, DataBinaryType extends BinaryType = 'buffer'>
  extends TLSSocketOptions<Data, DataBinaryType> {
  /** A socket path, or a Linux abstract name starting with "\0". */
  unix: string
}

/** bun-types' options for an existing descriptor: refused here (`ERR_NOT_IMPLEMENTED`). */
export interface FdSocketOptions<Data = undefined, DataBinaryType extends BinaryType = 'buffer'>
  extends TLSSocketOptions<Data, DataBinaryType> {
  fd: number
}

/** An address as `udp.Socket`'s `address` and `remoteAddress` report it. */
export interface SocketAddress {
  address: string
  port: number
  family: 'IPv4' | 'IPv6'
}

export function connect<Data = undefined, DataBinaryType extends BinaryType = 'buffer'>(
  options: TCPSocketConnectOptions<Data, DataBinaryType>,
): Promise<Socket<Data>>
export function connect<Data = undefined, DataBinaryType extends BinaryType = 'buffer'>(
  options: UnixSocketOptions<Data, DataBinaryType>,
): Promise<Socket<Data>>

export function listen<Data = undefined, DataBinaryType extends BinaryType = 'buffer'>(
  options: TCPSocketListenOptions<Data, DataBinaryType>,
): TCPSocketListener<Data>
export function listen<Data = undefined, DataBinaryType extends BinaryType = 'buffer'>(
  options: UnixSocketOptions<Data, DataBinaryType>,
): UnixSocketListener<Data>

// ---- Bun.udpSocket ----------------------------------------------------------

export namespace udp {
  type Data = string | ArrayBufferView | ArrayBufferLike
  /** Metadata of one received datagram. */
  interface ReceiveFlags {
    /** The datagram was larger than the receive room and was cut (MSG_TRUNC). */
    truncated: boolean
    /** The sender's address is IPv6. */
    ipv6: boolean
  }
  interface SocketHandler<DataBinaryType extends BinaryType = 'buffer'> {
    data?(
      socket: Socket<DataBinaryType>,
      data: BinaryTypeList[DataBinaryType],
      port: number,
      address: string,
      flags: ReceiveFlags,
    ): void | Promise<void>
    drain?(socket: Socket<DataBinaryType>): void | Promise<void>
    /**
     * Called with the error alone, `this` being the socket: that is what
     * Bun 1.4.4 does (bun-types declares `(socket, error)`).
     */
    error?(this: Socket<DataBinaryType>, error: Error): void | Promise<void>
  }
  interface ConnectedSocketHandler<DataBinaryType extends BinaryType = 'buffer'> {
    data?(
      socket: ConnectedSocket<DataBinaryType>,
      data: BinaryTypeList[DataBinaryType],
      port: number,
      address: string,
      flags: ReceiveFlags,
    ): void | Promise<void>
    drain?(socket: ConnectedSocket<DataBinaryType>): void | Promise<void>
    /** As {@link SocketHandler.error}. */
    error?(this: ConnectedSocket<DataBinaryType>, error: Error): void | Promise<void>
  }
  interface SocketOptions<DataBinaryType extends BinaryType = 'buffer'> {
    /** @default "0.0.0.0" */
    hostname?: string
    /** 0 or absent: a free port. */
    port?: number
    /** Read only along with `socket`. */
    binaryType?: DataBinaryType
    socket?: SocketHandler<DataBinaryType>
    /** Absent: tells the overloads apart before inline handlers are typed. */
    connect?: undefined
  }
  interface ConnectSocketOptions<DataBinaryType extends BinaryType = 'buffer'> {
    hostname?: string
    port?: number
    binaryType?: DataBinaryType
    socket?: ConnectedSocketHandler<DataBinaryType>
    /** `send(data)` goes to this peer; datagrams from others are not delivered. */
    connect: { hostname: string; port: number }
  }
  type SocketAddress = import('./index').SocketAddress
  interface BaseUDPSocket extends Disposable {
    readonly hostname: string
    readonly port: number
    readonly address: SocketAddress
    readonly binaryType: BinaryType
    readonly closed: boolean
    readonly fd: number
    /** Returns its argument, as Bun does. */
    setBroadcast<T = boolean>(enabled: T): T
    /** Returns its argument, as Bun does. */
    setMulticastLoopback<T = boolean>(enabled: T): T
    /** 1..255; returns the value set. */
    setTTL(ttl: number): number
    setMulticastTTL(ttl: number): number
    /** `false` when the address does not parse. */
    setMulticastInterface(interfaceAddress: string): boolean
    addMembership(multicastAddress: string, interfaceAddress?: string): boolean
    dropMembership(multicastAddress: string, interfaceAddress?: string): boolean
    addSourceSpecificMembership(sourceAddress: string, groupAddress: string, interfaceAddress?: string): boolean
    dropSourceSpecificMembership(sourceAddress: string, groupAddress: string, interfaceAddress?: string): boolean
    ref(): void
    unref(): void
    close(): void
  }
  interface Socket<DataBinaryType extends BinaryType = 'buffer'> extends BaseUDPSocket {
    readonly binaryType: DataBinaryType
    /** `true` sent; `false` the kernel queue is full (`drain` follows). Destinations are numeric IPs. */
    send(data: Data, port: number, address: string): boolean
    /** `[data, port, address, ...]`; returns how many were sent (throws if the first is refused, e.g. EMSGSIZE). */
    sendMany(packets: readonly (Data | string | number)[]): number
    /** Takes options with new handlers, as Bun does at run time (bun-types says the handlers alone). */
    reload(options: Pick<SocketOptions<DataBinaryType>, 'socket' | 'binaryType' | 'hostname'>): void
  }
  interface ConnectedSocket<DataBinaryType extends BinaryType = 'buffer'> extends BaseUDPSocket {
    readonly binaryType: DataBinaryType
    readonly remoteAddress: SocketAddress
    /** `true` sent; `false` the kernel queue is full (`drain` follows). */
    send(data: Data): boolean
    /** `[data, ...]`; returns how many were sent (throws if the first is refused, e.g. EMSGSIZE). */
    sendMany(packets: readonly Data[]): number
    /** As {@link Socket.reload}. */
    reload(options: Pick<ConnectSocketOptions<DataBinaryType>, 'socket' | 'binaryType' | 'hostname'>): void
  }
}

/** `Bun.udpSocket`: resolves at once; errors are thrown synchronously. */
export function udpSocket<DataBinaryType extends BinaryType = 'buffer'>(
  options: udp.SocketOptions<DataBinaryType>,
): Promise<udp.Socket<DataBinaryType>>
export function udpSocket<DataBinaryType extends BinaryType = 'buffer'>(
  options: udp.ConnectSocketOptions<DataBinaryType>,
): Promise<udp.ConnectedSocket<DataBinaryType>>

// ---- Bun.file -------------------------------------------------------------

/** Options for `file()`; like bun-types' `BlobPropertyBag`. */
export interface BlobPropertyBag {
  /** MIME type; overrides the one taken from the file extension. */
  type?: string
  /** Accepted for compatibility; ignored, as in Bun. */
  endings?: 'transparent' | 'native'
}

/**
 * A lazy `Blob` for a file: nothing is read until a property or method
 * needs it, and reads fail with Bun's errors (`ENOENT` from `open`, ...).
 *
 * - `size` and `lastModified` stat the file on first use and keep the
 *   result (`size` is 0 for a missing file).
 * - `type` is set from the file extension when possible.
 */
export interface BunFile extends Blob {
  /**
   * Offset any operation on the file starting at `begin` and ending at
   * `end` (both may be negative: from the end). Does not open, copy or
   * modify the file.
   *
   * @param begin - start offset in bytes
   * @param end - absolute offset in bytes (relative to 0)
   * @param contentType - MIME type for the new BunFile
   */
  slice(begin?: number, end?: number, contentType?: string): BunFile
  /**
   * Offset any operation on the file starting at `begin`.
   *
   * @param begin - start offset in bytes
   * @param contentType - MIME type for the new BunFile
   */
  slice(begin?: number, contentType?: string): BunFile
  /**
   * The whole file, optionally with a new MIME type.
   *
   * @param contentType - MIME type for the new BunFile
   */
  slice(contentType?: string): BunFile

  /** The file's contents, as an ArrayBuffer. */
  arrayBuffer(): Promise<ArrayBuffer>
  /** The file's contents, as a Uint8Array. */
  bytes(): Promise<Uint8Array<ArrayBuffer>>
  /** The file's contents, decoded as UTF-8 (or UTF-16LE after its byte-order mark). */
  text(): Promise<string>
  /** The file's contents, parsed as JSON. */
  json(): Promise<any>
  /** A stream of the file's contents; the file is opened on the first read. */
  stream(): ReadableStream<Uint8Array<ArrayBuffer>>

  /**
   * A UNIX timestamp in milliseconds indicating when the file was last
   * modified (2 ** 52 - 1 while the file cannot be stat'ed).
   */
  lastModified: number
  /**
   * The name or path of the file, as specified in the constructor
   * (`undefined` for a file descriptor).
   */
  readonly name?: string

  /**
   * Does the file exist?
   *
   * True for regular files and FIFOs; false for directories, devices and
   * missing files. Never rejects.
   */
  exists(): Promise<boolean>
}

/**
 * A lazy `Blob` for the file at `path` (`Bun.file(path)`). Nothing is read
 * until it is used; errors come as promise rejections.
 *
 * @example
 * ```js
 * const hello = file("./hello.json");
 * console.log(hello.type); // "application/json;charset=utf-8"
 * console.log(await hello.json()); // { hello: "world" }
 * ```
 *
 * @param path The path to the file (lazily loaded), or a `file:` URL
 */
export function file(path: string | URL, options?: BlobPropertyBag): BunFile
/**
 * A lazy `Blob` for the file whose path is these bytes (copied), for paths
 * that are not valid UTF-8.
 *
 * @param path The path to the file as a byte buffer (the buffer is copied)
 */
export function file(path: ArrayBufferLike | Uint8Array | DataView, options?: BlobPropertyBag): BunFile
/**
 * A lazy `Blob` for an open file descriptor. Reading it whole reads from
 * the descriptor's current position; it is never closed.
 *
 * @param fileDescriptor An open file descriptor
 */
export function file(fileDescriptor: number, options?: BlobPropertyBag): BunFile
