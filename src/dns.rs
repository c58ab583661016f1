//! Host name resolution with getaddrinfo, keeping its error code.
//!
//! `std`'s and tokio's resolvers turn getaddrinfo failures into an
//! `io::Error` without the `EAI_*` code, and JS needs that code to report
//! `ENOTFOUND` (name does not exist) apart from `EAI_AGAIN` (resolver
//! unreachable) as Node and Bun do.

use std::net::{IpAddr, SocketAddr};

use dns_lookup::{AddrInfoHints, LookupErrorKind};

use crate::errors::OsError;

/// Resolves `host` for a stream socket, in the resolver's preferred order.
/// IP literals are returned without a lookup. `passive` asks for addresses
/// to bind to rather than to connect to.
pub fn resolve(host: &str, port: u16, passive: bool) -> Result<Vec<SocketAddr>, OsError> {
  if let Some(ip) = parse_ip_literal(host) {
    return Ok(vec![SocketAddr::new(ip, port)]);
  }
  let hints = AddrInfoHints {
    socktype: libc::SOCK_STREAM,
    flags: if passive { libc::AI_PASSIVE } else { 0 },
    ..AddrInfoHints::default()
  };
  let found = dns_lookup::getaddrinfo(Some(host), None, Some(hints)).map_err(|e| match e.kind() {
    LookupErrorKind::System => OsError::from_io(&std::io::Error::from(e), "getaddrinfo"),
    _ => OsError::resolver(e.error_num()),
  })?;
  let mut addrs: Vec<SocketAddr> = Vec::new();
  for info in found.flatten() {
    let addr = SocketAddr::new(info.sockaddr.ip(), port);
    if !addrs.contains(&addr) {
      addrs.push(addr);
    }
  }
  if addrs.is_empty() {
    return Err(OsError::resolver(libc::EAI_NONAME));
  }
  Ok(addrs)
}

/// An IP address literal, with or without IPv6 brackets.
pub fn parse_ip_literal(host: &str) -> Option<IpAddr> {
  let bare = host
    .strip_prefix('[')
    .and_then(|h| h.strip_suffix(']'))
    .unwrap_or(host);
  bare.parse().ok()
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::errors::RESOLVER_FLAG;

  #[test]
  fn literals_skip_the_resolver() {
    assert_eq!(
      resolve("127.0.0.1", 80, false).unwrap(),
      vec!["127.0.0.1:80".parse().unwrap()]
    );
    assert_eq!(
      resolve("[::1]", 81, false).unwrap(),
      vec!["[::1]:81".parse().unwrap()]
    );
    assert_eq!(resolve("::", 0, true).unwrap(), vec!["[::]:0".parse().unwrap()]);
  }

  #[test]
  fn localhost_resolves_to_loopback() {
    let addrs = resolve("localhost", 7, false).unwrap();
    assert!(!addrs.is_empty());
    assert!(addrs.iter().all(|a| a.ip().is_loopback() && a.port() == 7));
  }

  #[test]
  fn unknown_names_are_resolver_errors() {
    let err = resolve("no-such-host.invalid", 1, false).unwrap_err();
    assert_eq!(err.syscall, "getaddrinfo");
    assert_eq!(err.code_word & RESOLVER_FLAG, RESOLVER_FLAG);
  }
}
