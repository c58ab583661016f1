//! Listening sockets (TCP and Unix-domain) and their accept loops.
//!
//! Binding is synchronous, as `Bun.listen` is: errors such as `EADDRINUSE`
//! reach the caller as a thrown error. Accepting runs on the runtime; each
//! accepted socket gets its own task (`Conn::run`) and is announced to JS
//! with an `ACCEPT` event.
//!
//! Stopping is synchronous too: `close` shuts the listening socket down
//! (Linux then refuses new connections at once and wakes `accept`) before
//! the task drops the descriptor.

use std::{
  io,
  net::{Shutdown, SocketAddr},
  os::fd::AsFd,
  sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
  },
  time::Duration,
};

use socket2::{Domain, SockRef, Socket, Type};
use tokio::{
  net::{TcpListener, UnixListener},
  sync::Notify,
};

use crate::{
  conn::Conn,
  dns,
  errors::OsError,
  pump::{kind, Pump},
  runtime, sockopt,
  stream::Stream,
  tls::{config::ServerTemplate, session::TlsSession},
};

/// How to bind a TCP listener. Defaults follow Bun.
#[derive(Debug, Clone)]
pub struct TcpListenConfig {
  /// `None`: every interface, IPv6 dual-stack when available.
  pub host: Option<String>,
  pub port: u16,
  pub backlog: i32,
  /// `SO_REUSEPORT`: several listeners (processes) share the port.
  pub reuse_port: bool,
  /// `IPV6_V6ONLY`: an IPv6 listener refuses IPv4-mapped peers.
  pub ipv6_only: bool,
  /// No `SO_REUSEADDR`: refuse to bind while old connections linger.
  pub exclusive: bool,
}

pub enum ListenSocket {
  Tcp(TcpListener),
  Unix(UnixListener),
}

pub struct ListenerCore {
  pub id: u32,
  pump: Arc<Pump>,
  socket: ListenSocket,
  /// The path a Unix listener was bound to.
  unix_path: Option<String>,
  /// The socket file it made (absolute path, device, inode): what teardown
  /// may remove. None for abstract names and TCP.
  unix_file: Option<(std::path::PathBuf, u64, u64)>,
  closed: AtomicBool,
  wake: Notify,
  /// How accepted connections speak TLS; `None` for plain listeners.
  tls: Option<Arc<ServerTemplate>>,
}

/// Pause after `EMFILE`/`ENFILE`/`ENOMEM`, so a process out of descriptors
/// does not spin on an accept that keeps failing.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

impl ListenerCore {
  pub fn local_addr(&self) -> Option<SocketAddr> {
    match &self.socket {
      ListenSocket::Tcp(l) => l.local_addr().ok(),
      ListenSocket::Unix(_) => None,
    }
  }

  pub fn unix_path(&self) -> Option<&str> {
    self.unix_path.as_deref()
  }

  pub fn raw_fd(&self) -> i32 {
    use std::os::fd::AsRawFd;
    self.socket.as_fd().as_raw_fd()
  }

  /// Stops accepting now. Connections already accepted are not touched.
  pub fn close(&self) {
    if self.closed.swap(true, Ordering::AcqRel) {
      return;
    }
    // shutdown(2) on a listening TCP socket makes Linux refuse new
    // connections at once, without waiting for the task to drop the
    // descriptor. Unix listeners skip it: JS unlinks their path, which
    // refuses newcomers just as well, and under gVisor a shut-down Unix
    // listener can make the next non-blocking accept4(2) block forever,
    // freezing the I/O thread.
    if let ListenSocket::Tcp(_) = self.socket {
      let _ = SockRef::from(&self.socket).shutdown(Shutdown::Both);
    }
    self.wake.notify_one();
  }

  /// Stops a listener whose environment is going away (a terminated
  /// worker): JS will not unlink a Unix listener's path now, so this does,
  /// as Bun does, or the path stays taken (EADDRINUSE) for the next
  /// listener. A listener JS stopped already is left alone (its path may
  /// belong to a newer listener by now).
  pub fn close_at_teardown(&self) {
    let was_open = !self.closed.load(Ordering::Acquire);
    self.close();
    if let (true, Some((path, dev, ino))) = (was_open, &self.unix_file) {
      // Only the file this listener made: the path may have been unlinked
      // and bound again by another process since.
      use std::os::unix::fs::MetadataExt;
      if std::fs::symlink_metadata(path).is_ok_and(|m| m.dev() == *dev && m.ino() == *ino) {
        let _ = std::fs::remove_file(path);
      }
    }
  }

  async fn accept_loop(self: Arc<Self>) {
    loop {
      if self.closed.load(Ordering::Acquire) || self.pump.is_torn_down() {
        break;
      }
      let accepted = tokio::select! {
        biased;
        _ = self.wake.notified() => continue,
        r = self.accept_one() => r,
      };
      match accepted {
        Ok(stream) => {
          let conn = Conn::new(self.pump.clone(), stream);
          if let Some(tls) = &self.tls {
            let session = TlsSession::server(tls.for_connection());
            match session {
              Ok(session) => {
                conn.install_tls(session);
              }
              // Only a failure to allocate ends here; drop the connection.
              Err(_) => continue,
            }
          }
          tokio::spawn(conn.run(kind::ACCEPT, self.id));
        }
        Err(e) if is_resource_exhaustion(&e) => tokio::time::sleep(ACCEPT_BACKOFF).await,
        // ECONNABORTED and friends concern one connection only; EINVAL
        // after `close` ends the loop at the top.
        Err(_) => {}
      }
    }
    self.pump.unregister_listener(self.id);
  }

  async fn accept_one(&self) -> io::Result<Stream> {
    match &self.socket {
      ListenSocket::Tcp(l) => {
        let (s, _) = l.accept().await?;
        // Bun answers small writes at once: Nagle's delay is off by default.
        let _ = s.set_nodelay(true);
        Ok(Stream::Tcp(s))
      }
      ListenSocket::Unix(l) => l.accept().await.map(|(s, _)| Stream::Unix(s)),
    }
  }
}

impl AsFd for ListenSocket {
  fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
    match self {
      ListenSocket::Tcp(l) => l.as_fd(),
      ListenSocket::Unix(l) => l.as_fd(),
    }
  }
}

fn is_resource_exhaustion(e: &io::Error) -> bool {
  matches!(
    e.raw_os_error(),
    Some(libc::EMFILE) | Some(libc::ENFILE) | Some(libc::ENOBUFS) | Some(libc::ENOMEM)
  )
}

fn start(
  pump: &Arc<Pump>,
  socket: ListenSocket,
  unix_path: Option<String>,
  tls: Option<Arc<ServerTemplate>>,
) -> Arc<ListenerCore> {
  let unix_file = unix_path.as_deref().and_then(socket_file);
  let core = Arc::new(ListenerCore {
    id: pump.next_id(),
    pump: pump.clone(),
    socket,
    unix_path,
    unix_file,
    closed: AtomicBool::new(false),
    wake: Notify::new(),
    tls,
  });
  pump.register_listener(&core);
  runtime::handle().spawn(core.clone().accept_loop());
  core
}

/// The file a Unix listener just bound at `path` (relative paths made
/// absolute now: the process may change directory later).
fn socket_file(path: &str) -> Option<(std::path::PathBuf, u64, u64)> {
  use std::os::unix::fs::MetadataExt;
  if path.starts_with('\0') {
    return None;
  }
  let path = std::path::absolute(path).ok()?;
  let meta = std::fs::symlink_metadata(&path).ok()?;
  Some((path, meta.dev(), meta.ino()))
}

/// Binds and listens on TCP, then starts accepting.
pub fn listen_tcp(
  pump: &Arc<Pump>,
  cfg: &TcpListenConfig,
  tls: Option<Arc<ServerTemplate>>,
) -> Result<Arc<ListenerCore>, OsError> {
  let mut candidates = match &cfg.host {
    Some(host) => dns::resolve(host, cfg.port, true)?,
    None => vec![
      SocketAddr::new(std::net::Ipv6Addr::UNSPECIFIED.into(), cfg.port),
      SocketAddr::new(std::net::Ipv4Addr::UNSPECIFIED.into(), cfg.port),
    ],
  };
  // Like Bun (uSockets), prefer an IPv6 address: with dual-stack it also
  // serves IPv4 peers.
  candidates.sort_by_key(|a| !a.is_ipv6());
  let mut last_err = OsError::errno(libc::EADDRNOTAVAIL, "listen");
  for addr in candidates {
    match bind_tcp(addr, cfg) {
      Ok(std_listener) => {
        let _rt = runtime::handle().enter();
        let listener = TcpListener::from_std(std_listener).map_err(|e| OsError::from_io(&e, "listen"))?;
        return Ok(start(pump, ListenSocket::Tcp(listener), None, tls));
      }
      Err(e) => last_err = e,
    }
  }
  Err(last_err)
}

fn bind_tcp(addr: SocketAddr, cfg: &TcpListenConfig) -> Result<std::net::TcpListener, OsError> {
  let socket = Socket::new(
    Domain::for_address(addr),
    Type::STREAM.nonblocking().cloexec(),
    None,
  )
  .map_err(|e| OsError::from_io(&e, "socket"))?;
  let opt = |e: io::Error| OsError::from_io(&e, "setsockopt");
  if !cfg.exclusive {
    socket.set_reuse_address(true).map_err(opt)?;
  }
  if cfg.reuse_port {
    sockopt::set_reuse_port(&socket).map_err(opt)?;
  }
  if addr.is_ipv6() {
    socket.set_only_v6(cfg.ipv6_only).map_err(opt)?;
  }
  socket
    .bind(&addr.into())
    .map_err(|e| OsError::from_io(&e, "bind"))?;
  socket
    .listen(cfg.backlog)
    .map_err(|e| OsError::from_io(&e, "listen"))?;
  Ok(socket.into())
}

/// Binds and listens on a Unix-domain socket path, then starts accepting.
pub fn listen_unix(
  pump: &Arc<Pump>,
  path: &str,
  backlog: i32,
  tls: Option<Arc<ServerTemplate>>,
) -> Result<Arc<ListenerCore>, OsError> {
  let addr = sockopt::unix_addr(path).map_err(|e| OsError::from_io(&e, "bind"))?;
  let socket = Socket::new(Domain::UNIX, Type::STREAM.nonblocking().cloexec(), None)
    .map_err(|e| OsError::from_io(&e, "socket"))?;
  socket.bind(&addr).map_err(|e| OsError::from_io(&e, "bind"))?;
  socket
    .listen(backlog)
    .map_err(|e| OsError::from_io(&e, "listen"))?;
  let std_listener: std::os::unix::net::UnixListener = socket.into();
  let _rt = runtime::handle().enter();
  let listener = UnixListener::from_std(std_listener).map_err(|e| OsError::from_io(&e, "listen"))?;
  Ok(start(
    pump,
    ListenSocket::Unix(listener),
    Some(path.to_owned()),
    tls,
  ))
}
