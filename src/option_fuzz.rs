//! Property tests of everything that parses caller input on the Rust side:
//! TLS options (certificates, keys, CAs, ALPN, cipher lists, versions,
//! server names), UDP destinations, IP literals and backlogs. Arbitrary
//! input must give a value or an error, never a panic (a panic here would
//! be a JS exception at best, behind `catch_unwind`), and the parsers that
//! accept the usual forms must round-trip them.

use std::net::IpAddr;

use proptest::prelude::*;

use crate::{
  dns::parse_ip_literal,
  options::normalise_backlog,
  tls::config::{
    parse_certs, select_suites, server_name_for, ClientTemplate, Identity, ServerTemplate, TlsParams,
  },
  udp::parse_destination,
};

const SERVER_KEY: &[u8] = include_bytes!("../__test__/fixtures/tls/server.key");
const SERVER_PEM: &[u8] = include_bytes!("../__test__/fixtures/tls/server.pem");
const CA_PEM: &[u8] = include_bytes!("../__test__/fixtures/tls/ca.pem");

/// Bytes that are sometimes near-valid: a real PEM cut, spliced or
/// flipped, as well as noise.
fn pem_like() -> impl Strategy<Value = Vec<u8>> {
  prop_oneof![
    proptest::collection::vec(any::<u8>(), 0..256),
    (0..SERVER_PEM.len()).prop_map(|n| SERVER_PEM[..n].to_vec()),
    (0..SERVER_KEY.len()).prop_map(|n| SERVER_KEY[..n].to_vec()),
    (0..CA_PEM.len(), any::<u8>()).prop_map(|(i, b)| {
      let mut v = CA_PEM.to_vec();
      v[i] ^= b | 1;
      v
    }),
    Just(SERVER_PEM.to_vec()),
    Just(SERVER_KEY.to_vec()),
    Just(b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n".to_vec()),
  ]
}

fn cipher_list() -> impl Strategy<Value = String> {
  let words = prop_oneof![
    Just("ECDHE-RSA-AES128-GCM-SHA256".to_owned()),
    Just("ECDHE-ECDSA-CHACHA20-POLY1305".to_owned()),
    Just("TLS_AES_128_GCM_SHA256".to_owned()),
    Just("HIGH".to_owned()),
    Just("!aNULL".to_owned()),
    Just("@STRENGTH".to_owned()),
    Just("+RC4".to_owned()),
    "[ -~]{0,24}",
  ];
  proptest::collection::vec(words, 0..6).prop_map(|w| w.join(":"))
}

fn params() -> impl Strategy<Value = TlsParams> {
  (
    proptest::option::of((proptest::collection::vec(pem_like(), 0..3), pem_like())),
    proptest::collection::vec(pem_like(), 0..3),
    proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..12), 0..4),
    proptest::option::of(cipher_list()),
    any::<u16>(),
    any::<u16>(),
    any::<bool>(),
    any::<bool>(),
  )
    .prop_map(
      |(identity, ca, alpn, ciphers, min, max, reject, request)| TlsParams {
        identity: identity.map(|(certs, key)| Identity { certs, key }),
        ca,
        alpn,
        ciphers,
        min_version: min,
        max_version: max,
        reject_unauthorized: reject,
        request_cert: request,
        ..TlsParams::default()
      },
    )
}

proptest! {
  #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

  #[test]
  fn tls_configurations_build_or_fail_cleanly(params in params()) {
    let _ = ServerTemplate::new(&params);
    let _ = ClientTemplate::new(&params);
  }

  #[test]
  fn revocation_lists_parse_or_fail_cleanly(blobs in proptest::collection::vec(pem_like(), 0..3)) {
    let params = TlsParams { crl: blobs, ..TlsParams::default() };
    let _ = ClientTemplate::new(&params);
  }

  #[test]
  fn certificates_parse_or_fail_cleanly(blobs in proptest::collection::vec(pem_like(), 0..4)) {
    let _ = parse_certs(&blobs, "cert");
  }

  #[test]
  fn cipher_lists_parse_or_fail_cleanly(list in cipher_list()) {
    let _ = select_suites(&list);
  }

  #[test]
  fn server_names_parse_or_fail_cleanly(name in "\\PC{0,300}") {
    let _ = server_name_for(&name);
  }

  #[test]
  fn destinations_are_ips_only_and_round_trip(text in "\\PC{0,64}", ip in any::<IpAddr>()) {
    if let Some(parsed) = parse_destination(&text) {
      // inet_aton's short forms aside, whatever parses is an address.
      prop_assert!(parsed.ip.is_ipv4() || text.contains(':'));
    }
    prop_assert_eq!(parse_destination(&ip.to_string()).map(|d| d.ip), Some(ip));
    prop_assert_eq!(parse_ip_literal(&ip.to_string()), Some(ip));
    if ip.is_ipv6() {
      prop_assert_eq!(parse_ip_literal(&format!("[{ip}]")), Some(ip));
    }
  }

  #[test]
  fn ip_literals_parse_or_fail_cleanly(text in "\\PC{0,64}") {
    let _ = parse_ip_literal(&text);
  }

  #[test]
  fn backlogs_are_always_positive(backlog in proptest::option::of(any::<i32>())) {
    let b = normalise_backlog(backlog);
    prop_assert!(b > 0);
    if let Some(given) = backlog.filter(|&g| g > 0) {
      prop_assert_eq!(b, given);
    }
  }
}
