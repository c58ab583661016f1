//! The one tokio runtime of the process.
//!
//! Every JS environment (the main thread and each worker thread) shares it:
//! sockets are plain file descriptors registered with its I/O driver, and the
//! JS threads only ever call non-blocking syscalls on them (`write`,
//! `shutdown`) or push requests to it. One worker thread measured best on a
//! 2-core machine (two workers fight the JS thread for the cores); the
//! `BUN_SOCKETS_IO_THREADS` environment variable overrides it for measurement.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Handle, Runtime};

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// Number of I/O worker threads when `BUN_SOCKETS_IO_THREADS` is unset.
const DEFAULT_IO_THREADS: usize = 1;

fn io_threads() -> usize {
  std::env::var("BUN_SOCKETS_IO_THREADS")
    .ok()
    .and_then(|v| v.trim().parse::<usize>().ok())
    .filter(|n| (1..=64).contains(n))
    .unwrap_or(DEFAULT_IO_THREADS)
}

/// The process-wide runtime, started on first use.
pub fn handle() -> &'static Handle {
  RUNTIME
    .get_or_init(|| {
      Builder::new_multi_thread()
        .worker_threads(io_threads())
        // DNS lookups (getaddrinfo) run on the blocking pool; a handful is
        // plenty and keeps a resolver storm from spawning hundreds of threads.
        .max_blocking_threads(8)
        .thread_name("bun-sockets-io")
        .enable_io()
        .enable_time()
        .build()
        // Without a runtime nothing works, and this only fails when the OS
        // refuses to create a thread or an epoll instance at start-up.
        .expect("bun-sockets: cannot start the I/O runtime")
    })
    .handle()
}
