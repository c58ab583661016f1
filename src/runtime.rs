//! The one tokio runtime of the process.
//!
//! Every JS environment (the main thread and each worker thread) shares it:
//! sockets are plain file descriptors registered with its I/O driver, and the
//! JS threads only ever call non-blocking syscalls on them (`write`,
//! `shutdown`) or push requests to it. One thread measured best on a 2-core
//! machine (two workers fight the JS thread for the cores); the
//! `BUN_SOCKETS_IO_THREADS` environment variable asks for a multi-thread
//! runtime with that many workers, for measurement.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Handle};

static RUNTIME: OnceLock<Handle> = OnceLock::new();

/// Number of I/O worker threads when `BUN_SOCKETS_IO_THREADS` is unset.
const DEFAULT_IO_THREADS: usize = 1;

fn io_threads() -> usize {
  std::env::var("BUN_SOCKETS_IO_THREADS")
    .ok()
    .and_then(|v| v.trim().parse::<usize>().ok())
    .filter(|n| (1..=64).contains(n))
    .unwrap_or(DEFAULT_IO_THREADS)
}

/// Makes the calling I/O thread wait for a free core rather than preempt a
/// running JS thread when an event wakes it (Linux `SCHED_BATCH`).
///
/// Under load the JS thread is the bottleneck: it runs the handlers and
/// every `write()`. With normal wake-up preemption, each burst of readiness
/// woke the I/O thread onto the JS thread's core and pushed JS off it; on 2
/// cores the 50-connection echo server was switched out ~0.1 times per
/// message and ran 25-35% slower than with this policy. When a core is
/// idle the I/O thread runs at once either way, so latency is unchanged.
/// `BUN_SOCKETS_IO_SCHED=normal` keeps the default policy (to measure).
fn yield_to_js_threads() {
  #[cfg(target_os = "linux")]
  if std::env::var("BUN_SOCKETS_IO_SCHED").as_deref() != Ok("normal") {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: plain syscall on the calling thread (pid 0) with a valid
    // parameter block; failure only leaves the default policy in place.
    unsafe { libc::sched_setscheduler(0, libc::SCHED_BATCH, &param) };
  }
}

/// The process-wide runtime, started on first use.
pub fn handle() -> &'static Handle {
  RUNTIME.get_or_init(|| {
    let threads = io_threads();
    let mut builder = if threads == 1 {
      // One thread runs the tasks in the order their sockets became ready,
      // as an event loop does: several clients' messages of one moment
      // reach JS in the order they came. A one-worker multi-thread runtime
      // ran the last task woken first (its LIFO slot), so they arrived
      // rotated (the last writer's first).
      Builder::new_current_thread()
    } else {
      let mut builder = Builder::new_multi_thread();
      builder.worker_threads(threads);
      builder
    };
    let runtime = builder
      // DNS lookups (getaddrinfo) run on the blocking pool; a handful is
      // plenty and keeps a resolver storm from spawning hundreds of threads.
      .max_blocking_threads(8)
      .thread_name("bun-sockets-io")
      .on_thread_start(yield_to_js_threads)
      .enable_io()
      .enable_time()
      .build()
      // Without a runtime nothing works, and this only fails when the OS
      // refuses to create a thread or an epoll instance at start-up.
      .expect("bun-sockets: cannot start the I/O runtime");
    let handle = runtime.handle().clone();
    if threads == 1 {
      // A current-thread runtime runs its tasks on the thread that drives
      // it: a dedicated one, for the life of the process.
      std::thread::Builder::new()
        .name("bun-sockets-io".into())
        .spawn(move || {
          yield_to_js_threads();
          runtime.block_on(std::future::pending::<()>());
        })
        .expect("bun-sockets: cannot start the I/O thread");
    } else {
      // Its workers run on their own; the runtime must only stay alive.
      std::mem::forget(runtime);
    }
    handle
  })
}
