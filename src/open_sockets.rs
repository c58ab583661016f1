//! The JS thread's open sockets by id: stream sockets are reached only
//! this way (`socket_*` in binding.rs), and the calls made once per write
//! or datagram use it for UDP sockets too.
//!
//! Those calls (`hot_calls`) are free functions taking the socket's id, not methods:
//! napi-rs guards every `&self` receiver in a process-wide borrow table (a
//! lock, a map insert and removal, an allocation per call). Measured on
//! UDP `send` of 64-byte datagrams: that was a tenth of the sender's CPU,
//! and the sender went from about 310k to 410k datagrams/s without it. A
//! per-socket handle object (an External) was as fast but kept memory per
//! closed socket until the collector ran: +5 MiB over 80,000 connections.
//!
//! Ids are unique in the process (`Pump::next_id`), and a socket is only
//! used from its environment's thread, so the table is thread-local and
//! takes no lock (one thread may hold several environments' pumps: a test
//! runner evaluating the package once per file). Entries are added when
//! JS receives a socket and removed when JS closes it (a UDP socket also
//! when its object is collected; a stream socket when its environment is
//! torn down), on that same thread.

use std::{
  cell::RefCell,
  collections::HashMap,
  hash::{BuildHasherDefault, Hasher},
  sync::Arc,
};

use crate::{conn::Conn, udp::UdpCore};

/// An open socket the hot calls can reach.
pub enum OpenSocket {
  Stream(Arc<Conn>),
  Udp(Arc<UdpCore>),
}

/// Ids are small sequential integers: spread them with one multiplication
/// (Fibonacci hashing) instead of SipHash.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
  fn finish(&self) -> u64 {
    self.0
  }

  fn write(&mut self, bytes: &[u8]) {
    for &b in bytes {
      self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
  }

  fn write_u32(&mut self, id: u32) {
    self.0 = u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15);
  }
}

thread_local! {
  static OPEN: RefCell<HashMap<u32, OpenSocket, BuildHasherDefault<IdHasher>>> =
    RefCell::new(HashMap::default());
}

pub fn add(id: u32, socket: OpenSocket) {
  OPEN.with(|open| open.borrow_mut().insert(id, socket));
}

pub fn remove(id: u32) {
  // During thread teardown the table may already be gone: nothing to do.
  let _ = OPEN.try_with(|open| open.borrow_mut().remove(&id));
}

/// The stream socket `id`, if it is open on this thread.
pub fn stream(id: u32) -> Option<Arc<Conn>> {
  OPEN.with(|open| match open.borrow().get(&id) {
    Some(OpenSocket::Stream(conn)) => Some(conn.clone()),
    _ => None,
  })
}

/// Removes the stream socket `id` from the table, returning it.
pub fn take_stream(id: u32) -> Option<Arc<Conn>> {
  OPEN
    .try_with(|open| {
      let mut open = open.borrow_mut();
      match open.get(&id) {
        Some(OpenSocket::Stream(_)) => match open.remove(&id) {
          Some(OpenSocket::Stream(conn)) => Some(conn),
          _ => None,
        },
        _ => None,
      }
    })
    .ok()
    .flatten()
}

/// Runs `f` on the stream socket `id`, if it is open on this thread.
/// (`f` must not call into JS: the table stays borrowed meanwhile.)
pub fn with_stream<R>(id: u32, f: impl FnOnce(&Conn) -> R) -> Option<R> {
  OPEN.with(|open| match open.borrow().get(&id) {
    Some(OpenSocket::Stream(conn)) => Some(f(conn)),
    _ => None,
  })
}

/// Runs `f` on the UDP socket `id`, if it is open on this thread.
pub fn with_udp<R>(id: u32, f: impl FnOnce(&UdpCore) -> R) -> Option<R> {
  OPEN.with(|open| match open.borrow().get(&id) {
    Some(OpenSocket::Udp(core)) => Some(f(core)),
    _ => None,
  })
}
