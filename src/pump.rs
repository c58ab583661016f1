//! The event pump: how I/O events reach one JS environment.
//!
//! I/O tasks on the runtime push events into one queue per JS environment
//! (the main thread and each worker). Only the push that finds the queue
//! empty wakes the JS thread, through one Node-API threadsafe function, so a
//! burst of events costs one cross-thread wake. On the JS thread the whole
//! queue is handed to JS in one call: a `Uint32Array` of fixed-size records
//! and one `Buffer` holding every payload byte, concatenated. Measured on the
//! target machine this is ~4.7x cheaper per event than one call per event
//! (../shared/DESIGN.md).
//!
//! The threadsafe function is driven through raw Node-API calls rather than
//! napi-rs's wrapper: the pump needs to drain its queue inside the call-back,
//! check every status during environment teardown (when calls start failing)
//! and decide itself what a JS exception means; the wrapper asserts on some
//! of those statuses, and a failed assertion there aborts the process.

use std::{
  cell::{Cell, RefCell},
  collections::{HashMap, VecDeque},
  ffi::c_void,
  net::SocketAddr,
  ptr,
  sync::{
    atomic::{AtomicBool, AtomicU32, Ordering},
    Arc, Mutex, MutexGuard, Weak,
  },
  time::{Duration, Instant},
};

use napi::sys;
use tokio::sync::Notify;

use crate::{conn::Conn, listener::ListenerCore, read_blocks, udp::UdpCore};

/// Event kinds, mirrored in `js/events.js`. Each event is one record of
/// four `u32`s: `[kind, id, aux, end]`, where `end` is the offset
/// in the batch's byte buffer where this event's payload ends (it starts
/// where the previous event's payload ended).
pub mod kind {
  /// A listener accepted a connection. `id`: listener, `aux`: new socket.
  pub const ACCEPT: u32 = 1;
  /// An outgoing connection is established. `id`: request, `aux`: socket.
  pub const CONNECT: u32 = 2;
  /// An outgoing connection failed. `id`: request, `aux`: error code (see
  /// `errors::OsError::code_word`), payload: the syscall name.
  pub const CONNECT_ERROR: u32 = 3;
  /// Bytes arrived. `id`: socket, payload: the bytes.
  pub const DATA: u32 = 4;
  /// The peer closed its write side (FIN). `id`: socket.
  pub const END: u32 = 5;
  /// A write that came up short can continue. `id`: socket.
  pub const DRAIN: u32 = 6;
  /// A socket failed (reset, timeout from the kernel...). `id`: socket,
  /// `aux`: error code, payload: syscall name.
  pub const ERROR: u32 = 7;
  /// Both directions of a socket are finished; JS closes it. Queued by JS
  /// itself (see `socket_queue_event` in binding.rs). `id`: socket.
  pub const HANGUP: u32 = 8;
  /// Bytes arrived, in a chunk of their own (a large read, handed over
  /// without a copy; see `read_blocks`). `id`: socket, `aux`: index of the
  /// chunk in the batch's chunk array.
  pub const CHUNK: u32 = 9;
  /// A TLS handshake ended. `id`: socket, `aux`: 1 if it succeeded,
  /// payload: why the peer is not authorized (an OpenSSL-style code such
  /// as `CERT_HAS_EXPIRED`), or why the handshake failed; empty when the
  /// peer is authorized.
  pub const HANDSHAKE: u32 = 10;
  /// A TLS connection failed after its handshake. `id`: socket, payload:
  /// an OpenSSL-style code (`ERR_SSL_...`).
  pub const TLS_ERROR: u32 = 11;
  /// STARTTLS took effect: DATA events of this socket before this one
  /// were read as plain text. `id`: socket.
  pub const UPGRADED: u32 = 12;
  /// Ciphertext read from an upgraded socket (for Bun's `raw` socket).
  /// `id`: socket, payload: the bytes.
  pub const RAW_DATA: u32 = 13;
  /// A TLS server gave this client a session to resume. `id`: socket,
  /// `aux`: how many.
  pub const SESSION: u32 = 14;
  /// A UDP datagram. `id`: UDP socket, `aux`: sender's port | flags
  /// (`udp::FLAG_TRUNCATED`), payload: address length (4 or 16), the
  /// address, then the data.
  pub const DATAGRAM: u32 = 15;
  /// A UDP socket can send again. `id`: UDP socket.
  pub const UDP_DRAIN: u32 = 16;
  /// A UDP socket's error (an ICMP report...). `id`: UDP socket, `aux`:
  /// error word, payload: syscall name.
  pub const UDP_ERROR: u32 = 17;
}

/// Upper bound on the capacity kept for reuse after a large batch, so one
/// burst of bulk data does not pin megabytes for the life of the process.
const MAX_RETAINED_BYTES: usize = 4 << 20;

/// How long the JS thread may go on taking batches in one turn of the
/// event loop before it lets timers, immediates and other I/O run.
const SAME_TURN: Duration = Duration::from_millis(2);

struct RawTsfn(sys::napi_threadsafe_function);

// SAFETY: Node-API documents `napi_call_threadsafe_function` as callable from
// any thread; the pointer is only dereferenced by Node itself, and the pump
// forgets it (under the queue lock) in the finalizer, before Node frees it.
unsafe impl Send for RawTsfn {}

/// The events waiting for the JS thread.
#[derive(Default)]
struct Batch {
  records: Vec<u32>,
  bytes: Vec<u8>,
  /// The chunks of the `CHUNK` events, in order.
  chunks: Vec<Vec<u8>>,
  /// Bytes of each DATA or CHUNK event, to give back to their socket's read budget
  /// once JS has consumed them.
  credits: Vec<(Arc<Conn>, usize)>,
  /// The same for UDP sockets' datagrams.
  udp_credits: Vec<(Arc<UdpCore>, usize)>,
}

impl Batch {
  fn is_empty(&self) -> bool {
    self.records.is_empty()
  }

  /// Appends one event.
  fn append(&mut self, kind: u32, id: u32, aux: u32, payload: &[u8]) {
    self.bytes.extend_from_slice(payload);
    // Batches are bounded by the per-socket read budget times the sockets
    // of one environment, far below 4 GiB, so offsets fit in u32.
    let end = self.bytes.len() as u32;
    self.records.extend_from_slice(&[kind, id, aux, end]);
  }

  fn clear_for_reuse(&mut self) {
    self.records.clear();
    self.bytes.clear();
    self.credits.clear();
    self.udp_credits.clear();
    for chunk in self.chunks.drain(..) {
      read_blocks::give_back(chunk);
    }
    if self.bytes.capacity() > MAX_RETAINED_BYTES {
      self.bytes.shrink_to(MAX_RETAINED_BYTES);
    }
  }
}

struct Queue {
  batch: Batch,
  /// `None` once the environment is gone: events are then dropped.
  tsfn: Option<RawTsfn>,
  /// The JS thread was asked to take the batch (or is taking it) and looks
  /// at the queue again before it rests: new events need no wake-up.
  js_awake: bool,
}

thread_local! {
  /// The pump whose wake-ups this thread holds back ([`Pump::hold_wakes`]),
  /// and whether one is owed: an event of this thread found JS
  /// resting meanwhile. Per thread, so other runtime threads wake JS as
  /// usual (their events, queued behind held ones, wait for the hold's
  /// end: one read's work).
  static HELD: Cell<(*const Pump, bool)> = const { Cell::new((ptr::null(), false)) };

  /// The chunks of the batch this (JS) thread is delivering. Each becomes a
  /// JS Buffer only when JS reaches its event ([`take_chunk`]), just before
  /// its handler runs. Made all at once, the chunks of a batch waited for
  /// every handler before theirs; behind a slow handler they outlived the
  /// engine's young-generation collections, were promoted, and stayed as
  /// garbage until a full collection: two slow sockets of one server grew
  /// its RSS by 15 to 41 MiB, 14 to 16 MiB since.
  static DELIVERING: RefCell<Vec<Option<Vec<u8>>>> = const { RefCell::new(Vec::new()) };
  /// `DELIVERING` holds a batch that JS left unfinished: other pumps of
  /// this thread (several environments can share one, e.g. a test runner's
  /// per-file contexts) wait for it before delivering.
  static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// Everything of one environment that the runtime must be able to reach.
#[derive(Default)]
struct Tables {
  /// Connections handed over by the runtime that JS has not taken yet.
  unclaimed: HashMap<u32, Arc<Conn>>,
  /// Every live connection and listener, so environment teardown can close
  /// them (a terminated worker must not leave sockets open forever).
  conns: HashMap<u32, Weak<Conn>>,
  listeners: HashMap<u32, Weak<ListenerCore>>,
  udps: HashMap<u32, Weak<UdpCore>>,
  /// Peers of the TCP connections most recently announced by `ACCEPT`,
  /// newest last (bounded by [`RECENT_ACCEPTS`]).
  recent_accepts: VecDeque<SocketAddr>,
  /// How many connections each listener has announced by `ACCEPT`.
  accepts_announced: HashMap<u32, u64>,
}

/// How many accepted peers `Tables::recent_accepts` remembers.
const RECENT_ACCEPTS: usize = 256;

pub struct Pump {
  queue: Mutex<Queue>,
  /// `schedule()`: asks JS to call [`Pump::drain`] in a later turn of the
  /// event loop (`setImmediate`); and the `dispatch` function.
  schedule: JsFunctionRef,
  dispatch: JsFunctionRef,
  /// The batch being delivered is swapped with this one, so both keep their
  /// capacity. Only touched on the JS thread.
  spare: Mutex<Batch>,
  /// When the JS thread began delivering in the current turn of the event
  /// loop. Only touched on the JS thread.
  turn_started: Mutex<Option<Instant>>,
  tables: Mutex<Tables>,
  torn_down: AtomicBool,
  /// Wakes connections waiting for their own listener's `ACCEPT`.
  accept_announced: Notify,
  /// A batch whose events JS is still delivering (it lets promise
  /// callbacks run between events, as Bun does). Only touched on the JS
  /// thread.
  unfinished: Mutex<Unfinished>,
}

/// What a batch that JS left unfinished holds until JS is done with it.
#[derive(Default)]
struct Unfinished {
  active: bool,
  /// Its read budget: given back only then, so a slow handler still holds
  /// the reading back.
  conns: Vec<(Arc<Conn>, usize)>,
  udps: Vec<(Arc<UdpCore>, usize)>,
}

/// A reference to a JS function of the pump's environment.
struct JsFunctionRef(sys::napi_ref);

// SAFETY: the reference is created and read only on its environment's JS
// thread (Node frees it with the environment); the runtime threads that
// share the pump never touch it.
unsafe impl Send for JsFunctionRef {}
// SAFETY: as above.
unsafe impl Sync for JsFunctionRef {}

impl JsFunctionRef {
  /// # Safety
  /// `env` and `function` must be valid handles of the current call.
  unsafe fn new(env: sys::napi_env, function: sys::napi_value) -> napi::Result<Self> {
    let mut reference = ptr::null_mut();
    // SAFETY: caller contract; valid out-pointer.
    check(unsafe { sys::napi_create_reference(env, function, 1, &mut reference) })?;
    Ok(JsFunctionRef(reference))
  }

  /// # Safety
  /// `env` must be the reference's environment, valid for the current call.
  unsafe fn get(&self, env: sys::napi_env) -> Option<sys::napi_value> {
    let mut value = ptr::null_mut();
    // SAFETY: caller contract; valid out-pointer.
    let status = unsafe { sys::napi_get_reference_value(env, self.0, &mut value) };
    (status == sys::Status::napi_ok && !value.is_null()).then_some(value)
  }
}

/// Locks a mutex, ignoring poisoning: every critical section here leaves the
/// data consistent, and a panic elsewhere must not cascade into the pump.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
  m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Pump {
  /// Creates the pump of the calling environment. `dispatch` is the JS
  /// function `(records: Uint32Array, bytes: Buffer | undefined) => void`;
  /// it takes the batch's chunks with [`take_chunk`]. `schedule` is a JS
  /// function that calls [`Pump::drain`] in a later turn of the event loop.
  ///
  /// `resource` is the function's async resource (what `async_hooks`
  /// sees), or null for a blank one.
  ///
  /// # Safety
  /// `env`, `dispatch`, `schedule` and a non-null `resource` must be valid
  /// handles of the current call.
  pub unsafe fn create(
    env: sys::napi_env,
    dispatch: sys::napi_value,
    schedule: sys::napi_value,
    resource: sys::napi_value,
  ) -> napi::Result<(Arc<Pump>, sys::napi_threadsafe_function)> {
    let pump = Arc::new(Pump {
      // SAFETY: caller contract.
      schedule: unsafe { JsFunctionRef::new(env, schedule)? },
      // SAFETY: caller contract.
      dispatch: unsafe { JsFunctionRef::new(env, dispatch)? },
      queue: Mutex::new(Queue {
        batch: Batch::default(),
        tsfn: None,
        js_awake: false,
      }),
      spare: Mutex::new(Batch::default()),
      turn_started: Mutex::new(None),
      tables: Mutex::new(Tables::default()),
      torn_down: AtomicBool::new(false),
      accept_announced: Notify::new(),
      unfinished: Mutex::new(Unfinished::default()),
    });

    let mut name = ptr::null_mut();
    const NAME: &str = "bun-sockets";
    // SAFETY: `env` is valid for this call (caller contract); NAME is a
    // valid UTF-8 buffer of the given length.
    check(unsafe {
      sys::napi_create_string_utf8(env, NAME.as_ptr().cast(), NAME.len() as isize, &mut name)
    })?;

    // The finalizer owns one strong count of the pump: the call-back's
    // context pointer stays valid until Node finalizes the function.
    let context = Arc::into_raw(pump.clone()) as *mut c_void;
    let mut tsfn = ptr::null_mut();
    // SAFETY: all handles are valid for this call; `context` is released by
    // `finalize` exactly once, and `call_js` only borrows it.
    let status = unsafe {
      sys::napi_create_threadsafe_function(
        env,
        dispatch,
        resource,
        name,
        0, // unbounded: at most one call is ever queued (see `push`)
        1,
        context,
        Some(finalize),
        context,
        Some(call_js),
        &mut tsfn,
      )
    };
    if status != sys::Status::napi_ok {
      // SAFETY: creation failed, so Node never took the strong count.
      drop(unsafe { Arc::from_raw(context as *const Pump) });
      return Err(napi::Error::from_status(napi::Status::from(status)));
    }
    // The pump keeps the event loop alive only while JS holds a ref'd
    // socket or listener; JS calls `set_ref` as that count moves.
    // SAFETY: `tsfn` was just created on this environment's thread.
    check(unsafe { sys::napi_unref_threadsafe_function(env, tsfn) })?;
    lock(&pump.queue).tsfn = Some(RawTsfn(tsfn));
    Ok((pump, tsfn))
  }

  pub fn next_id(&self) -> u32 {
    // Unique in the process, not just in this environment: the JS thread's
    // table of open sockets (`open_sockets`) is keyed by id, and one thread
    // can hold several pumps (a test runner evaluating the package once
    // per test file). Skipping 0 keeps it free as "none" on the JS side.
    static NEXT_ID: AtomicU32 = AtomicU32::new(1);
    loop {
      let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
      if id != 0 {
        return id;
      }
    }
  }

  pub fn is_torn_down(&self) -> bool {
    self.torn_down.load(Ordering::Acquire)
  }

  /// Queues one event; wakes the JS thread if the queue was empty.
  pub fn push(&self, kind: u32, id: u32, aux: u32, payload: &[u8]) {
    self.enqueue(|batch| batch.append(kind, id, aux, payload));
  }

  /// Queues the bytes read from `conn`; they count against its read budget
  /// until JS has consumed the batch.
  pub fn push_data(&self, conn: &Arc<Conn>, payload: &[u8]) {
    self.enqueue(|batch| {
      batch.credits.push((conn.clone(), payload.len()));
      batch.append(kind::DATA, conn.id, 0, payload)
    });
  }

  /// Queues a large read from `conn` as a chunk of its own (see
  /// `read_blocks`); like `push_data` for the read budget.
  pub fn push_chunk(&self, conn: &Arc<Conn>, chunk: Vec<u8>) {
    self.enqueue(|batch| {
      let index = batch.chunks.len() as u32;
      batch.credits.push((conn.clone(), chunk.len()));
      batch.chunks.push(chunk);
      batch.append(kind::CHUNK, conn.id, index, &[])
    });
  }

  /// Queues datagrams of `udp` at once (one lock for a whole read):
  /// each is (sender, flags in `aux` above the port, data). Their bytes
  /// count against its read budget until JS has consumed the batch.
  pub fn push_datagrams<'a>(
    &self,
    udp: &Arc<UdpCore>,
    datagrams: impl Iterator<Item = (SocketAddr, u32, &'a [u8])>,
  ) {
    self.enqueue(|batch| {
      let mut credit = 0;
      for (from, flags, data) in datagrams {
        match from.ip() {
          std::net::IpAddr::V4(ip) => {
            batch.bytes.push(4);
            batch.bytes.extend_from_slice(&ip.octets());
          }
          std::net::IpAddr::V6(ip) => {
            batch.bytes.push(16);
            batch.bytes.extend_from_slice(&ip.octets());
          }
        }
        credit += data.len();
        batch.append(kind::DATAGRAM, udp.id, u32::from(from.port()) | flags, data);
      }
      batch.udp_credits.push((udp.clone(), credit));
    });
  }

  /// Adds to the queued batch with `add`; wakes the JS thread unless it is
  /// awake already. Nothing is queued once the environment is gone.
  fn enqueue(&self, add: impl FnOnce(&mut Batch)) {
    let mut q = lock(&self.queue);
    let Some(tsfn) = q.tsfn.as_ref().map(|t| t.0) else {
      return;
    };
    add(&mut q.batch);
    if !q.js_awake && !q.batch.is_empty() {
      let me: *const Pump = self;
      let held = HELD.with(|held| {
        let (pump, _) = held.get();
        let mine = ptr::eq(pump, me);
        if mine {
          held.set((pump, true));
        }
        mine
      });
      if !held {
        wake_js(&mut q, tsfn);
      }
    }
  }

  /// Runs `burst` with this thread's wake-ups of JS held back until its
  /// end: one wake for all the events it queues. A TLS read decrypted
  /// into several chunks otherwise woke JS (a context switch) for each
  /// one, only for JS to take that one chunk and sleep again.
  pub fn hold_wakes<R>(&self, burst: impl FnOnce() -> R) -> R {
    let me: *const Pump = self;
    let outer = HELD.with(|held| held.replace((me, false)));
    if ptr::eq(outer.0, me) {
      // Nested: the outer hold wakes at its end.
      HELD.with(|held| held.set(outer));
      return burst();
    }
    // Released even if `burst` panics: held wakes would stall the pump.
    struct Release<'a>(&'a Pump, (*const Pump, bool));
    impl Drop for Release<'_> {
      fn drop(&mut self) {
        let (_, owed) = HELD.with(|held| held.replace(self.1));
        if owed {
          let mut q = lock(&self.0.queue);
          if let Some(tsfn) = q.tsfn.as_ref().map(|t| t.0) {
            if !q.js_awake && !q.batch.is_empty() {
              wake_js(&mut q, tsfn);
            }
          }
        }
      }
    }
    let _release = Release(self, outer);
    burst()
  }

  /// Hands a connection to JS: it stays here until `claim` takes it.
  /// Returns false (and keeps nothing) once the environment is gone.
  pub fn leave_unclaimed(&self, conn: Arc<Conn>) -> bool {
    let mut t = lock(&self.tables);
    if self.is_torn_down() {
      return false;
    }
    t.unclaimed.insert(conn.id, conn);
    true
  }

  pub fn claim(&self, id: u32) -> Option<Arc<Conn>> {
    lock(&self.tables).unclaimed.remove(&id)
  }

  /// Registers a live connection so that teardown can close it. Returns
  /// false if the environment is already gone (the caller then closes it).
  pub fn register_conn(&self, conn: &Arc<Conn>) -> bool {
    let mut t = lock(&self.tables);
    if self.is_torn_down() {
      return false;
    }
    t.conns.insert(conn.id, Arc::downgrade(conn));
    true
  }

  pub fn unregister_conn(&self, id: u32) {
    let mut t = lock(&self.tables);
    t.conns.remove(&id);
    t.unclaimed.remove(&id);
  }

  /// A UDP socket of this environment (closed at teardown); false once
  /// the environment is gone.
  pub fn register_udp(&self, udp: &Arc<UdpCore>) -> bool {
    let mut t = lock(&self.tables);
    if self.is_torn_down() {
      return false;
    }
    t.udps.insert(udp.id, Arc::downgrade(udp));
    true
  }

  pub fn unregister_udp(&self, id: u32) {
    lock(&self.tables).udps.remove(&id);
  }

  pub fn register_listener(&self, l: &Arc<ListenerCore>) {
    lock(&self.tables).listeners.insert(l.id, Arc::downgrade(l));
  }

  pub fn unregister_listener(&self, id: u32) {
    let mut t = lock(&self.tables);
    t.listeners.remove(&id);
    t.accepts_announced.remove(&id);
  }

  // When a client connects to a listener of the same environment, Bun runs
  // the server's `open` before the client's: both ends are seen in the same
  // turn of its event loop, accept first. Here they are two tasks, so the
  // client's announcement waits (briefly) for the server's. Test suites
  // that run both ends in one process then see Bun's order every time.
  // TCP connections are matched exactly by address; Unix sockets have no
  // peer address, so a Unix client waits for its listener's next accept.

  /// Records that listener `listener` just announced an accepted
  /// connection (from `peer`, for TCP).
  pub fn note_accepted(&self, listener: u32, peer: Option<SocketAddr>) {
    let mut t = lock(&self.tables);
    if let Some(peer) = peer {
      if t.recent_accepts.len() == RECENT_ACCEPTS {
        t.recent_accepts.pop_front();
      }
      t.recent_accepts.push_back(peer);
    }
    *t.accepts_announced.entry(listener).or_default() += 1;
    drop(t);
    self.accept_announced.notify_waiters();
  }

  /// Whether `addr` is served by a TCP listener of this environment.
  pub fn has_listener_at(&self, addr: SocketAddr) -> bool {
    let t = lock(&self.tables);
    t.listeners.values().filter_map(Weak::upgrade).any(|l| {
      l.local_addr()
        .is_some_and(|own| own.port() == addr.port() && (own.ip() == addr.ip() || own.ip().is_unspecified()))
    })
  }

  /// The Unix listener of this environment bound to `path`, with the
  /// number of accepts it has announced so far.
  pub fn unix_listener_at(&self, path: &str) -> Option<(u32, u64)> {
    let t = lock(&self.tables);
    let id = t
      .listeners
      .iter()
      .find(|(_, l)| l.upgrade().is_some_and(|l| l.unix_path() == Some(path)))
      .map(|(id, _)| *id)?;
    Some((id, t.accepts_announced.get(&id).copied().unwrap_or(0)))
  }

  /// Waits until our own listener has announced the connection whose
  /// client end is `client`, for at most `limit`.
  pub async fn wait_for_accept(&self, client: SocketAddr, limit: Duration) {
    self
      .wait_for_tables(limit, |t| {
        let found = t.recent_accepts.iter().position(|p| same_endpoint(*p, client));
        found.map(|i| t.recent_accepts.remove(i)).is_some()
      })
      .await
  }

  /// Waits until Unix listener `listener` has announced more than `seen`
  /// accepts, for at most `limit`.
  pub async fn wait_for_unix_accept(&self, listener: u32, seen: u64, limit: Duration) {
    self
      .wait_for_tables(limit, |t| {
        t.accepts_announced.get(&listener).copied().unwrap_or(0) > seen
      })
      .await
  }

  /// Turns of the runtime granted to a due accept once the wait is over.
  const LAST_CHANCE_YIELDS: usize = 3;

  async fn wait_for_tables(&self, limit: Duration, mut done: impl FnMut(&mut Tables) -> bool) {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
      let announced = self.accept_announced.notified();
      tokio::pin!(announced);
      announced.as_mut().enable();
      if done(&mut lock(&self.tables)) {
        return;
      }
      if tokio::time::timeout_at(deadline, announced).await.is_err() {
        // A starved I/O thread (a loaded machine) wakes with the timer and
        // the listener's readiness due at once: let the accept task, woken
        // by the same poll, run before giving up on it.
        for _ in 0..Self::LAST_CHANCE_YIELDS {
          tokio::task::yield_now().await;
          if done(&mut lock(&self.tables)) {
            return;
          }
        }
        return;
      }
    }
  }

  /// Environment teardown (worker terminated, process exiting): close
  /// everything this environment owns. Runs on the environment's JS thread.
  pub fn teardown(&self) {
    self.torn_down.store(true, Ordering::Release);
    // A batch JS left unfinished never will be.
    self.batch_done();
    let (conns, listeners, unclaimed, udps) = {
      let mut t = lock(&self.tables);
      (
        std::mem::take(&mut t.conns),
        std::mem::take(&mut t.listeners),
        std::mem::take(&mut t.unclaimed),
        std::mem::take(&mut t.udps),
      )
    };
    for udp in udps.values().filter_map(Weak::upgrade) {
      udp.close();
    }
    for (id, conn) in &conns {
      // JS reached these sockets by id through this thread's table (the
      // cleanup hook runs on the environment's thread); nothing will any
      // more, and another environment may live on in this thread.
      crate::open_sockets::remove(*id);
      if let Some(conn) = conn.upgrade() {
        conn.close();
      }
    }
    for conn in unclaimed.values() {
      conn.close();
    }
    for l in listeners.values().filter_map(Weak::upgrade) {
      l.close_at_teardown();
    }
    let mut q = lock(&self.queue);
    q.batch.clear_for_reuse();
  }

  /// Delivers the events queued since the last delivery, when JS asks
  /// (the `setImmediate` that [`Pump::deliver`] scheduled).
  ///
  /// # Safety
  /// `env` must be the pump's environment, valid for the current call, and
  /// not torn down.
  pub unsafe fn drain(&self, env: sys::napi_env) {
    // SAFETY: caller contract.
    match unsafe { self.dispatch.get(env) } {
      // SAFETY: caller contract; `dispatch` was just read.
      Some(dispatch) => unsafe { self.deliver(env, dispatch) },
      None => lock(&self.queue).js_awake = false,
    }
  }

  /// JS finished delivering a batch it had left unfinished: give its read
  /// budget back.
  pub fn batch_done(&self) {
    let Unfinished { active, conns, udps } = std::mem::take(&mut *lock(&self.unfinished));
    if !active {
      return;
    }
    HOLDING.with(|h| h.set(false));
    // Chunks JS did not take (their socket was gone) go back to the pool.
    give_back_undelivered_chunks();
    give_back_credits(conns, udps);
  }

  /// Delivers the queued batch to JS. Runs on the JS thread.
  ///
  /// Events queued meanwhile are taken in the same turn of the event loop
  /// for at most [`SAME_TURN`], then left for a later turn (JS schedules
  /// it). Node runs a threadsafe function again at once when it is called
  /// while running, up to a thousand times, so a steady stream used to
  /// keep the loop from reaching timers, immediates and other I/O (with a
  /// 20 ms data handler, a 3-second timer fired after 80 s).
  ///
  /// # Safety
  /// `env` and `dispatch` must be valid handles of the current call on the
  /// pump's environment (as Node passes them to `call_js`).
  unsafe fn deliver(&self, env: sys::napi_env, dispatch: sys::napi_value) {
    if lock(&self.unfinished).active {
      // The last batch's continuation has not run (Node runs a call's
      // ticks before the next call, unless an uncaught exception holds
      // them up): JS finishes it now, in order, before anything new.
      // SAFETY: forwarded caller contract.
      unsafe { self.call_finish(env, dispatch) };
      // In case JS could not say so itself.
      self.batch_done();
    } else if HOLDING.with(Cell::get) {
      // Another pump of this thread has a batch unfinished: after it.
      // SAFETY: forwarded caller contract.
      if !unsafe { self.schedule_drain(env) } {
        lock(&self.queue).js_awake = false;
      }
      return;
    }
    let started = Instant::now();
    let mut batch = std::mem::take(&mut *lock(&self.spare));
    std::mem::swap(&mut batch, &mut lock(&self.queue).batch);
    if !batch.is_empty() {
      DELIVERING.with(|d| d.borrow_mut().extend(batch.chunks.drain(..).map(Some)));
      // SAFETY: forwarded caller contract.
      if unsafe { self.call_dispatch(env, dispatch, &mut batch) } {
        // JS goes on delivering this batch after the microtasks of this
        // turn, taking its chunks as it reaches them, and then calls
        // `batch_done`: keep the chunks and the read budget until then.
        let mut held = lock(&self.unfinished);
        held.active = true;
        held.conns.append(&mut batch.credits);
        held.udps.append(&mut batch.udp_credits);
        drop(held);
        HOLDING.with(|h| h.set(true));
      } else {
        give_back_undelivered_chunks();
      }
    }
    // The batch is consumed (or undeliverable): give the read budget back.
    give_back_credits(batch.credits.drain(..), batch.udp_credits.drain(..));
    batch.clear_for_reuse();
    *lock(&self.spare) = batch;

    let mut q = lock(&self.queue);
    let more = q.tsfn.is_some() && !q.batch.is_empty();
    q.js_awake = more;
    let mut turn = lock(&self.turn_started);
    let started = *turn.get_or_insert(started);
    if !more {
      *turn = None;
      return;
    }
    if started.elapsed() < SAME_TURN {
      // Busy but brief: take the next batch in this turn (Node calls the
      // threadsafe function again at once), as cheap as before.
      if let Some(tsfn) = q.tsfn.as_ref().map(|t| t.0) {
        wake_js(&mut q, tsfn);
      }
      return;
    }
    *turn = None;
    drop(turn);
    drop(q);
    // SAFETY: forwarded caller contract.
    if !unsafe { self.schedule_drain(env) } {
      // JS could not schedule it (teardown, or a failed call): wake it the
      // other way.
      let mut q = lock(&self.queue);
      match q.tsfn.as_ref().map(|t| t.0) {
        Some(tsfn) => wake_js(&mut q, tsfn),
        None => q.js_awake = false,
      }
    }
  }

  /// Asks JS for a [`Pump::drain`] in a later turn of the event loop;
  /// false if the call failed.
  ///
  /// # Safety
  /// `env` must be the pump's environment, valid for the current call.
  unsafe fn schedule_drain(&self, env: sys::napi_env) -> bool {
    // SAFETY: caller contract.
    let Some(schedule) = (unsafe { self.schedule.get(env) }) else {
      return false;
    };
    let mut recv = ptr::null_mut();
    let mut result = ptr::null_mut();
    // SAFETY: valid env and handles; `schedule` takes no arguments.
    unsafe {
      sys::napi_get_undefined(env, &mut recv);
      sys::napi_call_function(env, recv, schedule, 0, ptr::null(), &mut result) == sys::Status::napi_ok
    }
  }

  /// Asks JS to finish the batch it left unfinished, at once.
  ///
  /// # Safety
  /// As [`Pump::deliver`].
  unsafe fn call_finish(&self, env: sys::napi_env, dispatch: sys::napi_value) {
    let mut recv = ptr::null_mut();
    let mut null = ptr::null_mut();
    let mut result = ptr::null_mut();
    // SAFETY: valid env and function handle (caller contract).
    let status = unsafe {
      sys::napi_get_undefined(env, &mut recv);
      sys::napi_get_null(env, &mut null);
      let args = [null, recv];
      sys::napi_call_function(env, recv, dispatch, args.len(), args.as_ptr(), &mut result)
    };
    if status == sys::Status::napi_pending_exception {
      // SAFETY: valid env with a pending exception.
      unsafe { report_pending_exception(env) };
    }
  }

  /// Calls JS's `dispatch` with the batch; true if JS will finish
  /// delivering it later (and then call [`Pump::batch_done`]).
  ///
  /// # Safety
  /// As [`Pump::deliver`].
  unsafe fn call_dispatch(&self, env: sys::napi_env, dispatch: sys::napi_value, batch: &mut Batch) -> bool {
    // Every status is checked: during teardown any of these can fail, and
    // then the batch is simply dropped.
    let words = batch.records.len();
    let mut ab_data: *mut c_void = ptr::null_mut();
    let mut ab = ptr::null_mut();
    // SAFETY: valid env; Node writes the new buffer's address to `ab_data`.
    if unsafe { sys::napi_create_arraybuffer(env, words * 4, &mut ab_data, &mut ab) } != sys::Status::napi_ok
      || ab_data.is_null()
    {
      return false;
    }
    // SAFETY: `ab_data` points at `words * 4` fresh bytes that nothing else
    // references yet; the source is a live Vec of `words` u32s.
    unsafe { ptr::copy_nonoverlapping(batch.records.as_ptr(), ab_data.cast::<u32>(), words) };
    let mut records = ptr::null_mut();
    // SAFETY: valid env and arraybuffer handle; length matches its size.
    if unsafe {
      sys::napi_create_typedarray(env, sys::TypedarrayType::uint32_array, words, ab, 0, &mut records)
    } != sys::Status::napi_ok
    {
      return false;
    }
    let mut bytes = ptr::null_mut();
    if batch.bytes.is_empty() {
      // SAFETY: valid env.
      unsafe { sys::napi_get_undefined(env, &mut bytes) };
    } else {
      let mut out: *mut c_void = ptr::null_mut();
      // SAFETY: valid env; the source slice is live for the call.
      if unsafe {
        sys::napi_create_buffer_copy(
          env,
          batch.bytes.len(),
          batch.bytes.as_ptr().cast(),
          &mut out,
          &mut bytes,
        )
      } != sys::Status::napi_ok
      {
        return false;
      }
    }
    let mut recv = ptr::null_mut();
    // SAFETY: valid env.
    unsafe { sys::napi_get_undefined(env, &mut recv) };
    let args = [records, bytes];
    let mut result = ptr::null_mut();
    // SAFETY: valid env, function and argument handles.
    let status =
      unsafe { sys::napi_call_function(env, recv, dispatch, args.len(), args.as_ptr(), &mut result) };
    if status == sys::Status::napi_pending_exception {
      // SAFETY: valid env with a pending exception.
      unsafe { report_pending_exception(env) };
      return false;
    }
    // `true`: JS delivers the rest of the batch later in this turn.
    let mut unfinished = false;
    // SAFETY: valid env; `result` is the call's return value (a boolean).
    status == sys::Status::napi_ok
      && unsafe { sys::napi_get_value_bool(env, result, &mut unfinished) } == sys::Status::napi_ok
      && unfinished
  }
}

/// Gives read budget back to the sockets whose bytes JS has consumed.
fn give_back_credits(
  conns: impl IntoIterator<Item = (Arc<Conn>, usize)>,
  udps: impl IntoIterator<Item = (Arc<UdpCore>, usize)>,
) {
  for (conn, n) in conns {
    conn.return_credit(n);
  }
  for (udp, n) in udps {
    udp.return_credit(n);
  }
}

/// Reports the exception JS left pending as an uncaught one. The JS
/// dispatcher catches handler errors itself: one here is a bug in it,
/// not to be swallowed.
///
/// # Safety
/// `env` must be valid for the current call, with an exception pending.
unsafe fn report_pending_exception(env: sys::napi_env) {
  let mut err = ptr::null_mut();
  // SAFETY: caller contract.
  if unsafe { sys::napi_get_and_clear_last_exception(env, &mut err) } == sys::Status::napi_ok
    && !err.is_null()
  {
    // SAFETY: valid env and error handle.
    unsafe { sys::napi_fatal_exception(env, err) };
  }
}

/// Chunks of the delivered batch that JS did not take (their socket was
/// gone) go back to the pool.
fn give_back_undelivered_chunks() {
  DELIVERING.with(|d| {
    d.borrow_mut()
      .drain(..)
      .flatten()
      .for_each(read_blocks::give_back)
  });
}

/// The chunk of the `CHUNK` event numbered `index` (its `aux`) in the batch
/// this thread is delivering, as a Buffer; `None` if it was taken already,
/// if there is no such chunk, or if the environment refuses (teardown).
///
/// # Safety
/// `env` must be valid for the current call.
pub unsafe fn take_chunk(env: sys::napi_env, index: u32) -> Option<sys::napi_value> {
  let chunk = DELIVERING.with(|d| d.borrow_mut().get_mut(index as usize)?.take())?;
  // SAFETY: forwarded caller contract.
  unsafe { chunk_buffer(env, chunk) }
}

/// A Buffer made over a chunk's own memory: ownership moves to JS, and the
/// finalizer returns the memory to `read_blocks`. Past the limit of memory
/// handed out, or where external buffers are not allowed, the chunk is
/// copied instead. `None` if the environment refuses (teardown).
///
/// # Safety
/// `env` must be valid for the current call.
unsafe fn chunk_buffer(env: sys::napi_env, chunk: Vec<u8>) -> Option<sys::napi_value> {
  let mut buffer = ptr::null_mut();
  let status = if read_blocks::reserve_handover(chunk.capacity()) {
    let (data, len, capacity) = read_blocks::release(chunk);
    // SAFETY: valid env; `data` points at `len` initialized bytes that stay
    // alive until the finalizer, called once with `capacity` as its hint.
    let status = unsafe {
      sys::napi_create_external_buffer(
        env,
        len,
        data.cast(),
        Some(read_blocks::finalize),
        capacity as *mut c_void,
        &mut buffer,
      )
    };
    if status == sys::Status::napi_ok {
      status
    } else if status != sys::Status::napi_no_external_buffers_allowed
      && status != sys::Status::napi_invalid_arg
    {
      // Any other failure comes after Node took the memory (it frees it
      // through the finalizer, at once or later), or cannot be told apart
      // from that: leave it, since reclaiming it too would put the block
      // in the pool twice. At worst one block stays unused (teardown).
      status
    } else {
      // Refused before Node took it: the memory is still ours.
      read_blocks::cancel_handover(capacity);
      // SAFETY: released just above and not handed to anyone.
      let mut chunk = unsafe { read_blocks::reclaim(data, capacity) };
      // SAFETY: the first `len` bytes were initialized before the release.
      unsafe { chunk.set_len(len) };
      // SAFETY: valid env (caller contract).
      unsafe { copy_chunk(env, chunk, &mut buffer) }
    }
  } else {
    // SAFETY: valid env (caller contract).
    unsafe { copy_chunk(env, chunk, &mut buffer) }
  };
  (status == sys::Status::napi_ok).then_some(buffer)
}

/// A chunk copied into a Buffer the engine allocates; the block goes back
/// to the pool at once.
///
/// # Safety
/// `env` must be valid for the current call.
unsafe fn copy_chunk(env: sys::napi_env, chunk: Vec<u8>, buffer: &mut sys::napi_value) -> sys::napi_status {
  let mut out = ptr::null_mut();
  // SAFETY: valid env (caller contract); the source slice is live for the call.
  let status =
    unsafe { sys::napi_create_buffer_copy(env, chunk.len(), chunk.as_ptr().cast(), &mut out, buffer) };
  read_blocks::give_back(chunk);
  status
}

/// Asks the JS thread to take the queued batch.
fn wake_js(q: &mut Queue, tsfn: sys::napi_threadsafe_function) {
  q.js_awake = true;
  // SAFETY: `tsfn` is live: it is only forgotten under the queue's lock
  // (held by the caller), in `finalize`, before Node frees it. Called
  // without blocking.
  let status = unsafe {
    sys::napi_call_threadsafe_function(
      tsfn,
      ptr::null_mut(),
      sys::ThreadsafeFunctionCallMode::nonblocking,
    )
  };
  if status != sys::Status::napi_ok {
    // napi_closing: the environment is shutting down. Nothing will ever
    // read this queue again.
    q.tsfn = None;
    q.batch.clear_for_reuse();
  }
}

/// Equal endpoints, treating an IPv4-mapped IPv6 address as its IPv4 form
/// (a dual-stack listener sees IPv4 clients that way).
fn same_endpoint(a: SocketAddr, b: SocketAddr) -> bool {
  let canonical = |s: SocketAddr| SocketAddr::new(s.ip().to_canonical(), s.port());
  canonical(a) == canonical(b)
}

fn check(status: sys::napi_status) -> napi::Result<()> {
  if status == sys::Status::napi_ok {
    Ok(())
  } else {
    Err(napi::Error::from_status(napi::Status::from(status)))
  }
}

/// Node calls this on the JS thread for each queued call.
unsafe extern "C" fn call_js(
  env: sys::napi_env,
  dispatch: sys::napi_value,
  context: *mut c_void,
  _data: *mut c_void,
) {
  if context.is_null() {
    return;
  }
  // SAFETY: `context` is the pump pointer given at creation; the strong
  // count owned by the finalizer keeps it alive while calls can arrive.
  let pump = unsafe { &*(context as *const Pump) };
  if env.is_null() || dispatch.is_null() {
    // Teardown is draining the queue: nothing can be delivered. Give the
    // read budget back so no task waits on it.
    let batch = std::mem::take(&mut lock(&pump.queue).batch);
    give_back_credits(batch.credits, batch.udp_credits);
    return;
  }
  // A panic must not unwind into Node: it would abort the process.
  let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
    // SAFETY: handles passed by Node for this call.
    unsafe { pump.deliver(env, dispatch) }
  }));
  drop(outcome);
}

/// Node calls this once, when the threadsafe function is destroyed
/// (environment teardown).
unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
  if data.is_null() {
    return;
  }
  // SAFETY: `data` is the strong count handed over in `Pump::create`;
  // Node calls the finalizer exactly once.
  let pump = unsafe { Arc::from_raw(data as *const Pump) };
  let mut q = lock(&pump.queue);
  q.tsfn = None;
  q.batch.clear_for_reuse();
}

/// Keeps (or stops keeping) the environment's event loop alive.
///
/// # Safety
/// Must be called on the JS thread of the environment that owns `tsfn`,
/// before that environment's teardown.
pub unsafe fn set_ref(
  env: sys::napi_env,
  tsfn: sys::napi_threadsafe_function,
  keep_alive: bool,
) -> napi::Result<()> {
  // SAFETY: forwarded caller contract.
  check(unsafe {
    if keep_alive {
      sys::napi_ref_threadsafe_function(env, tsfn)
    } else {
      sys::napi_unref_threadsafe_function(env, tsfn)
    }
  })
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn records_carry_where_each_payload_ends() {
    let mut b = Batch::default();
    b.append(kind::DATA, 7, 0, b"abc");
    b.append(kind::END, 7, 0, b"");
    b.append(kind::DATA, 9, 0, b"de");
    assert_eq!(
      b.records,
      [kind::DATA, 7, 0, 3, kind::END, 7, 0, 3, kind::DATA, 9, 0, 5]
    );
    assert_eq!(b.bytes, b"abcde");
  }

  #[test]
  fn reuse_keeps_small_buffers_and_trims_big_ones() {
    let mut b = Batch::default();
    b.append(kind::DATA, 1, 0, &vec![0; 1024]);
    b.clear_for_reuse();
    assert!(b.is_empty() && b.bytes.is_empty());
    assert!(
      b.bytes.capacity() >= 1024,
      "small buffers are kept for the next batch"
    );
    b.append(kind::DATA, 1, 0, &vec![0; MAX_RETAINED_BYTES * 2]);
    b.clear_for_reuse();
    assert!(b.bytes.capacity() <= MAX_RETAINED_BYTES);
    b.append(kind::DRAIN, 1, 0, b"");
    assert_eq!(b.records, [kind::DRAIN, 1, 0, 0], "a cleared batch starts over");
  }

  #[test]
  fn ipv4_mapped_peers_match_their_ipv4_form() {
    let mapped: SocketAddr = "[::ffff:127.0.0.1]:4000".parse().unwrap();
    let plain: SocketAddr = "127.0.0.1:4000".parse().unwrap();
    assert!(same_endpoint(mapped, plain));
    assert!(!same_endpoint(mapped, "127.0.0.1:4001".parse().unwrap()));
    assert!(!same_endpoint("[::1]:4000".parse().unwrap(), plain));
  }
}
