//! One connection's TLS state: rustls' connection plus what Bun's API
//! reports about it. `Conn` keeps it behind a mutex that the JS thread
//! (`write`) and the runtime (reads, flushes) take in turn.

use std::{
  io::{self, BufRead, IoSlice, Write},
  sync::Arc,
};

use rustls::{AlertDescription, ClientConnection, Connection, Error, PeerIncompatible, ServerConnection};

use super::{
  config::{self, ClientSetup, ServerSetup, SEND_BUFFER_LIMIT},
  verify::{with_context, ConnContext, NO_PEER_CERTIFICATE},
};

/// Longest `exportKeyingMaterial()` served (a peer-independent bound on
/// what one call may allocate).
pub const MAX_KEYING_MATERIAL: usize = 1 << 16;

pub struct TlsSession {
  conn: Connection,
  /// Where this connection's verdict and sessions are kept; every call
  /// into rustls that may verify or file a session runs inside it.
  context: Arc<ConnContext>,
  /// This side checks the peer's certificate (clients; servers with
  /// `requestCert`).
  verifies_peer: bool,
  handshake_reported: bool,
  /// The peer's close_notify arrived: its data is complete.
  peer_closed: bool,
  /// Any bytes have arrived.
  seen_input: bool,
  /// The first record was a ClientHello from a client whose highest
  /// version is below TLS 1.2 (its legacy_version field).
  old_client_hello: bool,
  /// The handshake failed on a client that offered only TLS 1.0/1.1:
  /// BoringSSL tells it with a protocol_version alert, rustls (which stops
  /// at the missing signature_algorithms extension) with
  /// handshake_failure. `flush` rewrites that one alert.
  old_version_refused: bool,
  /// Records rewritten by `flush`, still to send.
  rewritten: Vec<u8>,
}

/// What one batch of received bytes did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Received {
  /// The handshake finished with this batch (reported once).
  pub handshake_done: bool,
  /// The peer sent close_notify.
  pub peer_closed: bool,
  /// The connection failed: an OpenSSL-style code (`ERR_SSL_...`, or a
  /// certificate verdict such as `CERT_HAS_EXPIRED`).
  pub error: Option<&'static str>,
  /// Sessions the server gave with this batch (clients).
  pub new_sessions: u32,
}

impl TlsSession {
  /// A client session; its hello (with a session to resume, if
  /// `setSession()` gave one) is ready to be sent.
  pub fn client(setup: ClientSetup) -> Result<TlsSession, config::ConfigError> {
    let context = setup.context;
    let conn = with_context(&context, || {
      ClientConnection::new(setup.config, setup.server_name)
    })
    .map_err(|e| config::ConfigError {
      code: "ERR_SSL_INTERNAL_ERROR",
      message: e.to_string(),
    })?;
    Ok(TlsSession::new(conn.into(), context, true))
  }

  pub fn server(setup: ServerSetup) -> Result<TlsSession, config::ConfigError> {
    let conn = ServerConnection::new(setup.config).map_err(|e| config::ConfigError {
      code: "ERR_SSL_INTERNAL_ERROR",
      message: e.to_string(),
    })?;
    Ok(TlsSession::new(conn.into(), setup.context, setup.requests_cert))
  }

  fn new(mut conn: Connection, context: Arc<ConnContext>, verifies_peer: bool) -> TlsSession {
    conn.set_buffer_limit(Some(SEND_BUFFER_LIMIT));
    TlsSession {
      conn,
      context,
      verifies_peer,
      handshake_reported: false,
      peer_closed: false,
      seen_input: false,
      old_client_hello: false,
      old_version_refused: false,
      rewritten: Vec::new(),
    }
  }

  /// Feeds bytes read from the socket; decrypted data is appended to
  /// `plaintext`. An empty `input` means the socket reached EOF.
  pub fn receive(&mut self, input: &[u8], plaintext: &mut Vec<u8>) -> Received {
    let sessions_before = self.context.sessions.received();
    let mut result = self.receive_records(input, plaintext);
    result.new_sessions = self.context.sessions.received() - sessions_before;
    result
  }

  fn receive_records(&mut self, mut input: &[u8], plaintext: &mut Vec<u8>) -> Received {
    let mut result = Received::default();
    let eof = input.is_empty();
    if !self.seen_input && !eof {
      self.seen_input = true;
      self.old_client_hello = offers_only_old_versions(input);
      // BoringSSL names plain HTTP sent to a TLS server; rustls only sees
      // a bad record.
      if let (Connection::Server(_), Some(code)) = (&self.conn, http_request_code(input)) {
        result.error = Some(code);
        return result;
      }
    }
    // Rounds in a row in which rustls took no input: it cannot take more
    // (after close_notify it takes nothing), so the rest is dropped.
    let mut idle_rounds = 0;
    loop {
      if eof {
        let _ = self.conn.read_tls(&mut input);
      }
      // rustls takes at most 4 KiB per call: fill its buffer (up to one
      // whole record) before decrypting. An error means it is full.
      let before = input.len();
      while !input.is_empty() {
        match self.conn.read_tls(&mut input) {
          Ok(n) if n > 0 => {}
          _ => break,
        }
      }
      idle_rounds = if input.len() == before { idle_rounds + 1 } else { 0 };
      let processed = with_context(&self.context, || self.conn.process_new_packets());
      if let Err(err) = processed {
        let code = self.error_code(&err);
        self.old_version_refused =
          self.old_client_hello && matches!(self.conn, Connection::Server(_)) && code == UNSUPPORTED_PROTOCOL;
        result.error = Some(code);
        self.take_plaintext(plaintext);
        return result;
      }
      self.take_plaintext(plaintext);
      if !self.handshake_reported && !self.conn.is_handshaking() {
        self.handshake_reported = true;
        result.handshake_done = true;
      }
      // Bytes after the peer's close_notify (or that rustls will never
      // take) are not data: stop, or a peer could keep this loop spinning.
      if input.is_empty() || self.peer_closed || idle_rounds >= 2 {
        break;
      }
    }
    if self.peer_closed {
      result.peer_closed = true;
    }
    result
  }

  fn take_plaintext(&mut self, out: &mut Vec<u8>) {
    let mut reader = self.conn.reader();
    loop {
      // Straight from rustls' buffer into `out`: no zeroed staging area.
      let taken = match reader.fill_buf() {
        Ok([]) => {
          // Ok(empty) only once the peer's close_notify arrived.
          self.peer_closed = true;
          return;
        }
        Ok(chunk) => {
          out.extend_from_slice(chunk);
          chunk.len()
        }
        // WouldBlock: nothing more for now. UnexpectedEof (the peer closed
        // TCP without close_notify) shows as the socket's EOF.
        Err(_) => return,
      };
      reader.consume(taken);
    }
  }

  /// The code for a failed connection.
  fn error_code(&self, err: &Error) -> &'static str {
    if let Error::InvalidCertificate(_) = err {
      if let Some(code) = self.context.verdict.error() {
        return code;
      }
    }
    failure_code(err)
  }

  /// Encrypts as much of `data` as the send buffer takes.
  pub fn write_plaintext(&mut self, data: &[u8]) -> usize {
    self.conn.writer().write(data).unwrap_or(0)
  }

  pub fn wants_write(&self) -> bool {
    !self.rewritten.is_empty() || self.conn.wants_write()
  }

  /// Sends buffered records through `sink` until it would block or all
  /// are sent. Returns whether everything was sent.
  pub fn flush(&mut self, sink: &mut dyn Write) -> io::Result<bool> {
    if std::mem::take(&mut self.old_version_refused) {
      self.rewrite_refusal_alert();
    }
    while !self.rewritten.is_empty() {
      match sink.write(&self.rewritten) {
        Ok(0) => return Ok(false),
        Ok(n) => {
          self.rewritten.drain(..n);
        }
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
        Err(e) => return Err(e),
      }
    }
    while self.conn.wants_write() {
      match self.conn.write_tls(sink) {
        Ok(0) => return Ok(false),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
        Err(e) => return Err(e),
      }
    }
    Ok(true)
  }

  /// Takes rustls' queued output; if it is exactly the one fatal
  /// handshake_failure alert a refused hello leaves (no record was sent
  /// before it, so it is in the clear), it becomes protocol_version.
  /// Anything else is sent as rustls wrote it.
  fn rewrite_refusal_alert(&mut self) {
    let mut queued = Vec::new();
    while self.conn.wants_write() {
      match self.conn.write_tls(&mut queued) {
        Ok(n) if n > 0 => {}
        _ => break,
      }
    }
    const ALERT: u8 = 0x15;
    const FATAL: u8 = 2;
    if let [ALERT, _, _, 0, 2, FATAL, description] = queued.as_mut_slice() {
      if *description == u8::from(AlertDescription::HandshakeFailure) {
        *description = u8::from(AlertDescription::ProtocolVersion);
      }
    }
    self.rewritten.extend(queued);
  }

  pub fn send_close_notify(&mut self) {
    self.conn.send_close_notify();
  }

  pub fn is_handshaking(&self) -> bool {
    self.conn.is_handshaking()
  }

  // ---- what Bun's socket methods report ------------------------------------

  /// The reason the peer is not authorized, `None` when it is.
  pub fn authorization_error(&self) -> Option<&'static str> {
    if let Some(code) = self.context.verdict.error() {
      return Some(code);
    }
    // A server whose client sent no certificate reports it unauthorized,
    // whether or not it asked for one (as Bun does).
    let is_server = matches!(self.conn, Connection::Server(_));
    if is_server && self.conn.peer_certificates().is_none_or(|c| c.is_empty()) {
      return Some(NO_PEER_CERTIFICATE);
    }
    None
  }

  /// Whether this side checks the peer's certificate at all (a server
  /// that did not ask for one does not).
  pub fn verifies_peer(&self) -> bool {
    self.verifies_peer
  }

  /// `getSession()`: an opaque handle for `setSession()` on a later
  /// connection; `None` until the server has given a session.
  pub fn export_session(&self) -> Option<Vec<u8>> {
    // The verdict travels with the session: resuming it skips the
    // certificate check, and must not turn an unverified peer authorized.
    let verdict = self
      .context
      .verdict
      .error()
      .zip(self.context.verdict.refused_certificate());
    self.context.sessions.export(verdict)
  }

  pub fn peer_certificates(&self) -> Vec<Vec<u8>> {
    match self.conn.peer_certificates() {
      Some(certs) => certs.iter().map(|c| c.to_vec()).collect(),
      None => self.context.verdict.refused_certificate().into_iter().collect(),
    }
  }

  pub fn protocol_version(&self) -> Option<&'static str> {
    match self.conn.protocol_version()? {
      rustls::ProtocolVersion::TLSv1_3 => Some("TLSv1.3"),
      rustls::ProtocolVersion::TLSv1_2 => Some("TLSv1.2"),
      _ => None,
    }
  }

  /// (OpenSSL name, standard name) of the negotiated suite.
  pub fn cipher(&self) -> Option<(&'static str, &'static str)> {
    let suite = self.conn.negotiated_cipher_suite()?;
    Some((
      config::openssl_suite_name(suite),
      config::standard_suite_name(suite),
    ))
  }

  /// The key exchange group (`X25519`, `P-256`...).
  pub fn key_exchange_group(&self) -> Option<&'static str> {
    let group = self.conn.negotiated_key_exchange_group()?;
    Some(match group.name() {
      rustls::NamedGroup::X25519 => "X25519",
      rustls::NamedGroup::secp256r1 => "prime256v1",
      rustls::NamedGroup::secp384r1 => "secp384r1",
      _ => "unknown",
    })
  }

  pub fn alpn_protocol(&self) -> Option<Vec<u8>> {
    self.conn.alpn_protocol().map(<[u8]>::to_vec)
  }

  /// The name the client asked for (server side), as SNI carried it.
  pub fn server_name(&self) -> Option<String> {
    match &self.conn {
      Connection::Server(s) => s.server_name().map(str::to_owned),
      Connection::Client(_) => None,
    }
  }

  pub fn is_resumed(&self) -> bool {
    matches!(self.conn.handshake_kind(), Some(rustls::HandshakeKind::Resumed))
  }

  pub fn export_keying_material(
    &self,
    length: usize,
    label: &[u8],
    context: Option<&[u8]>,
  ) -> Result<Vec<u8>, Error> {
    if length > MAX_KEYING_MATERIAL {
      return Err(Error::General("keying material too long".into()));
    }
    let mut out = vec![0u8; length];
    self.conn.export_keying_material(&mut out, label, context)?;
    Ok(out)
  }
}

const UNSUPPORTED_PROTOCOL: &str = "ssl:240:UNSUPPORTED_PROTOCOL";

/// Whether `first` starts with a ClientHello whose legacy_version is below
/// TLS 1.2 (0x0303): a client that offers only TLS 1.0/1.1. (Clients of
/// 1.2 and 1.3 both put 0x0303 there.)
fn offers_only_old_versions(first: &[u8]) -> bool {
  const HANDSHAKE: u8 = 0x16;
  const CLIENT_HELLO: u8 = 1;
  // Record header (type, version, length: 5 bytes), handshake header
  // (type, length: 4 bytes), then the ClientHello's version.
  match first {
    [HANDSHAKE, _, _, _, _, CLIENT_HELLO, _, _, _, major, minor, ..] => {
      u16::from_be_bytes([*major, *minor]) < 0x0303
    }
    _ => false,
  }
}

/// BoringSSL's reason for a plain HTTP request at a TLS server.
fn http_request_code(first: &[u8]) -> Option<&'static str> {
  const METHODS: [&[u8]; 4] = [b"GET ", b"POST ", b"HEAD ", b"PUT "];
  if first.starts_with(b"CONNECT ") {
    Some("ssl:155:HTTPS_PROXY_REQUEST")
  } else if METHODS.iter().any(|m| first.starts_with(m)) {
    Some("ssl:156:HTTP_REQUEST")
  } else {
    None
  }
}

/// A TLS failure as BoringSSL (so Bun) reports it: `ssl:<reason number>:<reason name>`
/// (JS shows it as `error:<packed>:SSL routines:OPENSSL_internal:<name>`
/// with code `EPROTO`).
pub fn failure_code(err: &Error) -> &'static str {
  match err {
    Error::InvalidMessage(_) | Error::InappropriateMessage { .. } | Error::PeerSentOversizedRecord => {
      "ssl:247:WRONG_VERSION_NUMBER"
    }
    Error::InappropriateHandshakeMessage { .. } | Error::PeerMisbehaved(_) => "ssl:223:UNEXPECTED_MESSAGE",
    Error::NoCertificatesPresented => "ssl:192:PEER_DID_NOT_RETURN_A_CERTIFICATE",
    Error::DecryptError => "ssl:139:DECRYPTION_FAILED_OR_BAD_RECORD_MAC",
    Error::NoApplicationProtocol => "ssl:307:NO_APPLICATION_PROTOCOL",
    Error::PeerIncompatible(p) => match p {
      PeerIncompatible::NoCipherSuitesInCommon => "ssl:184:NO_SHARED_CIPHER",
      PeerIncompatible::NoKxGroupsInCommon => "ssl:266:NO_SHARED_GROUP",
      PeerIncompatible::NoSignatureSchemesInCommon => "ssl:253:NO_COMMON_SIGNATURE_ALGORITHMS",
      PeerIncompatible::ServerDoesNotSupportTls12Or13
      | PeerIncompatible::ServerTlsVersionIsDisabledByOurConfig
      | PeerIncompatible::SupportedVersionsExtensionRequired
      | PeerIncompatible::Tls12NotOffered
      | PeerIncompatible::Tls12NotOfferedOrEnabled
      // A TLS 1.0/1.1 ClientHello has no signature_algorithms: rustls
      // stops there, BoringSSL at the version.
      | PeerIncompatible::SignatureAlgorithmsExtensionRequired => UNSUPPORTED_PROTOCOL,
      _ => "ssl:215:SSL_HANDSHAKE_FAILURE",
    },
    Error::AlertReceived(alert) => alert_code(*alert),
    Error::InvalidCertificate(_) => "ssl:125:CERTIFICATE_VERIFY_FAILED",
    // rustls' words for a server with nothing to present.
    Error::General(msg) if msg.contains("certificate") => "ssl:174:NO_CERTIFICATE_SET",
    _ => "ssl:215:SSL_HANDSHAKE_FAILURE",
  }
}

fn alert_code(alert: AlertDescription) -> &'static str {
  match alert {
    AlertDescription::UnexpectedMessage => "ssl:1010:SSLV3_ALERT_UNEXPECTED_MESSAGE",
    AlertDescription::BadRecordMac => "ssl:1020:SSLV3_ALERT_BAD_RECORD_MAC",
    AlertDescription::RecordOverflow => "ssl:1022:TLSV1_ALERT_RECORD_OVERFLOW",
    AlertDescription::HandshakeFailure => "ssl:1040:SSLV3_ALERT_HANDSHAKE_FAILURE",
    AlertDescription::BadCertificate => "ssl:1042:SSLV3_ALERT_BAD_CERTIFICATE",
    AlertDescription::UnsupportedCertificate => "ssl:1043:SSLV3_ALERT_UNSUPPORTED_CERTIFICATE",
    AlertDescription::CertificateRevoked => "ssl:1044:SSLV3_ALERT_CERTIFICATE_REVOKED",
    AlertDescription::CertificateExpired => "ssl:1045:SSLV3_ALERT_CERTIFICATE_EXPIRED",
    AlertDescription::CertificateUnknown => "ssl:1046:SSLV3_ALERT_CERTIFICATE_UNKNOWN",
    AlertDescription::IllegalParameter => "ssl:1047:SSLV3_ALERT_ILLEGAL_PARAMETER",
    AlertDescription::UnknownCA => "ssl:1048:TLSV1_ALERT_UNKNOWN_CA",
    AlertDescription::AccessDenied => "ssl:1049:TLSV1_ALERT_ACCESS_DENIED",
    AlertDescription::DecodeError => "ssl:1050:TLSV1_ALERT_DECODE_ERROR",
    AlertDescription::DecryptError => "ssl:1051:TLSV1_ALERT_DECRYPT_ERROR",
    AlertDescription::ProtocolVersion => "ssl:1070:TLSV1_ALERT_PROTOCOL_VERSION",
    AlertDescription::InsufficientSecurity => "ssl:1071:TLSV1_ALERT_INSUFFICIENT_SECURITY",
    AlertDescription::InternalError => "ssl:1080:TLSV1_ALERT_INTERNAL_ERROR",
    AlertDescription::UserCanceled => "ssl:1090:TLSV1_ALERT_USER_CANCELLED",
    AlertDescription::UnrecognisedName => "ssl:1112:TLSV1_ALERT_UNRECOGNIZED_NAME",
    AlertDescription::CertificateRequired => "ssl:1116:TLSV1_ALERT_CERTIFICATE_REQUIRED",
    AlertDescription::NoApplicationProtocol => "ssl:1120:TLSV1_ALERT_NO_APPLICATION_PROTOCOL",
    _ => "ssl:1080:TLSV1_ALERT_INTERNAL_ERROR",
  }
}

/// Writes records to a socket without blocking (`send(2)` with
/// MSG_NOSIGNAL: a closed peer is an EPIPE error, not a signal).
pub struct SocketSink<'a>(pub &'a socket2::SockRef<'a>);

impl Write for SocketSink<'_> {
  fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
    loop {
      match self.0.send_with_flags(buf, libc::MSG_NOSIGNAL) {
        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
        other => return other,
      }
    }
  }

  fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
    loop {
      match self.0.send_vectored_with_flags(bufs, libc::MSG_NOSIGNAL) {
        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
        other => return other,
      }
    }
  }

  fn flush(&mut self) -> io::Result<()> {
    Ok(())
  }
}

#[cfg(test)]
mod tests {
  use super::offers_only_old_versions;

  #[test]
  fn only_hellos_below_tls12_count_as_old() {
    let hello = |major: u8, minor: u8| [0x16, 3, 1, 0, 200, 1, 0, 0, 196, major, minor, 0];
    assert!(offers_only_old_versions(&hello(3, 2)), "TLS 1.1");
    assert!(offers_only_old_versions(&hello(3, 1)), "TLS 1.0");
    assert!(!offers_only_old_versions(&hello(3, 3)), "TLS 1.2 and 1.3");
    assert!(
      !offers_only_old_versions(&[0x17, 3, 3, 0, 2, 1, 0, 0, 0, 3, 1]),
      "not a handshake"
    );
    assert!(
      !offers_only_old_versions(&[0x16, 3, 1, 0, 2, 2, 0, 0, 0, 3, 1]),
      "not a ClientHello"
    );
    assert!(!offers_only_old_versions(&[0x16, 3, 1, 0]), "too short to tell");
  }
}
