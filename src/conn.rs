//! One connected socket: its read loop on the runtime, its write path on
//! the JS thread, and the hand-off of the file descriptor between them.
//!
//! Ownership: the JS handle and the socket's task each hold an `Arc<Conn>`.
//! The descriptor closes when both let go, which happens promptly: JS drops
//! its reference when the socket closes, and the task ends as soon as it
//! sees [`CLOSED`]. After JS sets `CLOSED` it never touches the socket
//! again, so a close can never race a write.
//!
//! Reads are bounded: bytes handed to the pump count against [`READ_BUDGET`]
//! until JS has consumed them, and a socket over budget stops reading. A
//! peer that floods us then fills the kernel buffers, not our heap.

use std::{
  cell::RefCell,
  io,
  net::Shutdown,
  sync::{
    atomic::{AtomicU32, AtomicUsize, Ordering},
    Arc,
  },
  time::Duration,
};

use tokio::{io::Interest, sync::Notify};

use crate::{
  errors::OsError,
  pump::{kind, Pump},
  read_blocks, sockopt,
  stream::Stream,
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
}

pub struct Conn {
  pub id: u32,
  pump: Arc<Pump>,
  stream: Stream,
  flags: AtomicU32,
  undelivered: AtomicUsize,
  wake: Notify,
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
    })
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
        return;
      }
      if flags & FAILED != 0 {
        woken.await;
        continue;
      }
      let want_read =
        flags & (PAUSED | READ_DONE) == 0 && self.undelivered.load(Ordering::Acquire) < READ_BUDGET;
      let want_drain = flags & WANT_DRAIN != 0;
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
            if want_drain
              && (ready.is_writable() || ready.is_write_closed())
              && self.flags.fetch_and(!WANT_DRAIN, Ordering::AcqRel) & WANT_DRAIN != 0
            {
              self.pump.push(kind::DRAIN, self.id, 0, &[]);
            }
            if ready.is_error() {
              self.check_error(flags);
            }
          }
          Err(e) => self.fail(&e, "read"),
        },
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

  fn read_once(self: &Arc<Self>) {
    READ_BUF.with(|buf| {
      let mut buf = buf.borrow_mut();
      if buf.capacity() == 0 {
        *buf = read_blocks::take();
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
    });
  }

  /// Queues the bytes of the read block `buf`: copied when few (`buf` is
  /// then emptied for the next read), or the block itself when many (`buf`
  /// is then left without memory, and the next read takes a new block).
  fn deliver(self: &Arc<Self>, buf: &mut Vec<u8>) {
    self.undelivered.fetch_add(buf.len(), Ordering::AcqRel);
    if buf.len() >= read_blocks::HANDOVER_MIN {
      let chunk = read_blocks::into_chunk(std::mem::take(buf));
      self.pump.push_chunk(self, chunk);
    } else {
      self.pump.push_data(self, buf);
      buf.clear();
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

  /// `shutdown(2)` of one or both directions.
  pub fn shutdown(&self, how: Shutdown) -> Result<(), OsError> {
    if matches!(how, Shutdown::Read | Shutdown::Both) {
      self.set(READ_DONE);
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

  pub fn resume(&self) {
    self.unset(PAUSED);
  }

  /// JS is done: the task ends and the descriptor closes (FIN, or RST if
  /// unread data is pending or `abort` set a zero linger).
  pub fn close(&self) {
    self.set(CLOSED);
  }

  /// Closes with an RST instead of a FIN (`terminate()`). The reset is
  /// sent before this returns; the zero linger covers Unix sockets and any
  /// kernel that refuses the immediate reset.
  pub fn abort(&self) {
    let _ = self.stream.sock_ref().set_linger(Some(Duration::ZERO));
    let _ = sockopt::reset_now(&self.stream);
    self.close();
  }
}
