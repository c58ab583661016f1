'use strict'
// TLS failures as Bun reports them. The native side names each failure
// with a code: an X.509 verification result (`CERT_HAS_EXPIRED`), a
// BoringSSL reason (`ssl:<number>:<NAME>`), or `ECONNRESET` for a peer
// that left mid-handshake. Bun's errors are plain `Error`s with own
// `code` and `errno: 0`; BoringSSL reasons read
// "error:<packed>:SSL routines:OPENSSL_internal:<NAME>" with code EPROTO.

const { X509Certificate } = require('node:crypto')

// OpenSSL's texts for the verification results.
const VERIFY_MESSAGES = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self signed certificate in certificate chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_REVOKED: 'certificate revoked',
  UNABLE_TO_GET_CRL: 'unable to get certificate CRL',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  INVALID_PURPOSE: 'unsupported certificate purpose',
  CERT_REJECTED: 'certificate rejected',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'unable to decode issuer public key',
}

const DISCONNECTED = 'Client network socket disconnected before secure TLS connection was established'

function plainError(message, code) {
  const err = new Error(message)
  err.code = code
  err.errno = 0
  return err
}

/** A BoringSSL failure: `ssl:<reason number>:<NAME>`. */
function sslError(code) {
  const [, number, name] = code.split(':')
  const packed = ((0x10 << 24) | Number(number)) >>> 0
  return plainError(`error:${packed.toString(16).padStart(8, '0')}:SSL routines:OPENSSL_internal:${name}`, 'EPROTO')
}

/** Node's message for a certificate that does not name the host. */
function altnameMessage(leafDer, host) {
  let altNames = ''
  try {
    if (leafDer !== undefined) altNames = new X509Certificate(leafDer).subjectAltName || ''
  } catch {
    // An unreadable certificate lists no names.
  }
  const isIp = /^[\d.]+$/.test(host) || host.includes(':')
  if (isIp) {
    const ips = altNames
      .split(', ')
      .filter((n) => n.startsWith('IP Address:'))
      .map((n) => n.slice('IP Address:'.length))
    return `Hostname/IP does not match certificate's altnames: IP: ${host} is not in the cert's list: ${ips.join(', ')}`
  }
  return `Hostname/IP does not match certificate's altnames: Host: ${host}. is not in the cert's altnames: ${altNames}`
}

/** Why a peer is not authorized, or why its handshake failed. */
function authorizationError(code, leafDer, host) {
  if (code.startsWith('ssl:')) return sslError(code)
  if (code === 'ECONNRESET') return plainError(DISCONNECTED, 'ECONNRESET')
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return plainError(altnameMessage(leafDer, host || ''), code)
  return plainError(VERIFY_MESSAGES[code] || code.toLowerCase().replace(/_/g, ' '), code)
}

const handshakeError = (code) => authorizationError(code)

/** A TLS failure after the handshake (an alert, a bad record). */
const tlsError = (code) => authorizationError(code)

module.exports = { authorizationError, handshakeError, tlsError }
