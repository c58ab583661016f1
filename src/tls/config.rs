//! Turning Bun's `tls` options into rustls configurations.
//!
//! The JS layer has already read every option into bytes (files, strings,
//! Buffers) and decrypted private keys with `node:crypto`, which knows
//! every key format and passphrase scheme OpenSSL does; what arrives here
//! is PEM or DER certificates and unencrypted keys.
//!
//! A server's configuration is built once per listener. A client's is
//! built per connection, because the verifier records that connection's
//! verdict (see `verify.rs`); the root store behind it is shared.

use std::sync::{Arc, OnceLock};

use rustls::{
  client::{VerifierBuilderError, WebPkiServerVerifier},
  crypto::{ring, CryptoProvider},
  pki_types::{
    pem::PemObject, CertificateDer, CertificateRevocationListDer, PrivateKeyDer, PrivatePkcs8KeyDer,
    ServerName,
  },
  server::{ClientHello, ResolvesServerCert, WebPkiClientVerifier},
  sign::CertifiedKey,
  ClientConfig, RootCertStore, ServerConfig, SupportedCipherSuite, SupportedProtocolVersion,
};

use super::{
  resume::SessionStore,
  verify::{ClientVerifier, ConnContext, ServerVerifier},
};

/// Bytes of rustls' output buffer per connection: plaintext accepted ahead
/// of the kernel is bounded by it (see `session.rs`).
pub const SEND_BUFFER_LIMIT: usize = 256 * 1024;

/// A rejected option: `code` and message for the JS error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
  pub code: &'static str,
  pub message: String,
}

fn config_error(code: &'static str, message: impl Into<String>) -> ConfigError {
  ConfigError {
    code,
    message: message.into(),
  }
}

/// One certificate and its key (a server identity, or a client's for mTLS).
#[derive(Debug, Clone, Default)]
pub struct Identity {
  /// PEM (any number of certificates) or DER blobs, leaf first.
  pub certs: Vec<Vec<u8>>,
  /// An unencrypted private key: PKCS#8 DER, or PEM of any kind.
  pub key: Vec<u8>,
}

/// Every TLS option of `Bun.listen` / `Bun.connect`, as bytes.
#[derive(Debug, Clone, Default)]
pub struct TlsParams {
  pub identity: Option<Identity>,
  /// Server identities chosen by SNI: (server name, identity).
  pub sni: Vec<(String, Identity)>,
  /// Trusted CAs; empty means the Mozilla roots.
  pub ca: Vec<Vec<u8>>,
  /// Added to the Mozilla roots when `ca` is empty (NODE_EXTRA_CA_CERTS).
  pub extra_ca: Vec<Vec<u8>>,
  /// Revocation lists (DER); when given, the peer's certificate must be
  /// covered by one of them and not revoked (OpenSSL's CRL check).
  pub crl: Vec<Vec<u8>>,
  pub reject_unauthorized: bool,
  pub request_cert: bool,
  pub alpn: Vec<Vec<u8>>,
  /// An OpenSSL cipher list.
  pub ciphers: Option<String>,
  /// Lowest and highest versions, as TLS wire numbers (0x0303 = 1.2).
  pub min_version: u16,
  pub max_version: u16,
}

pub const TLS12: u16 = 0x0303;
pub const TLS13: u16 = 0x0304;

// ---- certificates and keys -------------------------------------------------

fn is_pem(bytes: &[u8]) -> bool {
  bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

/// Every certificate in `blobs`, PEM or DER.
pub fn parse_certs(blobs: &[Vec<u8>], what: &str) -> Result<Vec<CertificateDer<'static>>, ConfigError> {
  let mut certs = Vec::new();
  for blob in blobs {
    if is_pem(blob) {
      for cert in CertificateDer::pem_slice_iter(blob) {
        certs.push(cert.map_err(|_| config_error("ERR_SSL_PEM_LIB", format!("Invalid PEM in {what}")))?);
      }
    } else if !blob.is_empty() {
      certs.push(CertificateDer::from(blob.clone()));
    }
  }
  Ok(certs)
}

/// The `crl` option's lists. Like OpenSSL's `X509_V_FLAG_CRL_CHECK`, only
/// the peer's own certificate is checked (not its intermediates).
/// Each list is PEM (`X509 CRL` blocks) or DER; webpki parses them when the
/// verifier is built.
fn revocation_lists(params: &TlsParams) -> Result<Vec<CertificateRevocationListDer<'static>>, ConfigError> {
  let unparsable = || config_error("ERR_CRYPTO_OPERATION_FAILED", "Failed to parse CRL");
  let mut lists = Vec::new();
  for blob in &params.crl {
    if is_pem(blob) {
      let before = lists.len();
      for list in CertificateRevocationListDer::pem_slice_iter(blob) {
        lists.push(list.map_err(|_| unparsable())?);
      }
      if lists.len() == before {
        return Err(unparsable());
      }
    } else if blob.is_empty() {
      return Err(unparsable());
    } else {
      lists.push(CertificateRevocationListDer::from(blob.clone()));
    }
  }
  // Parsed here too: a server that does not ask for client certificates
  // builds no verifier, yet Bun refuses a bad list there as well.
  if lists
    .iter()
    .any(|der| webpki::BorrowedCertRevocationList::from_der(der).is_err())
  {
    return Err(unparsable());
  }
  Ok(lists)
}

/// A verifier could not be built: an unparsable revocation list, or CAs
/// webpki refuses.
fn verifier_error(err: VerifierBuilderError) -> ConfigError {
  match err {
    VerifierBuilderError::InvalidCrl(_) => config_error("ERR_CRYPTO_OPERATION_FAILED", "Failed to parse CRL"),
    other => config_error("ERR_SSL_PEM_LIB", format!("Invalid ca: {other}")),
  }
}

fn parse_key(bytes: &[u8]) -> Result<PrivateKeyDer<'static>, ConfigError> {
  let bad_key = || config_error("ERR_SSL_PEM_LIB", "Invalid private key");
  if is_pem(bytes) {
    PrivateKeyDer::from_pem_slice(bytes).map_err(|_| bad_key())
  } else if bytes.is_empty() {
    Err(bad_key())
  } else {
    Ok(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(bytes.to_vec())))
  }
}

fn certified_key(identity: &Identity, provider: &CryptoProvider) -> Result<Arc<CertifiedKey>, ConfigError> {
  let certs = parse_certs(&identity.certs, "cert")?;
  if certs.is_empty() {
    return Err(config_error(
      "ERR_SSL_NO_CERTIFICATE_ASSIGNED",
      "No certificate was given for the key",
    ));
  }
  let key = parse_key(&identity.key)?;
  let signing_key = provider
    .key_provider
    .load_private_key(key)
    .map_err(|_| config_error("ERR_SSL_UNSUPPORTED_KEY", "Unsupported private key type"))?;
  let certified = CertifiedKey::new(certs, signing_key);
  match certified.keys_match() {
    Ok(()) => Ok(Arc::new(certified)),
    // "Unknown" means the key type cannot be compared: let the handshake
    // decide rather than refuse a usable key.
    Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => Ok(Arc::new(certified)),
    Err(_) => Err(config_error(
      "ERR_SSL_KEY_VALUES_MISMATCH",
      "Private key does not match the certificate public key",
    )),
  }
}

fn mozilla_roots() -> &'static RootCertStore {
  static ROOTS: OnceLock<RootCertStore> = OnceLock::new();
  ROOTS.get_or_init(|| RootCertStore {
    roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
  })
}

fn root_store(params: &TlsParams) -> Result<RootCertStore, ConfigError> {
  let (mut store, added) = if params.ca.is_empty() {
    (mozilla_roots().clone(), &params.extra_ca)
  } else {
    (RootCertStore::empty(), &params.ca)
  };
  for cert in parse_certs(added, "ca")? {
    store
      .add(cert)
      .map_err(|_| config_error("ERR_SSL_PEM_LIB", "Invalid certificate in ca"))?;
  }
  Ok(store)
}

// ---- suites and versions ---------------------------------------------------

/// OpenSSL's names for the suites rustls (ring) implements.
/// In BoringSSL's order of preference.
const SUITE_NAMES: &[(&str, &str)] = &[
  ("TLS_AES_128_GCM_SHA256", "TLS13_AES_128_GCM_SHA256"),
  ("TLS_AES_256_GCM_SHA384", "TLS13_AES_256_GCM_SHA384"),
  ("TLS_CHACHA20_POLY1305_SHA256", "TLS13_CHACHA20_POLY1305_SHA256"),
  (
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  ),
  (
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  ),
  (
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  ),
  (
    "ECDHE-RSA-AES128-GCM-SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  ),
  (
    "ECDHE-RSA-AES256-GCM-SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  ),
  (
    "ECDHE-RSA-CHACHA20-POLY1305",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
  ),
];

/// OpenSSL's name of a suite (what `getCipher().name` shows).
pub fn openssl_suite_name(suite: SupportedCipherSuite) -> &'static str {
  let rustls_name = suite.suite().as_str().unwrap_or("");
  SUITE_NAMES
    .iter()
    .find(|(_, r)| *r == rustls_name)
    .map_or(rustls_name, |(o, _)| o)
}

/// The IETF name of a suite (`getCipher().standardName`).
pub fn standard_suite_name(suite: SupportedCipherSuite) -> &'static str {
  // rustls spells the TLS 1.3 suites "TLS13_..."; their standard names
  // (and OpenSSL's) are "TLS_...". The TLS 1.2 names are standard as is.
  if suite.tls13().is_some() {
    openssl_suite_name(suite)
  } else {
    suite.suite().as_str().unwrap_or("")
  }
}

/// The suites an OpenSSL cipher list selects. Names rustls implements are
/// kept in the list's order; keywords (`HIGH`, `!aNULL`, `@SECLEVEL=1`...)
/// and suites rustls lacks (all of them weaker) are skipped. When the list
/// names no TLS 1.3 suite, TLS 1.3 keeps its defaults, as in Node. A list
/// that selects nothing usable is an error, as in OpenSSL.
pub fn select_suites(list: &str) -> Result<Vec<SupportedCipherSuite>, ConfigError> {
  let all = ring::ALL_CIPHER_SUITES;
  let find = |rustls_name: &str| {
    all
      .iter()
      .copied()
      .find(|s| s.suite().as_str() == Some(rustls_name))
  };
  let mut tls13 = Vec::new();
  let mut tls12 = Vec::new();
  let mut keywords = false;
  for entry in list
    .split([':', ',', ' '])
    .map(str::trim)
    .filter(|e| !e.is_empty())
  {
    if let Some((_, rustls_name)) = SUITE_NAMES.iter().find(|(o, _)| o.eq_ignore_ascii_case(entry)) {
      if let Some(suite) = find(rustls_name) {
        let list = if rustls_name.starts_with("TLS13_") {
          &mut tls13
        } else {
          &mut tls12
        };
        if !list.contains(&suite) {
          list.push(suite);
        }
      }
    } else if is_keyword(entry) {
      keywords = true;
    }
  }
  if tls12.is_empty() && keywords {
    tls12 = all.iter().copied().filter(|s| s.tls13().is_none()).collect();
  }
  if tls12.is_empty() && tls13.is_empty() {
    return Err(config_error("ERR_SSL_NO_CIPHER_MATCH", "No cipher match"));
  }
  if tls13.is_empty() {
    tls13 = all.iter().copied().filter(|s| s.tls13().is_some()).collect();
  }
  tls13.extend(tls12);
  Ok(tls13)
}

/// An OpenSSL cipher-string keyword rather than a suite name.
fn is_keyword(entry: &str) -> bool {
  entry.starts_with(['!', '-', '+', '@'])
    || matches!(
      entry.to_ascii_uppercase().as_str(),
      "DEFAULT"
        | "ALL"
        | "HIGH"
        | "MEDIUM"
        | "COMPLEMENTOFDEFAULT"
        | "ECDHE"
        | "EECDH"
        | "AESGCM"
        | "CHACHA20"
        | "AES"
    )
}

fn provider(params: &TlsParams) -> Result<Arc<CryptoProvider>, ConfigError> {
  let mut provider = ring::default_provider();
  provider.cipher_suites = match &params.ciphers {
    Some(list) => select_suites(list)?,
    None => default_suites(),
  };
  Ok(Arc::new(provider))
}

/// Every suite, in BoringSSL's order of preference (AES-128 first), so
/// the same peers negotiate the same suite as with Bun.
fn default_suites() -> Vec<SupportedCipherSuite> {
  SUITE_NAMES
    .iter()
    .filter_map(|(_, rustls_name)| {
      ring::ALL_CIPHER_SUITES
        .iter()
        .copied()
        .find(|s| s.suite().as_str() == Some(rustls_name))
    })
    .collect()
}

fn versions(params: &TlsParams) -> Result<Vec<&'static SupportedProtocolVersion>, ConfigError> {
  let mut chosen = Vec::new();
  if params.min_version <= TLS13 && params.max_version >= TLS13 {
    chosen.push(&rustls::version::TLS13);
  }
  if params.min_version <= TLS12 && params.max_version >= TLS12 {
    chosen.push(&rustls::version::TLS12);
  }
  if chosen.is_empty() {
    return Err(config_error(
      "ERR_TLS_INVALID_PROTOCOL_VERSION",
      "No supported TLS version between minVersion and maxVersion (TLSv1.2 and TLSv1.3 are supported)",
    ));
  }
  Ok(chosen)
}

fn builder_error(e: rustls::Error) -> ConfigError {
  config_error(
    "ERR_SSL_NO_CIPHER_MATCH",
    format!("Invalid TLS configuration: {e}"),
  )
}

// ---- servers ---------------------------------------------------------------

/// Picks the identity whose name the client asked for (SNI), or the
/// default one.
#[derive(Debug)]
struct SniResolver {
  default: Option<Arc<CertifiedKey>>,
  by_name: Vec<(String, Arc<CertifiedKey>)>,
}

fn name_matches(pattern: &str, name: &str) -> bool {
  if pattern.eq_ignore_ascii_case(name) {
    return true;
  }
  // "*.example.com" covers exactly one more label.
  match (pattern.strip_prefix("*."), name.split_once('.')) {
    (Some(suffix), Some((_, rest))) => suffix.eq_ignore_ascii_case(rest),
    _ => false,
  }
}

impl ResolvesServerCert for SniResolver {
  fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
    if let Some(name) = hello.server_name() {
      if let Some((_, key)) = self.by_name.iter().find(|(p, _)| name_matches(p, name)) {
        return Some(key.clone());
      }
    }
    self
      .default
      .clone()
      .or_else(|| self.by_name.first().map(|(_, k)| k.clone()))
  }
}

/// A listener's TLS configuration, shared by its connections.
pub struct ServerTemplate {
  config: Arc<ServerConfig>,
  /// Client certificates are asked for (and checked).
  requests_cert: bool,
}

impl ServerTemplate {
  pub fn new(params: &TlsParams) -> Result<ServerTemplate, ConfigError> {
    let provider = provider(params)?;
    let versions = versions(params)?;
    let crls = revocation_lists(params)?;
    let default = params
      .identity
      .as_ref()
      .map(|id| certified_key(id, &provider))
      .transpose()?;
    let mut by_name = Vec::with_capacity(params.sni.len());
    for (name, id) in &params.sni {
      by_name.push((name.clone(), certified_key(id, &provider)?));
    }
    // Without a certificate the listener still starts, and each handshake
    // fails (NO_CERTIFICATE_SET), as in Bun.
    let resolver = Arc::new(SniResolver { default, by_name });
    let builder = ServerConfig::builder_with_provider(provider.clone())
      .with_protocol_versions(&versions)
      .map_err(builder_error)?;
    let mut config = if params.request_cert {
      let roots = Arc::new(root_store(params)?);
      let inner = WebPkiClientVerifier::builder_with_provider(roots, provider.clone())
        .allow_unauthenticated()
        .with_crls(crls)
        .only_check_end_entity_revocation()
        .build()
        .map_err(verifier_error)?;
      builder
        .with_client_cert_verifier(Arc::new(ClientVerifier {
          inner,
          reject_unauthorized: params.reject_unauthorized,
        }))
        .with_cert_resolver(resolver)
    } else {
      builder.with_no_client_auth().with_cert_resolver(resolver)
    };
    config.alpn_protocols = params.alpn.clone();
    if params.request_cert && !params.reject_unauthorized {
      // A resumed session skips the client's certificate check, and this
      // server lets unverified clients in: resuming could turn one of them
      // authorized. Every handshake is full here.
      config.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
      config.send_tls13_tickets = 0;
    }
    Ok(ServerTemplate {
      config: Arc::new(config),
      requests_cert: params.request_cert,
    })
  }

  /// What one accepted connection starts from.
  pub fn for_connection(&self) -> ServerSetup {
    ServerSetup {
      config: self.config.clone(),
      requests_cert: self.requests_cert,
      context: Arc::new(ConnContext::default()),
    }
  }
}

/// What a connection needs to start a server handshake.
pub struct ServerSetup {
  pub config: Arc<ServerConfig>,
  pub requests_cert: bool,
  pub context: Arc<ConnContext>,
}

// ---- clients ---------------------------------------------------------------

/// What a connection needs to start a client handshake.
pub struct ClientSetup {
  pub config: Arc<ClientConfig>,
  pub server_name: ServerName<'static>,
  /// Its verdict and sessions (`setSession()` may fill it before start).
  pub context: Arc<ConnContext>,
}

/// The server name to verify and send (SNI): `servername`, else the host
/// connected to. IP addresses are verified against the certificate's IP
/// names and not sent, as in OpenSSL.
pub fn server_name_for(name: &str) -> Result<ServerName<'static>, ConfigError> {
  let trimmed = name.trim_start_matches('[').trim_end_matches(']');
  ServerName::try_from(trimmed.to_owned())
    .map_err(|_| config_error("ERR_INVALID_ARG_VALUE", format!("Invalid server name: {name}")))
}

/// A client configuration, shared by every connection made with the same
/// options: rustls resumes a session only under the configuration (its
/// verifier) that made it.
pub struct ClientTemplate {
  config: Arc<ClientConfig>,
}

impl ClientTemplate {
  pub fn new(params: &TlsParams) -> Result<ClientTemplate, ConfigError> {
    let provider = provider(params)?;
    let versions = versions(params)?;
    let roots = Arc::new(root_store(params)?);
    let inner = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
      .with_crls(revocation_lists(params)?)
      .only_check_end_entity_revocation()
      .build()
      .map_err(verifier_error)?;
    let builder = ClientConfig::builder_with_provider(provider.clone())
      .with_protocol_versions(&versions)
      .map_err(builder_error)?
      .dangerous()
      .with_custom_certificate_verifier(Arc::new(ServerVerifier {
        inner,
        reject_unauthorized: params.reject_unauthorized,
      }));
    // A key without a certificate is no client identity: Bun connects
    // without one (a server's needs both).
    let identity = params
      .identity
      .as_ref()
      .filter(|id| id.certs.iter().any(|blob| !blob.is_empty()));
    let mut config = match identity {
      Some(id) => {
        // Checked like a server identity: same errors for the same mistakes.
        certified_key(id, &provider)?;
        builder
          .with_client_auth_cert(parse_certs(&id.certs, "cert")?, parse_key(&id.key)?)
          .map_err(|e| config_error("ERR_SSL_PEM_LIB", format!("Invalid client certificate: {e}")))?
      }
      None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = params.alpn.clone();
    // Sessions are filed per connection (see resume.rs): a connection
    // resumes only the session it is given, as with OpenSSL.
    config.resumption = rustls::client::Resumption::store(Arc::new(SessionStore::default()));
    Ok(ClientTemplate {
      config: Arc::new(config),
    })
  }

  /// What one connection to `server_name` starts from.
  pub fn setup(&self, server_name: &str) -> Result<ClientSetup, ConfigError> {
    Ok(ClientSetup {
      config: self.config.clone(),
      server_name: server_name_for(server_name)?,
      context: Arc::new(ConnContext::default()),
    })
  }
}

/// A client's configuration for one connection, from scratch.
pub fn client_setup(params: &TlsParams, server_name: &str) -> Result<ClientSetup, ConfigError> {
  ClientTemplate::new(params)?.setup(server_name)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn cipher_lists_keep_known_names_and_keywords() {
    let suites = select_suites("ECDHE-RSA-AES128-GCM-SHA256:!aNULL:HIGH").unwrap();
    assert_eq!(suites.iter().filter(|s| s.tls13().is_some()).count(), 3);
    assert_eq!(
      suites.iter().filter(|s| s.tls13().is_none()).count(),
      1,
      "only the named TLS 1.2 suite"
    );
    assert_eq!(
      select_suites("NOT-A-CIPHER").unwrap_err().code,
      "ERR_SSL_NO_CIPHER_MATCH"
    );
    let only13 = select_suites("TLS_AES_128_GCM_SHA256").unwrap();
    assert_eq!(only13.len(), 1);
  }

  #[test]
  fn suite_names_follow_openssl() {
    let suite = ring::ALL_CIPHER_SUITES
      .iter()
      .copied()
      .find(|s| s.suite().as_str() == Some("TLS13_AES_128_GCM_SHA256"))
      .unwrap();
    assert_eq!(openssl_suite_name(suite), "TLS_AES_128_GCM_SHA256");
    assert_eq!(standard_suite_name(suite), "TLS_AES_128_GCM_SHA256");
  }

  #[test]
  fn wildcard_names_cover_one_label() {
    assert!(name_matches("*.a.test", "x.a.test"));
    assert!(!name_matches("*.a.test", "y.x.a.test"));
    assert!(name_matches("A.test", "a.TEST"));
  }
}
