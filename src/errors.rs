//! OS and resolver errors as the JS layer needs them.
//!
//! Rust never builds JS error objects for socket failures: it hands JS an
//! error *word* and a syscall name, and `js/errors.js` turns them into
//! `Error`s with Node's `code`, `errno` and `syscall` (Node's own tables,
//! `util.getSystemErrorName`, give the names, so they match Node exactly).
//!
//! The error word packs both error families into one `u32` event field:
//! an OS errno as is (Linux errnos are small positive numbers), or a
//! getaddrinfo failure as [`RESOLVER_FLAG`] | its (positive) `EAI_*` value.

use std::io;

/// Marks a getaddrinfo (`EAI_*`) error in an error word.
pub const RESOLVER_FLAG: u32 = 0x4000_0000;

/// What went wrong, where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OsError {
  /// Error word, see the module docs.
  pub code_word: u32,
  pub syscall: &'static str,
}

impl OsError {
  pub fn from_io(err: &io::Error, syscall: &'static str) -> Self {
    OsError {
      code_word: errno_of(err) as u32,
      syscall,
    }
  }

  pub fn resolver(eai: i32) -> Self {
    OsError {
      code_word: RESOLVER_FLAG | eai.unsigned_abs(),
      syscall: "getaddrinfo",
    }
  }

  pub fn errno(errno: i32, syscall: &'static str) -> Self {
    OsError {
      code_word: errno as u32,
      syscall,
    }
  }
}

/// The OS errno behind an `io::Error`; errors made inside Rust (without an
/// errno) get the closest errno so JS still sees a meaningful code.
pub fn errno_of(err: &io::Error) -> i32 {
  if let Some(errno) = err.raw_os_error() {
    return errno;
  }
  match err.kind() {
    io::ErrorKind::NotFound => libc::ENOENT,
    io::ErrorKind::PermissionDenied => libc::EACCES,
    io::ErrorKind::ConnectionRefused => libc::ECONNREFUSED,
    io::ErrorKind::ConnectionReset => libc::ECONNRESET,
    io::ErrorKind::ConnectionAborted => libc::ECONNABORTED,
    io::ErrorKind::NotConnected => libc::ENOTCONN,
    io::ErrorKind::AddrInUse => libc::EADDRINUSE,
    io::ErrorKind::AddrNotAvailable => libc::EADDRNOTAVAIL,
    io::ErrorKind::BrokenPipe => libc::EPIPE,
    io::ErrorKind::AlreadyExists => libc::EEXIST,
    io::ErrorKind::WouldBlock => libc::EAGAIN,
    io::ErrorKind::InvalidInput => libc::EINVAL,
    io::ErrorKind::TimedOut => libc::ETIMEDOUT,
    io::ErrorKind::Interrupted => libc::EINTR,
    io::ErrorKind::Unsupported => libc::ENOTSUP,
    io::ErrorKind::OutOfMemory => libc::ENOMEM,
    _ => libc::EIO,
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn os_errors_keep_their_errno() {
    let e = io::Error::from_raw_os_error(libc::ECONNREFUSED);
    assert_eq!(
      OsError::from_io(&e, "connect"),
      OsError {
        code_word: libc::ECONNREFUSED as u32,
        syscall: "connect"
      }
    );
  }

  #[test]
  fn rust_made_errors_get_the_closest_errno() {
    let e = io::Error::new(io::ErrorKind::AddrInUse, "made in Rust");
    assert_eq!(errno_of(&e), libc::EADDRINUSE);
    let e = io::Error::other("anything else");
    assert_eq!(errno_of(&e), libc::EIO);
  }

  #[test]
  fn resolver_errors_are_flagged_and_positive() {
    let word = OsError::resolver(libc::EAI_NONAME).code_word;
    assert_eq!(word & RESOLVER_FLAG, RESOLVER_FLAG);
    assert_eq!(word & !RESOLVER_FLAG, libc::EAI_NONAME.unsigned_abs());
    assert!(word & !RESOLVER_FLAG < RESOLVER_FLAG);
  }
}
