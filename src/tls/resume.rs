//! TLS session resumption the way Bun exposes it: `getSession()` hands out
//! a session, and `setSession(session)` on a later connection (before its
//! handshake) resumes it.
//!
//! rustls keeps client sessions in a store shared by a configuration and
//! does not serialize them. So the store here ([`SessionStore`]) files each
//! session under the connection being processed (`verify::with_context`),
//! in that connection's [`SessionSlot`]; `getSession()` moves the session
//! into a process-wide [`registry`] and returns an opaque handle to it,
//! which `setSession()` redeems. Handles work within this process only,
//! and the registry keeps the newest [`REGISTRY_CAPACITY`] sessions.

use std::{
  collections::VecDeque,
  sync::{
    atomic::{AtomicU64, Ordering},
    Mutex, MutexGuard,
  },
};

use rustls::{
  client::{ClientSessionStore, Tls12ClientSessionValue, Tls13ClientSessionValue},
  crypto::ring,
  pki_types::ServerName,
  NamedGroup,
};

use super::verify::current_context;

/// Sessions kept for `setSession()` across the process.
pub const REGISTRY_CAPACITY: usize = 1024;

/// TLS 1.3 tickets kept per session (servers send two by default).
const TICKETS_PER_SESSION: usize = 4;

const MAGIC: &[u8; 4] = b"BSKS";

/// A connection's resumable session: what the server gave it, or what
/// `setSession()` gave it to resume.
#[derive(Debug, Default)]
pub struct SessionSlot(Mutex<Session>);

#[derive(Debug, Default)]
struct Session {
  /// The server these sessions are for (a session resumes only with it:
  /// resumption skips the certificate check).
  server_name: Option<ServerName<'static>>,
  tls12: Option<Tls12ClientSessionValue>,
  tls13: VecDeque<Tls13ClientSessionValue>,
  /// The handle `getSession()` returned, so later calls return it again.
  exported: Option<Vec<u8>>,
  /// Sessions the server has given (each is a `session` event).
  received: u32,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
  m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SessionSlot {
  /// How many sessions the server has given this connection so far.
  pub fn received(&self) -> u32 {
    lock(&self.0).received
  }

  /// `getSession()`: the session as an opaque handle, or `None` before
  /// the server gave one.
  /// `verdict`: why the peer was not authorized (code, certificate), kept
  /// with the session so that resuming it reports the same.
  pub fn export(&self, verdict: Option<(&'static str, Vec<u8>)>) -> Option<Vec<u8>> {
    let mut s = lock(&self.0);
    if s.tls12.is_none() && s.tls13.is_empty() {
      return s.exported.clone();
    }
    let entry = Entry {
      id: 0,
      nonce: [0; 8],
      server_name: s.server_name.clone()?,
      verdict,
      tls12: s.tls12.clone(),
      tls13: std::mem::take(&mut s.tls13),
    };
    let handle = registry_insert(entry);
    s.exported = Some(handle.clone());
    Some(handle)
  }

  /// `setSession(handle)`: resume that session on this connection to
  /// `server_name`. Returns the verdict the session was made under (to
  /// report again), or `None` for an unknown or expired handle, or one
  /// made for another server.
  pub fn import(
    &self,
    handle: &[u8],
    server_name: &ServerName<'static>,
  ) -> Option<Option<(&'static str, Vec<u8>)>> {
    let entry = registry_take(handle, server_name)?;
    let mut s = lock(&self.0);
    s.server_name = Some(entry.server_name);
    s.tls12 = entry.tls12;
    s.tls13 = entry.tls13;
    // Until the server sends new tickets, getSession() answers with the
    // session being resumed.
    s.exported = Some(handle.to_vec());
    Some(entry.verdict)
  }
}

/// The store rustls calls, shared by a client configuration; it acts on the
/// slot of the connection being processed.
#[derive(Debug, Default)]
pub struct SessionStore {
  kx_hints: Mutex<Vec<(ServerName<'static>, NamedGroup)>>,
}

fn with_slot<R>(f: impl FnOnce(&mut Session) -> R) -> Option<R> {
  let ctx = current_context()?;
  let mut s = lock(&ctx.sessions.0);
  Some(f(&mut s))
}

impl ClientSessionStore for SessionStore {
  fn set_kx_hint(&self, server_name: ServerName<'static>, group: NamedGroup) {
    let mut hints = lock(&self.kx_hints);
    hints.retain(|(name, _)| *name != server_name);
    // A handful of servers per configuration in practice; stay bounded.
    if hints.len() >= 64 {
      hints.remove(0);
    }
    hints.push((server_name, group));
  }

  fn kx_hint(&self, server_name: &ServerName<'_>) -> Option<NamedGroup> {
    lock(&self.kx_hints)
      .iter()
      .find(|(name, _)| name == server_name)
      .map(|(_, g)| *g)
  }

  fn set_tls12_session(&self, server_name: ServerName<'static>, value: Tls12ClientSessionValue) {
    with_slot(|s| {
      s.server_name = Some(server_name);
      s.tls12 = Some(value);
      s.exported = None;
      s.received += 1;
    });
  }

  fn tls12_session(&self, server_name: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
    with_slot(|s| {
      s.tls12
        .clone()
        .filter(|_| s.server_name.as_ref() == Some(&server_name.to_owned()))
    })
    .flatten()
  }

  fn remove_tls12_session(&self, _server_name: &ServerName<'static>) {
    with_slot(|s| s.tls12 = None);
  }

  fn insert_tls13_ticket(&self, server_name: ServerName<'static>, value: Tls13ClientSessionValue) {
    with_slot(|s| {
      if s.server_name.as_ref() != Some(&server_name) {
        s.tls13.clear();
        s.server_name = Some(server_name);
      }
      if s.tls13.len() >= TICKETS_PER_SESSION {
        s.tls13.pop_front();
      }
      s.tls13.push_back(value);
      // A new ticket makes a new session for `getSession()`.
      s.exported = None;
      s.received += 1;
    });
  }

  fn take_tls13_ticket(&self, server_name: &ServerName<'static>) -> Option<Tls13ClientSessionValue> {
    with_slot(|s| {
      if s.server_name.as_ref() == Some(server_name) {
        s.tls13.pop_back()
      } else {
        None
      }
    })
    .flatten()
  }
}

// ---- the registry ----------------------------------------------------------

struct Entry {
  id: u64,
  nonce: [u8; 8],
  server_name: ServerName<'static>,
  verdict: Option<(&'static str, Vec<u8>)>,
  tls12: Option<Tls12ClientSessionValue>,
  tls13: VecDeque<Tls13ClientSessionValue>,
}

fn registry() -> &'static Mutex<VecDeque<Entry>> {
  static REGISTRY: Mutex<VecDeque<Entry>> = Mutex::new(VecDeque::new());
  &REGISTRY
}

fn registry_insert(mut entry: Entry) -> Vec<u8> {
  static NEXT_ID: AtomicU64 = AtomicU64::new(1);
  entry.id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
  // The nonce keeps a handle from being guessed from another's id.
  let _ = ring::default_provider().secure_random.fill(&mut entry.nonce);
  let mut handle = Vec::with_capacity(20);
  handle.extend_from_slice(MAGIC);
  handle.extend_from_slice(&entry.id.to_le_bytes());
  handle.extend_from_slice(&entry.nonce);
  let mut reg = lock(registry());
  if reg.len() >= REGISTRY_CAPACITY {
    reg.pop_front();
  }
  reg.push_back(entry);
  handle
}

/// The session behind `handle`, if it was made for `server_name`. TLS 1.2
/// sessions stay for further use; TLS 1.3 tickets are used once each.
fn registry_take(handle: &[u8], server_name: &ServerName<'static>) -> Option<Entry> {
  if handle.len() != 20 || &handle[..4] != MAGIC {
    return None;
  }
  let id = u64::from_le_bytes(handle[4..12].try_into().ok()?);
  let nonce: [u8; 8] = handle[12..20].try_into().ok()?;
  let mut reg = lock(registry());
  let entry = reg
    .iter_mut()
    .find(|e| e.id == id && e.nonce == nonce && e.server_name == *server_name)?;
  Some(Entry {
    id,
    nonce,
    server_name: entry.server_name.clone(),
    verdict: entry.verdict.clone(),
    tls12: entry.tls12.clone(),
    tls13: entry.tls13.pop_back().into_iter().collect(),
  })
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn unknown_handles_resume_nothing() {
    let slot = SessionSlot::default();
    let name = ServerName::try_from("localhost").unwrap();
    assert!(slot.import(b"not a handle", &name).is_none());
    assert!(slot
      .import(
        b"BSKS\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
        &name
      )
      .is_none());
    assert_eq!(slot.export(None), None, "no session before the server gave one");
  }
}
