//! Socket options, through `socket2` so no raw `setsockopt` is needed.

use std::{io, time::Duration};

use socket2::{SockAddr, SockAddrStorage, SockRef, Socket, TcpKeepalive};

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

/// Resets a TCP connection now, leaving the descriptor open: Linux treats
/// `connect` to an `AF_UNSPEC` address as a disconnect, which sends an RST
/// for an established connection (`tcp_disconnect`). `terminate()` needs
/// the reset to happen inside the call, as in Bun, while the descriptor
/// itself is released later by the socket's task.
pub fn reset_now(stream: &Stream) -> io::Result<()> {
  match stream {
    Stream::Tcp(tcp) => reset_now_tcp(tcp),
    Stream::Unix(_) => Ok(()),
  }
}

/// [`reset_now`] for a bare TCP stream.
pub fn reset_now_tcp(stream: &tokio::net::TcpStream) -> io::Result<()> {
  let sock = SockRef::from(stream);
  sock.set_linger(Some(std::time::Duration::ZERO))?;
  // SAFETY: an all-zero storage is a valid `AF_UNSPEC` (family 0) address,
  // and the length covers exactly its family field, which is all the kernel
  // reads for AF_UNSPEC.
  let unspecified = unsafe {
    SockAddr::new(
      SockAddrStorage::zeroed(),
      std::mem::size_of::<libc::sa_family_t>() as libc::socklen_t,
    )
  };
  sock.connect(&unspecified)
}

/// The IP type-of-service byte (`IP_TOS`, or `IPV6_TCLASS` on IPv6); Unix
/// sockets have none (EINVAL, as Bun reports).
pub fn type_of_service(stream: &Stream) -> io::Result<u32> {
  let sock = SockRef::from(stream);
  match stream.local_addr() {
    Some(addr) if addr.is_ipv6() => sock.tclass_v6(),
    Some(_) => sock.tos_v4(),
    None => Err(io::Error::from_raw_os_error(libc::EINVAL)),
  }
}

pub fn set_type_of_service(stream: &Stream, tos: u32) -> io::Result<()> {
  let sock = SockRef::from(stream);
  match stream.local_addr() {
    Some(addr) if addr.is_ipv6() => sock.set_tclass_v6(tos),
    Some(_) => sock.set_tos_v4(tos),
    None => Err(io::Error::from_raw_os_error(libc::EINVAL)),
  }
}
