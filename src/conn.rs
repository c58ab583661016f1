//! One connected socket: its read loop on the runtime, its write path on
//! the JS thread, and the hand-off of the file descriptor between them.
//!
//! Ownership: the JS thread's table of open sockets (`open_sockets`) and
//! the socket's task each hold an `Arc<Conn>`. The descriptor closes when
//! both let go, which happens promptly: JS drops its entry when the socket
//! closes, and the task ends as soon as it
//! sees [`CLOSED`]. After JS sets `CLOSED` it never touches the socket
//! again, so a close can never race a write.
//!
//! Reads are bounded: bytes handed to the pump count against [`READ_BUDGET`]
//! until JS has consumed them, and a socket over budget stops reading. A
//! peer that floods us then fills the kernel buffers, not our heap.
//!
//! A TLS socket is the same socket with a [`TlsSession`] installed (at
//! accept or connect, or later by STARTTLS). Reads then go through rustls
//! on the runtime; `write` encrypts on the JS thread and sends at once,
//! and what the kernel cannot take (at most the session's send buffer)
//! is flushed by the runtime, which reports `DRAIN` once it is out.

use std::{
  cell::RefCell,
  io,
  net::Shutdown,
  sync::{
    atomic::{AtomicU32, AtomicUsize, Ordering},
    Arc, Mutex, MutexGuard, OnceLock,
  },
  time::Duration,
};

use tokio::{io::Interest, sync::Notify};

use crate::{
  errors::OsError,
  pump::{kind, Pump},
  read_blocks, sockopt,
  stream::Stream,
  tls::{
    config::ClientSetup,
    session::{SocketSink, TlsSession},
  },
};

/// Delivered-but-unconsumed bytes after which a socket stops reading.
pub const READ_BUDGET: usize = 1 << 20;

/// JS asked to stop reading (`pause()`).
const PAUSED: u32 = 1 << 0;
/// A write came up short: report `DRAIN` once the socket is writable.
const WANT_DRAIN: u32 = 1 << 1;
/// JS is done with the socket: the task must end and release it.
const CLOSED: u32 = 1 << 2;
/// No more reading: EOF seen, or the read side shut down.
const READ_DONE: u32 = 1 << 3;
/// The socket failed and JS was told; only closing is left.
const FAILED: u32 = 1 << 4;
/// TLS records wait in the session for the socket to become writable.
const TLS_PENDING: u32 = 1 << 5;
/// Shut the write side once the pending TLS records are out.
const SHUT_AFTER_FLUSH: u32 = 1 << 6;
/// Closed with an RST (`terminate()`): nothing more is sent.
const ABORTED: u32 = 1 << 7;
/// A TLS close ends with close_notify (`end()`; `close()` sends none).
const NOTIFY_ON_CLOSE: u32 = 1 << 8;
/// STARTTLS was asked for: the runtime installs the waiting session
/// between two reads (see [`Conn::request_upgrade`]).
const UPGRADE_REQUESTED: u32 = 1 << 9;
/// Just upgraded: no reading until JS has handed back the plain bytes
/// read before the upgrade (`resume_after_upgrade`).
const UPGRADE_HOLD: u32 = 1 << 10;
/// Upgraded socket: the ciphertext read is also reported (`RAW_DATA`),
/// for Bun's `raw` half of `upgradeTLS()`.
const RAW_TAP: u32 = 1 << 11;
/// The TLS session failed and its fatal alert did not fit in the kernel
/// at once: it is sent at close (see [`TLS_LINGER`]).
const ALERT_QUEUED: u32 = 1 << 12;
/// This side refused the peer's certificate: like Bun, it closes without
/// sending the alert rustls queued, so nothing is flushed any more.
const SEND_NOTHING: u32 = 1 << 13;

/// How long a closed TLS socket may take to send its last records
/// (data accepted by `write`, then close_notify; or, for a failed one,
/// its fatal alert) before it is dropped.
const TLS_LINGER: Duration = Duration::from_secs(10);

/// `recv(2)` into the free room of `buf`, retried on EINTR; the bytes read
/// are appended.
fn recv(sock: &socket2::SockRef<'_>, buf: &mut Vec<u8>) -> io::Result<usize> {
  loop {
    match sock.recv(buf.spare_capacity_mut()) {
      Ok(n) => {
        // SAFETY: recv(2) initialized the first `n` bytes of the spare
        // capacity, which directly follow the current length.
        unsafe { buf.set_len(buf.len() + n) };
        return Ok(n);
      }
      Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
      Err(e) => return Err(e),
    }
  }
}

thread_local! {
  // One read block per I/O thread instead of one per socket: idle sockets
  // then cost no buffer memory at all. Never held across an await. Empty
  // after its block went to JS with a large read.
  static READ_BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
  // Decrypted bytes of TLS sockets, reused the same way.
  static PLAIN_BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
  // Ciphertext of TLS sockets: only rustls reads it, so it is never handed
  // out and stays this thread's.
  static TLS_READ_BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// TLS sockets read ciphertext in larger gulps than plain ones read data:
/// bulk TLS receive measured 1.07-1.33 GB/s with 512 KiB reads against
/// 0.99-1.16 with the 128 KiB read blocks (which plain TCP prefers, 2.7-2.8
/// GB/s against 2.0-2.3).
const TLS_READ_SIZE: usize = 512 << 10;

/// Ciphertext handed to rustls per step: its plaintext, with a record
/// carried over from the step before, fits one read block, so decrypted
/// chunks keep the pool's size.
const TLS_FEED: usize = read_blocks::BLOCK_SIZE - (32 << 10);

pub struct Conn {
  pub id: u32,
  pump: Arc<Pump>,
  stream: Stream,
  flags: AtomicU32,
  undelivered: AtomicUsize,
  wake: Notify,
  /// Boxed: a rustls session is kilobytes, and plain sockets (most idle
  /// connections) should not carry its room.
  tls: OnceLock<Box<Mutex<TlsSession>>>,
  /// TLS waiting to start (boxed for the same reason as `tls`).
  pending: Mutex<Option<Box<PendingTls>>>,
}

/// Result of a write attempt from JS.
pub enum WriteOutcome {
  /// Bytes taken by the kernel; fewer than offered means `DRAIN` will come.
  Written(usize),
  /// The socket failed; it is unusable.
  Failed(OsError),
}

impl Conn {
  pub fn new(pump: Arc<Pump>, stream: Stream) -> Arc<Conn> {
    Arc::new(Conn {
      id: pump.next_id(),
      pump,
      stream,
      flags: AtomicU32::new(0),
      undelivered: AtomicUsize::new(0),
      wake: Notify::new(),
      tls: OnceLock::new(),
      pending: Mutex::new(None),
    })
  }

  /// STARTTLS: the runtime installs `session` before its next read, so no
  /// byte is read half as plain text and half as TLS. Plain bytes read
  /// before that are still on their way to JS, which hands them back with
  /// [`Conn::feed_tls`] (they may be the peer's first TLS records) and then
  /// calls [`Conn::resume_after_upgrade`]; an `UPGRADED` event marks the
  /// point. `raw_tap`: report the ciphertext too (Bun's raw socket).
  /// Returns false if the socket already speaks TLS.
  pub fn request_upgrade(&self, session: TlsSession, raw_tap: bool) -> bool {
    let mut slot = lock_pending(&self.pending);
    if self.tls.get().is_some() || matches!(slot.as_deref(), Some(PendingTls::Session { .. })) {
      return false;
    }
    *slot = Some(Box::new(PendingTls::Session {
      session,
      raw_tap,
      prefed: Vec::new(),
    }));
    drop(slot);
    self.set(UPGRADE_REQUESTED);
    true
  }

  /// A client whose TLS starts when JS says (after its `open`, where
  /// `setSession()` may choose a session to resume).
  pub fn hold_client_tls(&self, setup: ClientSetup) {
    *lock_pending(&self.pending) = Some(Box::new(PendingTls::Client(setup)));
  }

  /// The held client configuration, to start TLS with.
  pub fn take_held_client(&self) -> Option<ClientSetup> {
    let mut slot = lock_pending(&self.pending);
    match slot.take().map(|b| *b) {
      Some(PendingTls::Client(setup)) => Some(setup),
      other => {
        *slot = other.map(Box::new);
        None
      }
    }
  }

  fn install_upgrade(self: &Arc<Self>) {
    // The pending lock is held until the bytes fed before the install are
    // processed: a feed that comes later then finds TLS installed and
    // follows them, in order.
    let mut slot = lock_pending(&self.pending);
    if matches!(slot.as_deref(), Some(PendingTls::Session { .. })) && self.tls.get().is_none() {
      if let Some(PendingTls::Session {
        session,
        raw_tap,
        prefed,
      }) = slot.take().map(|b| *b)
      {
        let tap = if raw_tap { RAW_TAP } else { 0 };
        self.flags.fetch_or(UPGRADE_HOLD | tap, Ordering::AcqRel);
        if self.install_tls(session) {
          if let (Some(tls), false) = (self.tls.get(), prefed.is_empty()) {
            self.receive_tls(tls, &prefed);
          }
          self.pump.push(kind::UPGRADED, self.id, 0, &[]);
        }
      }
    }
    drop(slot);
    self.flags.fetch_and(!UPGRADE_REQUESTED, Ordering::AcqRel);
  }

  /// Plain bytes that were read before the upgrade took effect (JS hands
  /// them back in order, before `resume_after_upgrade`). Before the
  /// runtime has installed the session they wait with it.
  pub fn feed_tls(self: &Arc<Self>, bytes: &[u8]) {
    if bytes.is_empty() {
      return;
    }
    let mut slot = lock_pending(&self.pending);
    if let Some(tls) = self.tls.get() {
      self.receive_tls(tls, bytes);
    } else if let Some(PendingTls::Session { prefed, .. }) = slot.as_deref_mut() {
      prefed.extend_from_slice(bytes);
    }
  }

  pub fn resume_after_upgrade(&self) {
    self.unset(UPGRADE_HOLD);
  }

  /// Makes this a TLS socket: from now on bytes are read and written
  /// through `session`. Fails if it already is one.
  pub fn install_tls(&self, session: TlsSession) -> bool {
    if self.tls.set(Box::new(Mutex::new(session))).is_err() {
      return false;
    }
    // A client's hello is waiting to be sent.
    self.set(TLS_PENDING);
    true
  }

  /// The TLS session, for the queries of Bun's TLS methods.
  pub fn tls_session(&self) -> Option<MutexGuard<'_, TlsSession>> {
    self.tls.get().map(|tls| lock_session(tls))
  }

  pub fn stream(&self) -> &Stream {
    &self.stream
  }

  fn set(&self, flag: u32) {
    self.flags.fetch_or(flag, Ordering::AcqRel);
    self.wake.notify_one();
  }

  fn unset(&self, flag: u32) {
    self.flags.fetch_and(!flag, Ordering::AcqRel);
    self.wake.notify_one();
  }

  /// Runs the socket until JS closes it. `announce` is the event that hands
  /// the socket to JS (`ACCEPT` or `CONNECT`), sent once the socket is known
  /// writable: tokio skips the write syscall until it has seen writability,
  /// and a first `write()` in `open` must not come back 0 for no reason.
  pub async fn run(self: Arc<Self>, announce_kind: u32, announce_id: u32) {
    if !self.pump.register_conn(&self) {
      return;
    }
    let writable = self.stream.writable().await;
    if !self.pump.leave_unclaimed(self.clone()) {
      self.pump.unregister_conn(self.id);
      return;
    }
    self.pump.push(announce_kind, announce_id, self.id, &[]);
    if announce_kind == kind::ACCEPT {
      self.pump.note_accepted(announce_id, self.stream.peer_addr());
    }
    if let Err(e) = writable {
      self.fail(&e, "write");
    }
    self.serve().await;
    self.pump.unregister_conn(self.id);
  }

  async fn serve(self: &Arc<Self>) {
    loop {
      // Registered before the flags are read, so a change made after the
      // read still wakes this iteration.
      let woken = self.wake.notified();
      let flags = self.flags.load(Ordering::Acquire);
      if flags & CLOSED != 0 {
        if let (Some(tls), 0) = (self.tls.get(), flags & ABORTED) {
          // A failed connection still sends what it has queued (its fatal
          // alert, which the kernel could not take at once), nothing more.
          let notify = flags & (NOTIFY_ON_CLOSE | FAILED) == NOTIFY_ON_CLOSE;
          if flags & FAILED == 0 || flags & (ALERT_QUEUED | TLS_PENDING) == ALERT_QUEUED | TLS_PENDING {
            // Boxed: inline, this rarely used state made every
            // connection's task 168 bytes larger (496 -> 328).
            Box::pin(self.linger_tls(tls, notify)).await;
          }
        }
        return;
      }
      if flags & FAILED != 0 {
        woken.await;
        continue;
      }
      if flags & UPGRADE_REQUESTED != 0 {
        self.install_upgrade();
        continue;
      }
      let want_read = flags & (PAUSED | READ_DONE | UPGRADE_HOLD) == 0
        && self.undelivered.load(Ordering::Acquire) < READ_BUDGET;
      let want_drain = flags & (WANT_DRAIN | TLS_PENDING) != 0;
      // Errors are always watched: a reset must close a socket that is not
      // reading (paused, over budget, or past the peer's FIN), as in Bun.
      let mut interest = Interest::ERROR;
      if want_read {
        interest |= Interest::READABLE;
      }
      if want_drain {
        interest |= Interest::WRITABLE;
      }
      tokio::select! {
        biased;
        _ = woken => {}
        ready = self.stream.ready(interest) => match ready {
          Ok(ready) => {
            if want_read && (ready.is_readable() || ready.is_read_closed()) {
              self.read_once();
            }
            if want_drain && (ready.is_writable() || ready.is_write_closed()) {
              self.on_writable();
            }
            if ready.is_error() {
              // Not while STARTTLS waits for the plain bytes JS hands back:
              // ciphertext read now would reach rustls out of order.
              if flags & UPGRADE_HOLD == 0 {
                self.read_before_error();
              }
              // Fresh flags: the reads may have met the peer's FIN.
              self.check_error(self.flags.load(Ordering::Acquire));
            }
          }
          Err(e) => self.fail(&e, "read"),
        },
      }
    }
  }

  /// The socket got an error, typically the peer's reset: like Bun, first
  /// read what the peer sent before it (the kernel hands that out ahead of
  /// the error), then the read itself reports the error. Also for a socket
  /// that was not reading (paused, or over its read budget), and past one
  /// read for one that was. Bounded by the kernel's receive buffer, which
  /// takes no more once the connection is reset.
  fn read_before_error(self: &Arc<Self>) {
    const MOST_READS: usize = 1024;
    for _ in 0..MOST_READS {
      if self.flags.load(Ordering::Acquire) & (READ_DONE | CLOSED) != 0 {
        return;
      }
      if self.read_once() == 0 {
        return;
      }
    }
  }

  /// The socket reported an error condition (EPOLLERR).
  fn check_error(&self, flags: u32) {
    match self.stream.sock_ref().take_error() {
      Ok(Some(err)) => {
        // A reset after the peer's FIN means it went away while this side
        // could still write: Bun reports that as EPIPE.
        let err = if flags & READ_DONE != 0 && err.raw_os_error() == Some(libc::ECONNRESET) {
          io::Error::from_raw_os_error(libc::EPIPE)
        } else {
          err
        };
        self.fail(&err, "read");
      }
      // Nothing pending after all: forget the readiness so the loop waits
      // for the next event instead of spinning.
      _ => {
        let _ = self
          .stream
          .try_io(Interest::ERROR, || Err::<(), _>(io::ErrorKind::WouldBlock.into()));
      }
    }
  }

  /// One `recv(2)` and what it brought; returns the bytes read.
  fn read_once(self: &Arc<Self>) -> usize {
    let tls = self.tls.get();
    let buffer = if tls.is_some() { &TLS_READ_BUF } else { &READ_BUF };
    buffer.with(|buf| {
      let mut buf = buf.borrow_mut();
      if buf.capacity() == 0 {
        *buf = match tls {
          Some(_) => Vec::with_capacity(TLS_READ_SIZE),
          None => read_blocks::take(),
        };
      }
      debug_assert!(buf.is_empty(), "every read is delivered before the next");
      let room = buf.capacity();
      let sock = self.stream.sock_ref();
      let mut got = 0usize;
      let result = self.stream.try_io(Interest::READABLE, || {
        let n = recv(&sock, &mut buf)?;
        got = n;
        // A short read has drained the socket: say WouldBlock so tokio
        // forgets the readiness now, rather than paying one more recv(2)
        // to learn it (that extra call was half of all reads). Data that
        // arrives meanwhile raises a new edge, which tokio keeps.
        if n > 0 && n < room {
          Err(io::ErrorKind::WouldBlock.into())
        } else {
          Ok(n)
        }
      });
      if let Some(tls) = tls {
        // One wake-up of JS for all the chunks decrypted from this read
        // (see `Pump::hold_wakes`). Plain reads are one chunk each, and
        // holding several of them back measured slower.
        let steps = || self.pump.hold_wakes(|| self.receive_tls_in_steps(tls, &buf));
        match result {
          Ok(_) => steps(),
          Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
            if got > 0 {
              steps();
            }
          }
          Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
          Err(e) => self.fail(&e, "read"),
        }
        buf.clear();
        return got;
      }
      match result {
        Ok(0) => {
          self.flags.fetch_or(READ_DONE, Ordering::AcqRel);
          self.pump.push(kind::END, self.id, 0, &[]);
        }
        Ok(_) => self.deliver(&mut buf),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
          if got > 0 {
            self.deliver(&mut buf);
          }
        }
        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
        Err(e) => self.fail(&e, "read"),
      }
      got
    })
  }

  /// Queues the bytes of the read block `buf`: copied when few (`buf` is
  /// then emptied for the next read), or the block itself when many (`buf`
  /// is then left without memory, and the next read takes a new block).
  fn deliver(self: &Arc<Self>, buf: &mut Vec<u8>) {
    self.undelivered.fetch_add(buf.len(), Ordering::AcqRel);
    if buf.len() >= read_blocks::HANDOVER_MIN {
      self.pump.push_chunk(self, std::mem::take(buf));
    } else {
      self.pump.push_data(self, buf);
      buf.clear();
    }
  }

  /// The socket is writable again: flush pending TLS records, then report
  /// `DRAIN` if a write came up short.
  fn on_writable(&self) {
    if let Some(tls) = self.tls.get() {
      let mut session = lock_session(tls);
      match self.flush_tls(&mut session) {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
          drop(session);
          self.fail(&e, "write");
          return;
        }
      }
    }
    if self.flags.fetch_and(!WANT_DRAIN, Ordering::AcqRel) & WANT_DRAIN != 0 {
      self.pump.push(kind::DRAIN, self.id, 0, &[]);
    }
  }

  /// Sends the session's pending records without blocking; returns whether
  /// all went out. Keeps `TLS_PENDING` and a deferred shutdown in step.
  fn flush_tls(&self, session: &mut TlsSession) -> io::Result<bool> {
    if !session.wants_write() || self.flags.load(Ordering::Acquire) & SEND_NOTHING != 0 {
      self.flags.fetch_and(!TLS_PENDING, Ordering::AcqRel);
      return Ok(true);
    }
    let sock = self.stream.sock_ref();
    let result = self.stream.try_io(Interest::WRITABLE, || {
      match session.flush(&mut SocketSink(&sock)) {
        Ok(true) => Ok(()),
        // Tell tokio the socket is full, so it waits for the next edge.
        Ok(false) => Err(io::ErrorKind::WouldBlock.into()),
        Err(e) => Err(e),
      }
    });
    match result {
      Ok(()) => {
        let flags = self
          .flags
          .fetch_and(!(TLS_PENDING | SHUT_AFTER_FLUSH), Ordering::AcqRel);
        if flags & SHUT_AFTER_FLUSH != 0 {
          let _ = self.stream.shutdown(Shutdown::Write);
        }
        Ok(true)
      }
      Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
        if self.flags.fetch_or(TLS_PENDING, Ordering::AcqRel) & TLS_PENDING == 0 {
          self.wake.notify_one();
        }
        Ok(false)
      }
      Err(e) => Err(e),
    }
  }

  /// [`Self::receive_tls`] over `input` in steps of at most [`TLS_FEED`]
  /// bytes, until the connection fails. In one go while the handshake is
  /// on (its `DRAIN` follows the data that came with it) and when the raw
  /// half of a STARTTLS pair is told every byte of ciphertext.
  fn receive_tls_in_steps(self: &Arc<Self>, tls: &Mutex<TlsSession>, input: &[u8]) {
    if input.len() <= TLS_FEED
      || self.flags.load(Ordering::Acquire) & RAW_TAP != 0
      || lock_session(tls).is_handshaking()
    {
      return self.receive_tls(tls, input);
    }
    for step in input.chunks(TLS_FEED) {
      self.receive_tls(tls, step);
      if self.flags.load(Ordering::Acquire) & FAILED != 0 {
        return;
      }
    }
  }

  /// Bytes read from a TLS socket (`input` empty: the peer closed TCP).
  fn receive_tls(self: &Arc<Self>, tls: &Mutex<TlsSession>, input: &[u8]) {
    if !input.is_empty() && self.flags.load(Ordering::Acquire) & RAW_TAP != 0 {
      self.pump.push(kind::RAW_DATA, self.id, 0, input);
    }
    PLAIN_BUF.with(|plain| {
      let mut plain = plain.borrow_mut();
      if plain.capacity() == 0 {
        *plain = read_blocks::take();
      }
      let mut session = lock_session(tls);
      let was_handshaking = session.is_handshaking();
      let received = session.receive(input, &mut plain);
      // Handshake replies, alerts and key updates go out now; except the
      // alert refusing the peer's certificate: like Bun (BoringSSL), just
      // close, and the peer sees the connection end mid-handshake.
      let refused_certificate = received
        .error
        .is_some_and(|code| !code.starts_with("ssl:") && code != "ECONNRESET");
      let flushed = if refused_certificate {
        // Nor later (see `SEND_NOTHING`).
        self.flags.fetch_or(SEND_NOTHING, Ordering::AcqRel);
        Ok(true)
      } else {
        self.flush_tls(&mut session)
      };
      let authorization = session.authorization_error();
      let handshaking = session.is_handshaking();
      let resumed_tls12 = session.is_resumed() && session.protocol_version() == Some("TLSv1.2");
      drop(session);
      if received.handshake_done {
        let why = authorization.unwrap_or("");
        self.pump.push(kind::HANDSHAKE, self.id, 1, why.as_bytes());
      }
      if !plain.is_empty() {
        self.deliver(&mut plain);
      }
      if received.new_sessions > 0 && !resumed_tls12 {
        // (BoringSSL does not hand out a resumed TLS 1.2 session again.)
        self.pump.push(kind::SESSION, self.id, received.new_sessions, &[]);
      }
      if let Some(code) = received.error {
        let alert = if matches!(flushed, Ok(false)) {
          ALERT_QUEUED
        } else {
          0
        };
        self.flags.fetch_or(FAILED | READ_DONE | alert, Ordering::AcqRel);
        let event = if was_handshaking && handshaking {
          // The handshake itself failed.
          (kind::HANDSHAKE, 0)
        } else {
          (kind::TLS_ERROR, 0)
        };
        self.pump.push(event.0, self.id, event.1, code.as_bytes());
        return;
      }
      if let Err(e) = flushed {
        self.fail(&e, "write");
        return;
      }
      if received.handshake_done {
        // Bun reports a TLS socket writable once its handshake is done,
        // written to or not (after the data that came with it).
        self.pump.push(kind::DRAIN, self.id, 0, &[]);
      }
      if input.is_empty() && handshaking {
        // The peer left before the handshake ended.
        self.flags.fetch_or(FAILED | READ_DONE, Ordering::AcqRel);
        self.pump.push(kind::HANDSHAKE, self.id, 0, b"ECONNRESET");
        return;
      }
      let ended = received.peer_closed || input.is_empty();
      if ended && self.flags.fetch_or(READ_DONE, Ordering::AcqRel) & READ_DONE == 0 {
        self.pump.push(kind::END, self.id, 0, &[]);
      }
    });
  }

  /// A closed TLS socket: send what `write` accepted (then close_notify
  /// when `notify`), waiting (bounded) for the kernel to take it.
  async fn linger_tls(&self, tls: &Mutex<TlsSession>, notify: bool) {
    if notify {
      lock_session(tls).send_close_notify();
    }
    let deadline = tokio::time::Instant::now() + TLS_LINGER;
    loop {
      match self.flush_tls(&mut lock_session(tls)) {
        Ok(false) => {}
        Ok(true) | Err(_) => return,
      }
      tokio::select! {
        ready = self.stream.ready(Interest::WRITABLE) => if ready.is_err() { return },
        _ = tokio::time::sleep_until(deadline) => return,
      }
    }
  }

  /// The socket broke: stop reading and tell JS, which then closes it.
  fn fail(&self, err: &io::Error, syscall: &'static str) {
    if self.flags.fetch_or(FAILED | READ_DONE, Ordering::AcqRel) & FAILED != 0 {
      return;
    }
    let e = OsError::from_io(err, syscall);
    self
      .pump
      .push(kind::ERROR, self.id, e.code_word, e.syscall.as_bytes());
  }

  /// JS consumed `n` bytes of this socket's data.
  pub fn return_credit(&self, n: usize) {
    let before = self.undelivered.fetch_sub(n, Ordering::AcqRel);
    if before >= READ_BUDGET && before - n < READ_BUDGET {
      self.wake.notify_one();
    }
  }

  // ---- called on the JS thread -------------------------------------------

  /// Writes as much of `data` as the kernel takes now, without blocking and
  /// without buffering the rest: a short count arms `DRAIN`.
  pub fn write(&self, data: &[u8]) -> WriteOutcome {
    if data.is_empty() {
      return WriteOutcome::Written(0);
    }
    if let Some(tls) = self.tls.get() {
      return self.write_tls(tls, data);
    }
    self.write_plain(data)
  }

  /// Sends `data` as is, bypassing TLS (Bun's `raw` socket after
  /// `upgradeTLS()` does that).
  pub fn write_plain(&self, data: &[u8]) -> WriteOutcome {
    if data.is_empty() {
      return WriteOutcome::Written(0);
    }
    let sock = self.stream.sock_ref();
    let mut taken = 0usize;
    let result = self.stream.try_io(Interest::WRITABLE, || {
      loop {
        match sock.send_with_flags(data, libc::MSG_NOSIGNAL) {
          Ok(n) => {
            taken = n;
            // A short write means the kernel buffer is full: report it to
            // tokio as WouldBlock so it drops the stale readiness and the
            // task waits for the next writable edge before `DRAIN`.
            return if n < data.len() {
              Err(io::ErrorKind::WouldBlock.into())
            } else {
              Ok(n)
            };
          }
          Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
          Err(e) => return Err(e),
        }
      }
    });
    match result {
      Ok(n) => WriteOutcome::Written(n),
      Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
        self.set(WANT_DRAIN);
        WriteOutcome::Written(taken)
      }
      Err(e) => {
        // The socket is broken (reset, EPIPE). JS reports -1 now and closes
        // when this error event arrives, as Bun does on its next turn.
        self.fail(&e, "write");
        WriteOutcome::Failed(OsError::from_io(&e, "write"))
      }
    }
  }

  /// Encrypts and sends what the kernel takes now; up to the session's
  /// send buffer more is accepted and left for the runtime to flush.
  fn write_tls(&self, tls: &Mutex<TlsSession>, data: &[u8]) -> WriteOutcome {
    let mut session = lock_session(tls);
    if session.is_handshaking() {
      // Bun takes nothing before the handshake ends (JS reports `drain`
      // after it); buffering here would hide the wait from the caller.
      return WriteOutcome::Written(0);
    }
    let mut accepted = 0usize;
    loop {
      let n = session.write_plaintext(&data[accepted..]);
      accepted += n;
      let all_sent = match self.flush_tls(&mut session) {
        Ok(all_sent) => all_sent,
        Err(e) => {
          drop(session);
          self.fail(&e, "write");
          return WriteOutcome::Failed(OsError::from_io(&e, "write"));
        }
      };
      // Stop when all is taken, when the kernel is full, or when rustls
      // takes nothing (its buffer is full while the handshake runs).
      if accepted == data.len() || !all_sent || n == 0 {
        break;
      }
    }
    if accepted < data.len() {
      self.set(WANT_DRAIN);
    }
    WriteOutcome::Written(accepted)
  }

  /// `shutdown(2)` of one or both directions. For TLS, the write side
  /// ends with close_notify, after the records still pending.
  pub fn shutdown(&self, how: Shutdown) -> Result<(), OsError> {
    if matches!(how, Shutdown::Read | Shutdown::Both) {
      self.set(READ_DONE);
    }
    if let Some(tls) = self.tls.get() {
      if how != Shutdown::Read {
        let mut session = lock_session(tls);
        session.send_close_notify();
        match self.flush_tls(&mut session) {
          Ok(true) => {}
          Ok(false) => {
            self.set(SHUT_AFTER_FLUSH);
            return Ok(());
          }
          Err(e) => return Err(OsError::from_io(&e, "shutdown")),
        }
      }
    }
    match self.stream.shutdown(how) {
      Ok(()) => Ok(()),
      // Already disconnected: the peer is gone, nothing left to shut.
      Err(e) if e.raw_os_error() == Some(libc::ENOTCONN) => Ok(()),
      Err(e) => Err(OsError::from_io(&e, "shutdown")),
    }
  }

  /// Queues an `END` or `HANGUP` event for this socket behind the events
  /// already queued (JS's way to act "on the next loop turn" in order with
  /// the network's events). Other kinds are ignored.
  pub fn queue_event(&self, event: u32) {
    if event == kind::END || event == kind::HANGUP {
      self.pump.push(event, self.id, 0, &[]);
    }
  }

  pub fn pause(&self) {
    self.set(PAUSED);
  }

  /// A write came up short and its `DRAIN` has not been reported yet.
  pub fn awaits_drain(&self) -> bool {
    self.flags.load(Ordering::Acquire) & WANT_DRAIN != 0
  }

  pub fn resume(&self) {
    self.unset(PAUSED);
  }

  /// JS is done: the task ends and the descriptor closes (FIN, or RST if
  /// unread data is pending or `abort` set a zero linger).
  pub fn close(&self) {
    self.set(CLOSED);
  }

  /// Closes gracefully: for TLS, close_notify goes out before the FIN.
  pub fn end(&self) {
    self.set(NOTIFY_ON_CLOSE | CLOSED);
  }

  /// Closes with an RST instead of a FIN (`terminate()`). The reset is
  /// sent before this returns; the zero linger covers Unix sockets and any
  /// kernel that refuses the immediate reset.
  pub fn abort(&self) {
    self.flags.fetch_or(ABORTED, Ordering::AcqRel);
    let _ = self.stream.sock_ref().set_linger(Some(Duration::ZERO));
    let _ = sockopt::reset_now(&self.stream);
    self.close();
  }
}

/// TLS that has not started yet.
// Always boxed (`Conn::pending`), so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
enum PendingTls {
  /// A session to install between two reads (STARTTLS, or a held client
  /// that JS started); `raw_tap`: the ciphertext is reported too.
  Session {
    session: TlsSession,
    raw_tap: bool,
    /// Plain bytes JS handed back before the install: TLS records.
    prefed: Vec<u8>,
  },
  /// A client's configuration, held until JS starts TLS.
  Client(ClientSetup),
}

fn lock_pending(slot: &Mutex<Option<Box<PendingTls>>>) -> MutexGuard<'_, Option<Box<PendingTls>>> {
  slot.lock().unwrap_or_else(|e| e.into_inner())
}

fn lock_session(tls: &Mutex<TlsSession>) -> MutexGuard<'_, TlsSession> {
  // A panic while holding the lock (caught at the FFI boundary) leaves the
  // session usable: rustls' state changes are not half-applied by a panic
  // in our code around it.
  tls.lock().unwrap_or_else(|e| e.into_inner())
}
