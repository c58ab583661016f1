//! A connected stream socket, TCP or Unix-domain, behind one type.
//!
//! Both transports behave the same at the syscall level (`send`/`recv`,
//! `shutdown`, readiness), so the connection state machine in `conn.rs` is
//! written once over this enum.

use std::{
  io,
  net::{Shutdown, SocketAddr},
  os::fd::{AsFd, AsRawFd, BorrowedFd},
};

use socket2::SockRef;
use tokio::{
  io::{Interest, Ready},
  net::{TcpStream, UnixStream},
};

pub enum Stream {
  Tcp(TcpStream),
  Unix(UnixStream),
}

impl Stream {
  pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
    match self {
      Stream::Tcp(s) => s.ready(interest).await,
      Stream::Unix(s) => s.ready(interest).await,
    }
  }

  pub async fn writable(&self) -> io::Result<()> {
    match self {
      Stream::Tcp(s) => s.writable().await,
      Stream::Unix(s) => s.writable().await,
    }
  }

  /// Runs a non-blocking syscall under tokio's readiness tracking: tokio
  /// skips `f` while it knows the socket is not ready, and if `f` reports
  /// `WouldBlock` it forgets the readiness observed *before* the call, so an
  /// edge that arrives meanwhile is never lost.
  pub fn try_io<R>(&self, interest: Interest, f: impl FnOnce() -> io::Result<R>) -> io::Result<R> {
    match self {
      Stream::Tcp(s) => s.try_io(interest, f),
      Stream::Unix(s) => s.try_io(interest, f),
    }
  }

  pub fn sock_ref(&self) -> SockRef<'_> {
    SockRef::from(self)
  }

  pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
    self.sock_ref().shutdown(how)
  }

  pub fn is_tcp(&self) -> bool {
    matches!(self, Stream::Tcp(_))
  }

  /// The local IP endpoint; `None` for Unix sockets (Bun shows no
  /// addresses for them).
  pub fn local_addr(&self) -> Option<SocketAddr> {
    match self {
      Stream::Tcp(s) => s.local_addr().ok(),
      Stream::Unix(_) => None,
    }
  }

  /// The remote IP endpoint; `None` for Unix sockets.
  pub fn peer_addr(&self) -> Option<SocketAddr> {
    match self {
      Stream::Tcp(s) => s.peer_addr().ok(),
      Stream::Unix(_) => None,
    }
  }

  pub fn raw_fd(&self) -> i32 {
    self.as_fd().as_raw_fd()
  }
}

impl AsFd for Stream {
  fn as_fd(&self) -> BorrowedFd<'_> {
    match self {
      Stream::Tcp(s) => s.as_fd(),
      Stream::Unix(s) => s.as_fd(),
    }
  }
}
