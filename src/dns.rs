//! Host name resolution with getaddrinfo, keeping its error code.
//!
//! `std`'s and tokio's resolvers turn getaddrinfo failures into an
//! `io::Error` without the `EAI_*` code, and JS needs that code to report
//! `ENOTFOUND` (name does not exist) apart from `EAI_AGAIN` (resolver
//! unreachable) as Node and Bun do.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use dns_lookup::{AddrInfoHints, LookupErrorKind};

use crate::errors::OsError;

/// Resolves `host` for a stream socket, in the resolver's preferred order.
/// IP literals are returned without a lookup. `passive` asks for addresses
/// to bind to rather than to connect to.
pub fn resolve(host: &str, port: u16, passive: bool) -> Result<Vec<SocketAddr>, OsError> {
  // Bun takes "[::1]" from clients but not from listeners, which resolve
  // it as a (bad) name.
  let literal = if passive {
    host.parse().ok()
  } else {
    parse_ip_literal(host)
  };
  if let Some(ip) = literal {
    return Ok(vec![SocketAddr::new(ip, port)]);
  }
  if host.eq_ignore_ascii_case("localhost") {
    return Ok(localhost(port, passive));
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
    // The whole address, not just its IP: an IPv6 zone ("fe80::1%eth0")
    // comes back as the scope id, without which link-local addresses fail.
    let mut addr = info.sockaddr;
    addr.set_port(port);
    if !addrs.contains(&addr) {
      addrs.push(addr);
    }
  }
  if addrs.is_empty() {
    return Err(OsError::resolver(libc::EAI_NONAME));
  }
  Ok(addrs)
}

/// Bun does not ask the resolver about "localhost": a client tries `::1`
/// first, then `127.0.0.1` (whatever /etc/hosts says), and a listener binds
/// `127.0.0.1` only.
fn localhost(port: u16, passive: bool) -> Vec<SocketAddr> {
  let v4 = SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port);
  if passive {
    vec![v4]
  } else {
    vec![SocketAddr::new(Ipv6Addr::LOCALHOST.into(), port), v4]
  }
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
    assert!(resolve("[::1]", 0, true).is_err(), "listeners take no brackets");
  }

  #[test]
  fn zones_become_scope_ids() {
    // (glibc takes a zone on link-local addresses only.)
    let addrs = resolve("fe80::1%lo", 82, false).unwrap();
    assert_eq!(addrs, vec!["[fe80::1%1]:82".parse().unwrap()]);
    match addrs[0] {
      SocketAddr::V6(v6) => assert_eq!(v6.scope_id(), 1),
      SocketAddr::V4(_) => panic!("an IPv6 address was expected"),
    }
  }

  #[test]
  fn localhost_is_both_loopbacks_for_clients_and_ipv4_for_listeners() {
    assert_eq!(
      resolve("localhost", 7, false).unwrap(),
      vec!["[::1]:7".parse().unwrap(), "127.0.0.1:7".parse().unwrap()]
    );
    assert_eq!(
      resolve("LocalHost", 7, true).unwrap(),
      vec!["127.0.0.1:7".parse().unwrap()]
    );
  }

  #[test]
  fn unknown_names_are_resolver_errors() {
    let err = resolve("no-such-host.invalid", 1, false).unwrap_err();
    assert_eq!(err.syscall, "getaddrinfo");
    assert_eq!(err.code_word & RESOLVER_FLAG, RESOLVER_FLAG);
  }
}
