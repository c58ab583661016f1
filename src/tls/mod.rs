//! TLS over the same sockets as plain TCP, with rustls.
//!
//! rustls is driven directly (not through tokio-rustls): a socket's TLS
//! state is shared by the JS thread, which encrypts and sends in `write()`
//! as plain sockets do, and the runtime, which reads, decrypts and flushes
//! what the kernel could not take. tokio-rustls' stream owns its state
//! behind `&mut`, which fits neither side.

pub mod config;
pub mod resume;
pub mod session;
pub mod verify;
