//! Certificate verification that reports what OpenSSL would.
//!
//! Bun (OpenSSL) lets code see *why* a peer was not authorized
//! (`authorizationError`, `getAuthorizationError()`), and with
//! `rejectUnauthorized: false` completes the handshake anyway. rustls'
//! verifiers only pass or fail. These wrap webpki's: they record the first
//! failure in the [`Verdict`] of the connection being processed, then fail
//! or pass the handshake as `rejectUnauthorized` says. The handshake
//! signatures are always checked: accepting an unverified chain never
//! means accepting a peer that does not hold the certificate's key.
//!
//! One verifier serves every connection of a configuration (rustls resumes
//! a session only under the verifier that checked it), so the connection
//! is found through [`with_context`]: every call into rustls that can
//! verify or store a session runs inside it, on the calling thread.

use std::{
  cell::RefCell,
  sync::{Arc, Mutex},
};

use super::resume::SessionSlot;

/// What one connection's TLS callbacks report to: its verdict on the
/// peer's certificate and its resumable sessions.
#[derive(Debug, Default)]
pub struct ConnContext {
  pub verdict: Verdict,
  pub sessions: SessionSlot,
}

thread_local! {
  static CURRENT: RefCell<Option<Arc<ConnContext>>> = const { RefCell::new(None) };
}

/// Runs `f` (a call into rustls) with `ctx` as the connection its
/// callbacks report to.
pub fn with_context<R>(ctx: &Arc<ConnContext>, f: impl FnOnce() -> R) -> R {
  /// Puts the previous context back, even if `f` panics.
  struct Restore(Option<Arc<ConnContext>>);
  impl Drop for Restore {
    fn drop(&mut self) {
      let previous = self.0.take();
      CURRENT.with(|c| *c.borrow_mut() = previous);
    }
  }
  let _restore = Restore(CURRENT.with(|c| c.replace(Some(ctx.clone()))));
  f()
}

/// The connection being processed on this thread, if any.
pub fn current_context() -> Option<Arc<ConnContext>> {
  CURRENT.with(|c| c.borrow().clone())
}

fn record(code: &'static str, end_entity: &CertificateDer<'_>) {
  if let Some(ctx) = current_context() {
    ctx.verdict.record(code, end_entity);
  }
}

use rustls::{
  client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier},
  client::WebPkiServerVerifier,
  pki_types::{CertificateDer, ServerName, UnixTime},
  server::danger::{ClientCertVerified, ClientCertVerifier},
  CertificateError, DigitallySignedStruct, DistinguishedName, Error, SignatureScheme,
};

/// The outcome of a peer's certificate check, for one connection.
#[derive(Debug, Default)]
pub struct Verdict(Mutex<Option<(&'static str, Vec<u8>)>>);

impl Verdict {
  /// The OpenSSL-style code of the first failure (`CERT_HAS_EXPIRED`...),
  /// `None` when the peer's certificate was accepted (or none was checked).
  pub fn error(&self) -> Option<&'static str> {
    self
      .0
      .lock()
      .unwrap_or_else(|e| e.into_inner())
      .as_ref()
      .map(|v| v.0)
  }

  /// The refused certificate (DER): rustls keeps no peer certificates
  /// from a failed handshake, and the error message names its hosts.
  pub fn refused_certificate(&self) -> Option<Vec<u8>> {
    self
      .0
      .lock()
      .unwrap_or_else(|e| e.into_inner())
      .as_ref()
      .map(|v| v.1.clone())
  }

  pub fn record(&self, code: &'static str, end_entity: &CertificateDer<'_>) {
    let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
    slot.get_or_insert_with(|| (code, end_entity.to_vec()));
  }
}

/// Verifies servers' certificates for the connections of one client
/// configuration.
#[derive(Debug)]
pub struct ServerVerifier {
  pub inner: Arc<WebPkiServerVerifier>,
  pub reject_unauthorized: bool,
}

impl ServerCertVerifier for ServerVerifier {
  fn verify_server_cert(
    &self,
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
    server_name: &ServerName<'_>,
    ocsp: &[u8],
    now: UnixTime,
  ) -> Result<ServerCertVerified, Error> {
    let check = |at| {
      self
        .inner
        .verify_server_cert(end_entity, intermediates, server_name, ocsp, at)
    };
    verdict(
      now,
      check,
      end_entity,
      intermediates,
      self.reject_unauthorized,
      ServerCertVerified::assertion,
    )
  }

  fn verify_tls12_signature(
    &self,
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
  ) -> Result<HandshakeSignatureValid, Error> {
    self.inner.verify_tls12_signature(message, cert, dss)
  }

  fn verify_tls13_signature(
    &self,
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
  ) -> Result<HandshakeSignatureValid, Error> {
    self.inner.verify_tls13_signature(message, cert, dss)
  }

  fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
    self.inner.supported_verify_schemes()
  }
}

/// Verifies clients' certificates (`requestCert`) for the connections of
/// one listener. A client that sends none is let through unless
/// `rejectUnauthorized`; its verdict then says so.
#[derive(Debug)]
pub struct ClientVerifier {
  pub inner: Arc<dyn ClientCertVerifier>,
  pub reject_unauthorized: bool,
}

/// What OpenSSL reports for a client that sent no certificate.
pub const NO_PEER_CERTIFICATE: &str = "UNABLE_TO_GET_ISSUER_CERT";

impl ClientCertVerifier for ClientVerifier {
  fn offer_client_auth(&self) -> bool {
    true
  }

  fn client_auth_mandatory(&self) -> bool {
    self.reject_unauthorized
  }

  fn root_hint_subjects(&self) -> &[DistinguishedName] {
    self.inner.root_hint_subjects()
  }

  fn verify_client_cert(
    &self,
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
    now: UnixTime,
  ) -> Result<ClientCertVerified, Error> {
    let check = |at| self.inner.verify_client_cert(end_entity, intermediates, at);
    verdict(
      now,
      check,
      end_entity,
      intermediates,
      self.reject_unauthorized,
      ClientCertVerified::assertion,
    )
  }

  fn verify_tls12_signature(
    &self,
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
  ) -> Result<HandshakeSignatureValid, Error> {
    self.inner.verify_tls12_signature(message, cert, dss)
  }

  fn verify_tls13_signature(
    &self,
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
  ) -> Result<HandshakeSignatureValid, Error> {
    self.inner.verify_tls13_signature(message, cert, dss)
  }

  fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
    self.inner.supported_verify_schemes()
  }
}

/// webpki checks a certificate's dates before its issuer; OpenSSL builds
/// the chain first, so a certificate both expired (or not yet valid) and
/// untrusted is refused for its issuer there. When the dates failed, the
/// check is made again at a moment inside the validity period: if the
/// issuer fails then, that is what OpenSSL reports. (Other failures of
/// the retry do not count: OpenSSL checks the host name only once the
/// chain verified, and another certificate of the chain may be outside
/// its own dates at that moment.)
fn in_openssl_order<T>(
  result: Result<T, Error>,
  check_at: impl Fn(UnixTime) -> Result<T, Error>,
) -> Result<T, Error> {
  let inside_validity = match &result {
    Err(Error::InvalidCertificate(CertificateError::ExpiredContext { not_after, .. })) => *not_after,
    Err(Error::InvalidCertificate(CertificateError::NotValidYetContext { not_before, .. })) => *not_before,
    _ => return result,
  };
  match check_at(inside_validity) {
    Err(untrusted @ Error::InvalidCertificate(CertificateError::UnknownIssuer)) => Err(untrusted),
    _ => result,
  }
}

/// Runs `check` (webpki's verification at a given time) at `now`. A
/// refused certificate is recorded with OpenSSL's code; it still fails the
/// handshake only with `rejectUnauthorized` (else `accepted()`).
fn verdict<T>(
  now: UnixTime,
  check: impl Fn(UnixTime) -> Result<T, Error>,
  end_entity: &CertificateDer<'_>,
  intermediates: &[CertificateDer<'_>],
  reject_unauthorized: bool,
  accepted: fn() -> T,
) -> Result<T, Error> {
  in_openssl_order(check(now), check).or_else(|err| {
    record(openssl_code(&err, end_entity, intermediates), end_entity);
    if reject_unauthorized {
      Err(err)
    } else {
      Ok(accepted())
    }
  })
}

/// The code OpenSSL (and so Node and Bun) gives the same failure.
pub fn openssl_code(
  err: &Error,
  end_entity: &CertificateDer<'_>,
  intermediates: &[CertificateDer<'_>],
) -> &'static str {
  let Error::InvalidCertificate(cert_err) = err else {
    return "UNABLE_TO_VERIFY_LEAF_SIGNATURE";
  };
  match cert_err {
    CertificateError::UnknownIssuer => {
      let top = intermediates.last().unwrap_or(end_entity);
      if intermediates.is_empty() && is_self_issued(end_entity) {
        "DEPTH_ZERO_SELF_SIGNED_CERT"
      } else if is_self_issued(top) {
        "SELF_SIGNED_CERT_IN_CHAIN"
      } else if intermediates.is_empty() {
        "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
      } else {
        "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"
      }
    }
    CertificateError::Expired | CertificateError::ExpiredContext { .. } => "CERT_HAS_EXPIRED",
    CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => "CERT_NOT_YET_VALID",
    CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
      "ERR_TLS_CERT_ALTNAME_INVALID"
    }
    CertificateError::Revoked => "CERT_REVOKED",
    // A `crl` was given, but none covers this certificate's issuer.
    CertificateError::UnknownRevocationStatus => "UNABLE_TO_GET_CRL",
    CertificateError::BadSignature => "CERT_SIGNATURE_FAILURE",
    CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => "INVALID_PURPOSE",
    CertificateError::BadEncoding => "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
    // A self-signed certificate that is also a CA fails as "CA used as
    // end entity" in webpki; OpenSSL calls it self-signed first.
    _ if intermediates.is_empty() && is_self_issued(end_entity) => "DEPTH_ZERO_SELF_SIGNED_CERT",
    _ => "CERT_REJECTED",
  }
}

/// Whether a certificate names itself as its issuer (a self-signed
/// certificate, or a root). Only the DER structure is read: `Certificate
/// ::= SEQUENCE { tbs SEQUENCE { [0] version OPTIONAL, serial, sigAlg,
/// issuer, validity, subject, ... }, ... }`.
pub fn is_self_issued(der: &[u8]) -> bool {
  fn parse(der: &[u8]) -> Option<bool> {
    let (tag, cert, _) = der_item(der)?;
    if tag != 0x30 {
      return None;
    }
    let (tag, mut tbs, _) = der_item(cert)?;
    if tag != 0x30 {
      return None;
    }
    let mut fields = Vec::with_capacity(6);
    while fields.len() < 6 && !tbs.is_empty() {
      let (tag, _, whole_len) = der_item(tbs)?;
      fields.push((tag, &tbs[..whole_len]));
      tbs = &tbs[whole_len..];
    }
    let skip = usize::from(fields.first()?.0 == 0xa0);
    let issuer = fields.get(skip + 2)?.1;
    let subject = fields.get(skip + 4)?.1;
    Some(issuer == subject)
  }
  parse(der).unwrap_or(false)
}

/// One DER item at the start of `input`: its tag, its contents and the
/// length of the whole item.
fn der_item(input: &[u8]) -> Option<(u8, &[u8], usize)> {
  let tag = *input.first()?;
  let first = *input.get(1)? as usize;
  let (len, header) = if first < 0x80 {
    (first, 2)
  } else {
    let count = first & 0x7f;
    if count == 0 || count > 4 {
      return None;
    }
    let mut len = 0usize;
    for i in 0..count {
      len = (len << 8) | *input.get(2 + i)? as usize;
    }
    (len, 2 + count)
  };
  let end = header.checked_add(len)?;
  Some((tag, input.get(header..end)?, end))
}

#[cfg(test)]
mod tests {
  use super::*;

  fn pem_cert(name: &str) -> Vec<u8> {
    use rustls::pki_types::pem::PemObject;
    let path = format!("{}/__test__/fixtures/tls/{name}", env!("CARGO_MANIFEST_DIR"));
    CertificateDer::from_pem_file(path).unwrap().to_vec()
  }

  #[test]
  fn self_issued_certificates_are_recognised() {
    assert!(is_self_issued(&pem_cert("self-signed.pem")));
    assert!(is_self_issued(&pem_cert("ca.pem")));
    assert!(!is_self_issued(&pem_cert("server.pem")));
    assert!(!is_self_issued(b"\x30\x03\x02\x01"));
  }

  /// The code recorded for `cert` checked now against `root`, for "localhost".
  fn code_against(root: &str, cert: &str) -> Option<&'static str> {
    code_against_name(root, cert, "localhost")
  }

  fn code_against_name(root: &str, cert: &str, host: &'static str) -> Option<&'static str> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(CertificateDer::from(pem_cert(root))).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = ServerVerifier {
      inner: WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .unwrap(),
      reject_unauthorized: false,
    };
    let ctx = Arc::new(ConnContext::default());
    let name = ServerName::try_from(host).unwrap();
    let end_entity = CertificateDer::from(pem_cert(cert));
    with_context(&ctx, || {
      verifier
        .verify_server_cert(&end_entity, &[], &name, &[], UnixTime::now())
        .unwrap();
    });
    ctx.verdict.error()
  }

  #[test]
  fn an_expired_untrusted_certificate_is_refused_for_its_issuer_first() {
    assert_eq!(code_against("ca.pem", "expired.pem"), Some("CERT_HAS_EXPIRED"));
    assert_eq!(
      code_against("other-ca.pem", "expired.pem"),
      Some("UNABLE_TO_VERIFY_LEAF_SIGNATURE")
    );
    assert_eq!(code_against("ca.pem", "server.pem"), None);
    // The host name counts only once the chain verified (as in OpenSSL).
    assert_eq!(
      code_against_name("ca.pem", "expired.pem", "example.com"),
      Some("CERT_HAS_EXPIRED")
    );
  }

  #[test]
  fn verdict_keeps_the_first_failure() {
    let v = Verdict::default();
    assert_eq!(v.error(), None);
    let cert = CertificateDer::from(pem_cert("server.pem"));
    v.record("CERT_HAS_EXPIRED", &cert);
    v.record("ERR_TLS_CERT_ALTNAME_INVALID", &cert);
    assert_eq!(v.error(), Some("CERT_HAS_EXPIRED"));
    assert_eq!(v.refused_certificate().as_deref(), Some(&cert[..]));
  }
}
