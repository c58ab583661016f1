//! The Node-API surface: a few small classes the JS layer (`js/`) drives.
//! No socket logic lives here; every method converts arguments, calls the
//! core and converts the result. Every entry point catches panics, so a
//! bug becomes a JS exception rather than an abort of the user's process.
//!
//! Failures of socket operations are returned as values (negative errno,
//! or an [`OsErrorInfo`]) and turned into proper `Error`s by
//! `js/errors.js`, which knows Node's error names and Bun's messages.

use std::{
  net::{IpAddr, Shutdown, SocketAddr},
  sync::Arc,
  time::Duration,
};

use napi::{
  bindgen_prelude::{Buffer, BufferSlice, Either, Function, Object},
  sys, Env, JsValue, Result,
};
use napi_derive::napi;

use crate::{
  conn::WriteOutcome,
  connect,
  errors::OsError,
  listener::{self, ListenerCore},
  open_sockets::{self, OpenSocket},
  options::{normalise_backlog, TcpListenOptions, TlsOptions},
  pump::{self, Pump},
  sockopt,
  tls::{
    config::{self as tls_config, ClientTemplate, ConfigError, ServerTemplate},
    session::TlsSession,
  },
  udp::{self, UdpCore},
};

/// A UDP socket, owned by one JS `UDPSocket`.
#[napi]
pub struct NativeUdp {
  core: Option<Arc<UdpCore>>,
  id: u32,
}

#[napi]
impl NativeUdp {
  #[napi(getter, catch_unwind)]
  pub fn id(&self) -> u32 {
    self.id
  }

  #[napi(getter, catch_unwind)]
  pub fn fd(&self) -> i32 {
    self.core.as_ref().map_or(-1, |c| c.raw_fd())
  }

  #[napi(catch_unwind)]
  pub fn address(&self) -> Option<EndpointInfo> {
    self.core.as_ref()?.local_addr().map(Into::into)
  }

  #[napi(catch_unwind)]
  pub fn remote_address(&self) -> Option<EndpointInfo> {
    self.core.as_ref()?.peer_addr().map(Into::into)
  }

  /// Sets a socket option (`udp::option`): 1 applied, 0 an address that
  /// does not parse (`setMulticastInterface` answers false), 2-4 addresses
  /// of different families (which ones: `udp::FamilyMismatch`), or a
  /// negative errno.
  #[napi(catch_unwind)]
  pub fn set_option(
    &self,
    which: u32,
    number: i32,
    first: Option<String>,
    second: Option<String>,
    third: Option<String>,
  ) -> i64 {
    let Some(core) = &self.core else { return CLOSED };
    match core.set_option(
      which,
      number,
      first.as_deref(),
      second.as_deref(),
      third.as_deref(),
    ) {
      Ok(udp::OptionOutcome::Applied) => 1,
      Ok(udp::OptionOutcome::Unparsable) => 0,
      // 2, 3, 4: see js/udp.js FAMILY_MISMATCH.
      Ok(udp::OptionOutcome::Mismatch(which)) => 1 + which as i64,
      Err(e) => -(e.code_word as i64),
    }
  }

  /// Closes the socket. Idempotent.
  #[napi(catch_unwind)]
  pub fn close(&mut self) {
    if let Some(core) = self.core.take() {
      open_sockets::remove(core.id);
      core.close();
    }
  }
}

impl Drop for NativeUdp {
  /// Collected without `close()` (the JS layer always closes; a stray
  /// object must not keep its socket reachable).
  fn drop(&mut self) {
    if let Some(core) = &self.core {
      open_sockets::remove(core.id);
    }
  }
}

/// A failed socket operation, for `js/errors.js`.
#[napi(object)]
pub struct OsErrorInfo {
  /// Error word: an errno, or a flagged getaddrinfo code (see errors.rs).
  pub code: u32,
  pub syscall: String,
  /// Set instead for a rejected TLS option: the error's `code`.
  pub tls_code: Option<String>,
  pub message: Option<String>,
}

impl From<OsError> for OsErrorInfo {
  fn from(e: OsError) -> Self {
    OsErrorInfo {
      code: e.code_word,
      syscall: e.syscall.to_owned(),
      tls_code: None,
      message: None,
    }
  }
}

impl From<ConfigError> for OsErrorInfo {
  fn from(e: ConfigError) -> Self {
    OsErrorInfo {
      code: 0,
      syscall: String::new(),
      tls_code: Some(e.code.to_owned()),
      message: Some(e.message),
    }
  }
}

fn server_template(tls: Option<TlsOptions>) -> std::result::Result<Option<Arc<ServerTemplate>>, OsErrorInfo> {
  match tls {
    None => Ok(None),
    Some(options) => Ok(Some(Arc::new(ServerTemplate::new(&options.into_params())?))),
  }
}

/// Client TLS options, parsed once and shared by every connection made
/// with them (the JS layer caches it per options object).
#[napi]
pub struct NativeClientTls {
  template: Arc<ClientTemplate>,
}

/// Parses client TLS options, or says why they are rejected.
#[napi(catch_unwind)]
pub fn create_client_tls(options: TlsOptions) -> Either<NativeClientTls, OsErrorInfo> {
  match ClientTemplate::new(&options.into_params()) {
    Ok(template) => Either::A(NativeClientTls {
      template: Arc::new(template),
    }),
    Err(e) => Either::B(e.into()),
  }
}

/// A connection's TLS from the shared client options; `hold`: start the
/// handshake when JS says (`start_client_tls`).
fn client_tls(
  tls: Option<&NativeClientTls>,
  server_name: &str,
  hold: Option<bool>,
) -> std::result::Result<Option<connect::ClientTls>, OsErrorInfo> {
  let Some(tls) = tls else { return Ok(None) };
  Ok(Some(connect::ClientTls {
    setup: tls.template.setup(server_name)?,
    hold: hold == Some(true),
  }))
}

/// One IP endpoint of a socket.
#[napi(object)]
pub struct EndpointInfo {
  /// As Bun shows it: IPv4-mapped IPv6 peers stay in their `::ffff:` form.
  pub address: String,
  pub port: u32,
  /// "IPv4" or "IPv6".
  pub family: String,
}

impl From<SocketAddr> for EndpointInfo {
  fn from(addr: SocketAddr) -> Self {
    EndpointInfo {
      address: addr.ip().to_string(),
      port: addr.port() as u32,
      family: if addr.is_ipv6() { "IPv6" } else { "IPv4" }.into(),
    }
  }
}

/// The event pump of one JS environment.
#[napi]
pub struct NativePump {
  pump: Arc<Pump>,
  tsfn: RawTsfnHandle,
}

/// The pump's threadsafe function, only used on its environment's thread.
struct RawTsfnHandle(sys::napi_threadsafe_function);

/// Creates the calling environment's pump. `dispatch(records, bytes)`
/// receives every batch of events (see `pump.rs`); `schedule()` must call
/// the pump's `drain()` in a later turn of the event loop; `resource` is
/// what `async_hooks` (and tools built on it) see for the pump.
#[napi(catch_unwind)]
pub fn create_pump(
  env: Env,
  dispatch: Function<'_>,
  schedule: Function<'_>,
  resource: Option<Object<'_>>,
) -> Result<NativePump> {
  let resource = resource.map_or(std::ptr::null_mut(), |r| r.raw());
  // SAFETY: `env`, `dispatch`, `schedule` and `resource` are live handles
  // of this call.
  let (pump, tsfn) = unsafe { Pump::create(env.raw(), dispatch.raw(), schedule.raw(), resource)? };
  let for_teardown = pump.clone();
  env.add_env_cleanup_hook(for_teardown, |p| p.teardown())?;
  Ok(NativePump {
    pump,
    tsfn: RawTsfnHandle(tsfn),
  })
}

#[napi]
impl NativePump {
  /// Keeps the event loop alive (true) or not (false). JS calls it when its
  /// count of ref'd sockets and listeners moves between 0 and 1.
  #[napi(catch_unwind)]
  pub fn set_ref(&self, env: Env, keep_alive: bool) -> Result<()> {
    if self.pump.is_torn_down() {
      return Ok(());
    }
    // SAFETY: this method runs on the environment's JS thread, before its
    // teardown (checked above), and the function belongs to it.
    unsafe { pump::set_ref(env.raw(), self.tsfn.0, keep_alive) }
  }

  #[napi(catch_unwind)]
  pub fn listen_tcp(
    &self,
    options: TcpListenOptions,
    tls: Option<TlsOptions>,
  ) -> Either<NativeListener, OsErrorInfo> {
    let tls = match server_template(tls) {
      Ok(tls) => tls,
      Err(e) => return Either::B(e),
    };
    match listener::listen_tcp(&self.pump, &options.into_config(), tls) {
      Ok(core) => Either::A(NativeListener::new(core)),
      Err(e) => Either::B(e.into()),
    }
  }

  #[napi(catch_unwind)]
  pub fn listen_unix(
    &self,
    path: String,
    backlog: Option<i32>,
    tls: Option<TlsOptions>,
  ) -> Either<NativeListener, OsErrorInfo> {
    let tls = match server_template(tls) {
      Ok(tls) => tls,
      Err(e) => return Either::B(e),
    };
    match listener::listen_unix(&self.pump, &path, normalise_backlog(backlog), tls) {
      Ok(core) => Either::A(NativeListener::new(core)),
      Err(e) => Either::B(e.into()),
    }
  }

  /// Starts a TCP connection; returns the request id its events carry.
  /// With `tls`, the handshake verifies `server_name`.
  #[napi(catch_unwind)]
  pub fn connect_tcp(
    &self,
    host: String,
    port: u32,
    tls: Option<&NativeClientTls>,
    server_name: Option<String>,
    hold_tls: Option<bool>,
    local_address: Option<String>,
  ) -> Either<u32, OsErrorInfo> {
    let name = server_name.as_deref().unwrap_or(&host);
    // Bun binds the `localAddress` option (undeclared in bun-types) when it
    // is an IP; anything else is ignored, as there.
    let local = local_address.as_deref().and_then(|a| a.parse::<IpAddr>().ok());
    let tls = match client_tls(tls, name, hold_tls) {
      Ok(tls) => tls,
      Err(e) => return Either::B(e),
    };
    let request = self.pump.next_id();
    connect::connect_tcp(
      self.pump.clone(),
      request,
      host,
      port.min(u16::MAX as u32) as u16,
      local,
      tls,
    );
    Either::A(request)
  }

  /// Starts a Unix-domain connection; returns the request id.
  #[napi(catch_unwind)]
  pub fn connect_unix(
    &self,
    path: String,
    tls: Option<&NativeClientTls>,
    server_name: Option<String>,
    hold_tls: Option<bool>,
  ) -> Either<u32, OsErrorInfo> {
    let name = server_name.as_deref().unwrap_or("localhost");
    let tls = match client_tls(tls, name, hold_tls) {
      Ok(tls) => tls,
      Err(e) => return Either::B(e),
    };
    let request = self.pump.next_id();
    if let Err(e) = connect::connect_unix(self.pump.clone(), request, &path, tls) {
      return Either::B(e.into());
    }
    Either::A(request)
  }

  /// Binds a UDP socket (and connects it, with `connect_host`).
  #[napi(catch_unwind)]
  pub fn udp_bind(
    &self,
    hostname: String,
    port: u32,
    connect_host: Option<String>,
    connect_port: Option<u32>,
  ) -> Either<NativeUdp, OsErrorInfo> {
    let connect = connect_host.map(|h| (h, connect_port.unwrap_or(0).min(u16::MAX as u32) as u16));
    match udp::bind(&self.pump, &hostname, port.min(u16::MAX as u32) as u16, connect) {
      Ok(core) => {
        open_sockets::add(core.id, OpenSocket::Udp(core.clone()));
        Either::A(NativeUdp {
          id: core.id,
          core: Some(core),
        })
      }
      Err(e) => Either::B(e.into()),
    }
  }

  /// Delivers the events that arrived during the last delivery (called by
  /// the `schedule` function given at creation).
  #[napi(catch_unwind)]
  pub fn drain(&self, env: Env) {
    if self.pump.is_torn_down() {
      return;
    }
    // SAFETY: this method runs on the environment's JS thread, before its
    // teardown (checked above).
    unsafe { self.pump.drain(env.raw()) }
  }

  /// JS finished delivering a batch that `dispatch` left unfinished.
  #[napi(catch_unwind)]
  pub fn batch_done(&self) {
    self.pump.batch_done();
  }

  /// Takes the socket announced by an `ACCEPT` or `CONNECT` event: from
  /// now on JS reaches it by its id. False if it is gone.
  #[napi(catch_unwind)]
  pub fn claim(&self, id: u32) -> bool {
    match self.pump.claim(id) {
      Some(conn) => {
        open_sockets::add(conn.id, OpenSocket::Stream(conn));
        true
      }
      None => false,
    }
  }
}

#[napi]
pub struct NativeListener {
  core: Option<Arc<ListenerCore>>,
  id: u32,
}

impl NativeListener {
  fn new(core: Arc<ListenerCore>) -> Self {
    NativeListener {
      id: core.id,
      core: Some(core),
    }
  }
}

#[napi]
impl NativeListener {
  #[napi(getter, catch_unwind)]
  pub fn id(&self) -> u32 {
    self.id
  }

  /// The bound address (TCP); `null` for Unix listeners or after close.
  #[napi(catch_unwind)]
  pub fn address(&self) -> Option<EndpointInfo> {
    self.core.as_ref()?.local_addr().map(Into::into)
  }

  /// The listening socket's file descriptor, -1 once closed.
  #[napi(getter, catch_unwind)]
  pub fn fd(&self) -> i32 {
    self.core.as_ref().map_or(-1, |c| c.raw_fd())
  }

  /// Stops accepting. Idempotent.
  #[napi(catch_unwind)]
  pub fn close(&mut self) {
    if let Some(core) = self.core.take() {
      core.close();
    }
  }
}

/// Returned by socket calls made after `close`: EBADF, like a closed fd.
pub(crate) const CLOSED: i64 = -(libc::EBADF as i64);

// A connected socket is its id: JS passes it to the functions below, which
// find the socket in this thread's table (`open_sockets`). A class
// instance per socket cost a wrapped object, a type tag, a weak
// reference and its finalizer (about 0.4 KiB and a few microseconds per
// connection, noticeable with many idle sockets and under churn).

/// `shutdown(2)`: 0 read, 1 write, 2 both. Returns 0 or a negative errno.
#[napi(catch_unwind)]
pub fn socket_shutdown(id: u32, how: u32) -> i64 {
  let Some(conn) = open_sockets::stream(id) else {
    return CLOSED;
  };
  let how = match how {
    0 => Shutdown::Read,
    1 => Shutdown::Write,
    _ => Shutdown::Both,
  };
  match conn.shutdown(how) {
    Ok(()) => 0,
    Err(e) => -(e.code_word as i64),
  }
}

/// Queues an `END` (5) or `HANGUP` (8) event for this socket: JS acts
/// "on the next loop turn" through it, in order with the network's events.
#[napi(catch_unwind)]
pub fn socket_queue_event(id: u32, kind: u32) {
  if let Some(conn) = open_sockets::stream(id) {
    conn.queue_event(kind);
  }
}

/// Whether a short write still waits for its `drain`.
#[napi(catch_unwind)]
pub fn socket_awaits_drain(id: u32) -> bool {
  open_sockets::stream(id).is_some_and(|conn| conn.awaits_drain())
}

#[napi(catch_unwind)]
pub fn socket_pause(id: u32) {
  if let Some(conn) = open_sockets::stream(id) {
    conn.pause();
  }
}

#[napi(catch_unwind)]
pub fn socket_resume(id: u32) {
  if let Some(conn) = open_sockets::stream(id) {
    conn.resume();
  }
}

/// Closes the socket (FIN). With `graceful`, a TLS socket sends
/// close_notify first (`end()`); `close()` does not. Idempotent.
#[napi(catch_unwind)]
pub fn socket_close(id: u32, graceful: Option<bool>) {
  if let Some(conn) = open_sockets::take_stream(id) {
    if graceful == Some(true) {
      conn.end();
    } else {
      conn.close();
    }
  }
}

/// Closes the socket with an RST. Idempotent.
#[napi(catch_unwind)]
pub fn socket_terminate(id: u32) {
  if let Some(conn) = open_sockets::take_stream(id) {
    conn.abort();
  }
}

/// `TCP_NODELAY`. Like Bun, true whenever the socket is open (Unix
/// sockets included, where the option does not apply).
#[napi(catch_unwind)]
pub fn socket_set_no_delay(id: u32, on: bool) -> bool {
  let Some(conn) = open_sockets::stream(id) else {
    return false;
  };
  let _ = sockopt::set_nodelay(conn.stream(), on);
  true
}

/// `SO_KEEPALIVE`; `initial_delay_ms` is the idle time before the first
/// probe (0 keeps the system default). True whenever the socket is open.
#[napi(catch_unwind)]
pub fn socket_set_keep_alive(id: u32, on: bool, initial_delay_ms: f64) -> bool {
  let Some(conn) = open_sockets::stream(id) else {
    return false;
  };
  let delay = (initial_delay_ms.is_finite() && initial_delay_ms >= 1000.0)
    .then(|| Duration::from_secs((initial_delay_ms / 1000.0) as u64));
  let _ = sockopt::set_keepalive(conn.stream(), on, delay);
  true
}

#[napi(catch_unwind)]
pub fn socket_type_of_service(id: u32) -> i32 {
  match open_sockets::stream(id) {
    Some(c) => sockopt::type_of_service(c.stream()).map_or_else(|e| negative_errno(&e), |tos| tos as i32),
    None => -libc::EBADF,
  }
}

/// 0, or minus the errno (Bun's return values: -9 once closed, -22 on a
/// Unix socket).
#[napi(catch_unwind)]
pub fn socket_set_type_of_service(id: u32, tos: u32) -> i32 {
  match open_sockets::stream(id) {
    Some(c) => sockopt::set_type_of_service(c.stream(), tos).map_or_else(|e| negative_errno(&e), |()| 0),
    None => -libc::EBADF,
  }
}

fn negative_errno(err: &std::io::Error) -> i32 {
  -err.raw_os_error().unwrap_or(libc::EINVAL)
}

#[napi(catch_unwind)]
pub fn socket_local_address(id: u32) -> Option<EndpointInfo> {
  open_sockets::stream(id)?.stream().local_addr().map(Into::into)
}

#[napi(catch_unwind)]
pub fn socket_remote_address(id: u32) -> Option<EndpointInfo> {
  open_sockets::stream(id)?.stream().peer_addr().map(Into::into)
}

/// The socket's file descriptor, -1 once closed.
#[napi(catch_unwind)]
pub fn socket_fd(id: u32) -> i32 {
  open_sockets::stream(id).map_or(-1, |c| c.stream().raw_fd())
}

/// What Bun's TLS methods report about a connection.
#[napi(object)]
pub struct TlsInfo {
  pub handshaking: bool,
  /// Why the peer is not authorized (`CERT_HAS_EXPIRED`...); absent when it is.
  pub authorization_error: Option<String>,
  /// Whether this side checked the peer's certificate.
  pub verifies_peer: bool,
  /// "TLSv1.2" or "TLSv1.3".
  pub protocol: Option<String>,
  pub cipher_name: Option<String>,
  pub cipher_standard_name: Option<String>,
  pub key_exchange_group: Option<String>,
  pub alpn_protocol: Option<Buffer>,
  /// The name the client asked for (servers).
  pub server_name: Option<String>,
  pub resumed: bool,
}

/// Starts TLS on this connected socket (STARTTLS). `server_name` is
/// verified (clients) unless `is_server`. Returns an error description
/// when the options are rejected or the socket already speaks TLS.
#[napi(catch_unwind)]
pub fn socket_upgrade_tls(
  id: u32,
  tls: TlsOptions,
  is_server: bool,
  server_name: String,
) -> Option<OsErrorInfo> {
  let Some(conn) = open_sockets::stream(id) else {
    return Some(OsError::errno(libc::EBADF, "upgradeTLS").into());
  };
  let params = tls.into_params();
  let session = if is_server {
    ServerTemplate::new(&params).and_then(|t| TlsSession::server(t.for_connection()))
  } else {
    tls_config::client_setup(&params, &server_name).and_then(TlsSession::client)
  };
  match session {
    Ok(session) => {
      (!conn.request_upgrade(session, true)).then(|| OsError::errno(libc::EISCONN, "upgradeTLS").into())
    }
    Err(e) => Some(e.into()),
  }
}

/// Starts the handshake of a client held until its `open` ran, resuming
/// `session` (a `getSession()` handle) when given and still known.
/// Returns false if there was nothing to start.
#[napi(catch_unwind)]
pub fn socket_start_client_tls(id: u32, session: Option<BufferSlice<'_>>) -> bool {
  let Some(conn) = open_sockets::stream(id) else {
    return false;
  };
  let Some(setup) = conn.take_held_client() else {
    return false;
  };
  if let Some(handle) = session {
    if let Some(Some((code, certificate))) = setup.context.sessions.import(&handle, &setup.server_name) {
      // Resuming skips the certificate check: report what the first
      // connection found.
      setup
        .context
        .verdict
        .record(code, &rustls::pki_types::CertificateDer::from(certificate));
    }
  }
  match TlsSession::client(setup) {
    Ok(session) => conn.request_upgrade(session, false),
    Err(_) => false,
  }
}

/// `getSession()`: a handle for `setSession()`, `null` before the server
/// gave a session (or on a plain socket).
#[napi(catch_unwind)]
pub fn socket_export_session(id: u32) -> Option<Buffer> {
  let conn = open_sockets::stream(id)?;
  let session = conn.tls_session()?;
  session.export_session().map(Buffer::from)
}

/// Hands back plain bytes read before STARTTLS took effect.
#[napi(catch_unwind)]
pub fn socket_feed_tls(id: u32, data: BufferSlice<'_>) {
  if let Some(conn) = open_sockets::stream(id) {
    conn.feed_tls(&data);
  }
}

/// Every byte read before STARTTLS was handed back: read on.
#[napi(catch_unwind)]
pub fn socket_resume_after_upgrade(id: u32) {
  if let Some(conn) = open_sockets::stream(id) {
    conn.resume_after_upgrade();
  }
}

/// Writes bytes as they are, bypassing TLS; same result as `write`.
#[napi(catch_unwind)]
pub fn socket_write_raw(id: u32, data: BufferSlice<'_>, offset: u32, length: u32) -> i64 {
  let Some(conn) = open_sockets::stream(id) else {
    return CLOSED;
  };
  match byte_range(&data, offset, length) {
    Some(bytes) => write_result(conn.write_plain(bytes)),
    None => -(libc::EINVAL as i64),
  }
}

/// The TLS state, `null` on a plain socket.
#[napi(catch_unwind)]
pub fn socket_tls_info(id: u32) -> Option<TlsInfo> {
  let conn = open_sockets::stream(id)?;
  let session = conn.tls_session()?;
  let cipher = session.cipher();
  Some(TlsInfo {
    handshaking: session.is_handshaking(),
    authorization_error: session.authorization_error().map(str::to_owned),
    verifies_peer: session.verifies_peer(),
    protocol: session.protocol_version().map(str::to_owned),
    cipher_name: cipher.map(|c| c.0.to_owned()),
    cipher_standard_name: cipher.map(|c| c.1.to_owned()),
    key_exchange_group: session.key_exchange_group().map(str::to_owned),
    alpn_protocol: session.alpn_protocol().map(Buffer::from),
    server_name: session.server_name(),
    resumed: session.is_resumed(),
  })
}

/// The peer's certificate chain (DER, leaf first); empty when none.
#[napi(catch_unwind)]
pub fn socket_peer_certificates(id: u32) -> Vec<Buffer> {
  open_sockets::stream(id)
    .and_then(|c| {
      c.tls_session()
        .map(|s| s.peer_certificates().into_iter().map(Buffer::from).collect())
    })
    .unwrap_or_default()
}

/// RFC 5705 keying material; `null` before the handshake or on a plain
/// socket.
#[napi(catch_unwind)]
pub fn socket_export_keying_material(
  id: u32,
  length: u32,
  label: String,
  context: Option<Buffer>,
) -> Option<Buffer> {
  let conn = open_sockets::stream(id)?;
  let session = conn.tls_session()?;
  session
    .export_keying_material(length as usize, label.as_bytes(), context.as_deref())
    .ok()
    .map(Buffer::from)
}

/// `data[offset .. offset + length]`, if it lies within `data`.
pub(crate) fn byte_range(data: &[u8], offset: u32, length: u32) -> Option<&[u8]> {
  let start = offset as usize;
  data.get(start..start.checked_add(length as usize)?)
}

/// A write's result for JS: bytes taken, or a negative errno.
pub(crate) fn write_result(outcome: WriteOutcome) -> i64 {
  match outcome {
    WriteOutcome::Written(n) => n as i64,
    WriteOutcome::Failed(e) => -(e.code_word as i64),
  }
}
