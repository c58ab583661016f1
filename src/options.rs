//! Options as the JS layer passes them, normalised into core configs here
//! and nowhere else. `js/options.js` has already validated types and ranges
//! the way Bun does (so its error messages and codes match); these structs
//! only carry the result and supply defaults.

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

use crate::{
  listener::TcpListenConfig,
  tls::config::{Identity, TlsParams, TLS12, TLS13},
};

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

/// The `tls` option of listen/connect (or `upgradeTLS`), read by
/// `js/tls-options.js` into bytes: certificates as PEM or DER, keys
/// decrypted to PKCS#8 DER.
#[napi(object)]
pub struct TlsOptions {
  /// This side's certificate chain (a server's; a client's for mTLS).
  pub cert: Vec<Buffer>,
  pub key: Option<Buffer>,
  /// More server identities, chosen by the name the client asks for.
  pub sni: Vec<SniIdentity>,
  /// Trusted CAs; empty: the Mozilla root store plus `extra_ca`.
  pub ca: Vec<Buffer>,
  pub extra_ca: Vec<Buffer>,
  /// Certificate revocation lists (DER), checked for the peer's certificate.
  pub crl: Option<Vec<Buffer>>,
  pub reject_unauthorized: bool,
  pub request_cert: bool,
  /// ALPN protocol names, in preference order.
  pub alpn: Vec<Buffer>,
  /// An OpenSSL cipher list.
  pub ciphers: Option<String>,
  /// TLS wire versions (0x0303 = TLS 1.2, 0x0304 = TLS 1.3).
  pub min_version: Option<u32>,
  pub max_version: Option<u32>,
}

/// One entry of a server's SNI table.
#[napi(object)]
pub struct SniIdentity {
  pub server_name: String,
  pub cert: Vec<Buffer>,
  pub key: Buffer,
}

fn bytes_of(list: Vec<Buffer>) -> Vec<Vec<u8>> {
  list.into_iter().map(|b| b.to_vec()).collect()
}

impl TlsOptions {
  pub fn into_params(self) -> TlsParams {
    let identity = self.key.map(|key| Identity {
      certs: bytes_of(self.cert),
      key: key.to_vec(),
    });
    TlsParams {
      identity,
      sni: self
        .sni
        .into_iter()
        .map(|s| {
          (
            s.server_name,
            Identity {
              certs: bytes_of(s.cert),
              key: s.key.to_vec(),
            },
          )
        })
        .collect(),
      ca: bytes_of(self.ca),
      extra_ca: bytes_of(self.extra_ca),
      crl: self.crl.map(bytes_of).unwrap_or_default(),
      reject_unauthorized: self.reject_unauthorized,
      request_cert: self.request_cert,
      alpn: bytes_of(self.alpn),
      ciphers: self.ciphers.filter(|c| !c.trim().is_empty()),
      min_version: self.min_version.map_or(TLS12, |v| v.clamp(0, 0xffff) as u16),
      max_version: self.max_version.map_or(TLS13, |v| v.clamp(0, 0xffff) as u16),
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
