//! Socket options, through `socket2` so no raw `setsockopt` is needed.

use std::{io, time::Duration};

use socket2::{SockAddr, SockRef, Socket, TcpKeepalive};

use crate::stream::Stream;

pub fn set_reuse_port(socket: &Socket) -> io::Result<()> {
  socket.set_reuse_port(true)
}

/// A Unix socket address; a leading NUL byte names a Linux abstract socket
/// (no file on disk), as in Node and Bun.
pub fn unix_addr(path: &str) -> io::Result<SockAddr> {
  SockAddr::unix(path)
}

/// `TCP_NODELAY`. Unix sockets have no Nagle algorithm: `Ok(false)`.
pub fn set_nodelay(stream: &Stream, on: bool) -> io::Result<bool> {
  if !stream.is_tcp() {
    return Ok(false);
  }
  SockRef::from(stream).set_tcp_nodelay(on)?;
  Ok(true)
}

/// `SO_KEEPALIVE`, with the idle time before the first probe when given.
pub fn set_keepalive(stream: &Stream, on: bool, initial_delay: Option<Duration>) -> io::Result<bool> {
  if !stream.is_tcp() {
    return Ok(false);
  }
  let sock = SockRef::from(stream);
  if on {
    match initial_delay {
      Some(d) if !d.is_zero() => sock.set_tcp_keepalive(&TcpKeepalive::new().with_time(d))?,
      _ => sock.set_keepalive(true)?,
    }
  } else {
    sock.set_keepalive(false)?;
  }
  Ok(true)
}
