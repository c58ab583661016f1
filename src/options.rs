//! Options as the JS layer passes them, normalised into core configs here
//! and nowhere else. `js/options.js` has already validated types and ranges
//! the way Bun does (so its error messages and codes match); these structs
//! only carry the result and supply defaults.

use napi_derive::napi;

use crate::listener::TcpListenConfig;

/// Backlog used when none is given; the same as Bun's (and libuv's) 511.
pub const DEFAULT_BACKLOG: i32 = 511;

/// `Bun.listen({ hostname, port, ... })` for TCP.
#[napi(object)]
pub struct TcpListenOptions {
  /// Interface to bind. Default: all interfaces (IPv6 dual-stack).
  pub hostname: Option<String>,
  /// Port; 0 picks a free one.
  pub port: u32,
  /// Default [`DEFAULT_BACKLOG`].
  pub backlog: Option<i32>,
  /// `SO_REUSEPORT`. Default false.
  pub reuse_port: Option<bool>,
  /// `IPV6_V6ONLY`. Default false (dual-stack).
  pub ipv6_only: Option<bool>,
  /// Do not set `SO_REUSEADDR`. Default false.
  pub exclusive: Option<bool>,
}

impl TcpListenOptions {
  pub fn into_config(self) -> TcpListenConfig {
    TcpListenConfig {
      host: self.hostname.filter(|h| !h.is_empty()),
      // JS validated the range; clamp anyway so no value can wrap.
      port: self.port.min(u16::MAX as u32) as u16,
      backlog: normalise_backlog(self.backlog),
      reuse_port: self.reuse_port.unwrap_or(false),
      ipv6_only: self.ipv6_only.unwrap_or(false),
      exclusive: self.exclusive.unwrap_or(false),
    }
  }
}

/// Non-positive backlogs mean "the default", as in libuv.
pub fn normalise_backlog(backlog: Option<i32>) -> i32 {
  match backlog {
    Some(b) if b > 0 => b,
    _ => DEFAULT_BACKLOG,
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn opts() -> TcpListenOptions {
    TcpListenOptions {
      hostname: None,
      port: 0,
      backlog: None,
      reuse_port: None,
      ipv6_only: None,
      exclusive: None,
    }
  }

  #[test]
  fn defaults_follow_bun() {
    let c = opts().into_config();
    assert_eq!((c.host, c.port, c.backlog), (None, 0, DEFAULT_BACKLOG));
    assert!(!c.reuse_port && !c.ipv6_only && !c.exclusive);
  }

  #[test]
  fn empty_hostname_means_all_interfaces() {
    let c = TcpListenOptions {
      hostname: Some(String::new()),
      ..opts()
    }
    .into_config();
    assert_eq!(c.host, None);
  }

  #[test]
  fn out_of_range_values_cannot_wrap() {
    let c = TcpListenOptions {
      port: 70000,
      backlog: Some(-5),
      ..opts()
    }
    .into_config();
    assert_eq!((c.port, c.backlog), (u16::MAX, DEFAULT_BACKLOG));
  }
}
