//! Outgoing connections: resolve, connect, then hand the socket to JS.
//!
//! The JS call returns at once; the outcome arrives as a `CONNECT` event
//! (the socket is waiting in the pump to be claimed) or `CONNECT_ERROR`,
//! except that a Unix connect, which the kernel answers at once, returns
//! its failure to the call (Bun reports it inside `Bun.connect()`).
//! Every resolved address is tried in the resolver's order, and the last
//! failure is the one reported, as Bun does.

use std::{
  io,
  net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
  sync::Arc,
  time::Duration,
};

use tokio::net::{TcpSocket, TcpStream, UnixStream};

use crate::{
  conn::Conn,
  dns,
  errors::OsError,
  pump::{kind, Pump},
  runtime, sockopt,
  stream::Stream,
  tls::{config::ClientSetup, session::TlsSession},
};

/// Starts a TCP connection from `local` (any port) if given; `request`
/// identifies it in the events.
pub fn connect_tcp(
  pump: Arc<Pump>,
  request: u32,
  host: String,
  port: u16,
  local: Option<IpAddr>,
  tls: Option<ClientTls>,
) {
  runtime::handle().spawn(async move {
    match open_tcp(&host, port, local).await {
      Ok(stream) => {
        // Connected to a listener of this same environment: let its
        // `ACCEPT` go first, as Bun's single event loop does (pump.rs).
        if let (Ok(local), Ok(peer)) = (stream.local_addr(), stream.peer_addr()) {
          if pump.has_listener_at(peer) {
            pump.wait_for_accept(local, OWN_ACCEPT_WAIT).await;
          }
        }
        start(pump, Stream::Tcp(stream), request, tls)
      }
      Err(e) => report(&pump, request, e),
    }
  });
}

/// How a connection speaks TLS.
pub struct ClientTls {
  pub setup: ClientSetup,
  /// Wait for JS to start the handshake (after `open`, where
  /// `setSession()` can pick a session to resume).
  pub hold: bool,
}

/// Runs a connected socket, speaking TLS from the start when `tls` says.
fn start(pump: Arc<Pump>, stream: Stream, request: u32, tls: Option<ClientTls>) {
  let conn = Conn::new(pump.clone(), stream);
  match tls {
    Some(ClientTls { setup, hold: true }) => conn.hold_client_tls(setup),
    Some(ClientTls { setup, hold: false }) => match TlsSession::client(setup) {
      Ok(session) => {
        conn.install_tls(session);
      }
      // rustls refuses a new session only when it cannot allocate.
      Err(_) => return report(&pump, request, OsError::errno(libc::ENOMEM, "connect")),
    },
    None => {}
  }
  // A task of its own: a task's memory is its future's largest state, and
  // connecting (resolving, racing two addresses) needs more than serving.
  // Run inside the connecting task, every idle client socket kept that
  // size for life.
  tokio::spawn(conn.run(kind::CONNECT, request));
}

/// Upper bound on that wait: an accept storm or a busy JS thread must not
/// hold a client back for long.
const OWN_ACCEPT_WAIT: Duration = Duration::from_millis(100);

async fn open_tcp(host: &str, port: u16, local: Option<IpAddr>) -> Result<TcpStream, OsError> {
  // Bun races "localhost" from the default addresses, whatever `local` says.
  if host.eq_ignore_ascii_case("localhost") {
    return race_localhost(port).await;
  }
  let addrs: Vec<SocketAddr> = match dns::parse_ip_literal(host) {
    Some(ip) => vec![SocketAddr::new(ip, port)],
    None => {
      let host = host.to_owned();
      tokio::task::spawn_blocking(move || dns::resolve(&host, port, false))
        .await
        // The lookup thread only fails to report if it panicked.
        .map_err(|_| OsError::resolver(libc::EAI_FAIL))??
    }
  };
  let mut last_err = OsError::errno(libc::ECONNREFUSED, "connect");
  for addr in addrs {
    let attempt = match local {
      Some(local) => connect_from(local, addr).await,
      None => connect_addr(addr).await,
    };
    match attempt {
      Ok(stream) => return Ok(stream),
      Err(e) => last_err = e,
    }
  }
  Err(last_err)
}

async fn connect_addr(addr: SocketAddr) -> Result<TcpStream, OsError> {
  let stream = TcpStream::connect(addr)
    .await
    .map_err(|e| OsError::from_io(&e, "connect"))?;
  let _ = stream.set_nodelay(true);
  Ok(stream)
}

/// Connects from `local`, port chosen by the kernel. Failures read as the
/// connect's, as Bun reports them (EADDRNOTAVAIL for an address this host
/// lacks; ECONNREFUSED when the families differ).
async fn connect_from(local: IpAddr, addr: SocketAddr) -> Result<TcpStream, OsError> {
  let as_connect = |e: io::Error| OsError::from_io(&e, "connect");
  let socket = match (local, addr) {
    (IpAddr::V4(_), SocketAddr::V4(_)) => TcpSocket::new_v4(),
    (IpAddr::V6(_), SocketAddr::V6(_)) => TcpSocket::new_v6(),
    _ => return Err(OsError::errno(libc::ECONNREFUSED, "connect")),
  }
  .map_err(as_connect)?;
  socket.bind(SocketAddr::new(local, 0)).map_err(as_connect)?;
  let stream = socket.connect(addr).await.map_err(as_connect)?;
  let _ = stream.set_nodelay(true);
  Ok(stream)
}

/// "localhost" the way Bun connects to it: `::1` and `127.0.0.1` at once
/// (happy eyeballs), keeping IPv6 when both answer; the other connection is
/// reset, so a server on it sees an open then ECONNRESET, as with Bun.
async fn race_localhost(port: u16) -> Result<TcpStream, OsError> {
  let (v6, v4) = tokio::join!(
    connect_addr(SocketAddr::new(Ipv6Addr::LOCALHOST.into(), port)),
    connect_addr(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port)),
  );
  match (v6, v4) {
    (Ok(v6), Ok(v4)) => {
      let _ = sockopt::reset_now_tcp(&v4);
      Ok(v6)
    }
    (Ok(stream), Err(_)) | (Err(_), Ok(stream)) => Ok(stream),
    (Err(_), Err(e)) => Err(e),
  }
}

/// Connects a Unix-domain socket. The kernel answers a Unix connect at
/// once, so this happens on the calling (JS) thread: a failure is returned
/// for JS to report inside `Bun.connect()`, as Bun does; a connected socket
/// is handed to the runtime.
pub fn connect_unix(
  pump: Arc<Pump>,
  request: u32,
  path: &str,
  tls: Option<ClientTls>,
) -> Result<(), OsError> {
  let as_connect = |e: io::Error| OsError::from_io(&e, "connect");
  // Counted before connecting: our own listener cannot announce this
  // connection before it exists.
  let own_listener = pump.unix_listener_at(path);
  let addr = sockopt::unix_addr(path).map_err(as_connect)?;
  let socket = socket2::Socket::new(
    socket2::Domain::UNIX,
    socket2::Type::STREAM.nonblocking().cloexec(),
    None,
  )
  .map_err(as_connect)?;
  // A full backlog is EAGAIN here, reported as such (it is not "in
  // progress" for Unix sockets).
  socket.connect(&addr).map_err(as_connect)?;
  let std_stream: std::os::unix::net::UnixStream = socket.into();
  runtime::handle().spawn(async move {
    let stream = match UnixStream::from_std(std_stream) {
      Ok(stream) => stream,
      Err(e) => return report(&pump, request, as_connect(e)),
    };
    // As for TCP: a listener of this environment announces first.
    if let Some((listener, seen)) = own_listener {
      pump.wait_for_unix_accept(listener, seen, OWN_ACCEPT_WAIT).await;
    }
    start(pump, Stream::Unix(stream), request, tls)
  });
  Ok(())
}

fn report(pump: &Pump, request: u32, e: OsError) {
  pump.push(kind::CONNECT_ERROR, request, e.code_word, e.syscall.as_bytes());
}
