'use strict'
// Certificates as Bun's TLS methods show them: `getPeerCertificate()` /
// `getCertificate()` objects in Node's `PeerCertificate` shape, built from
// the DER bytes with `node:crypto`'s X509Certificate (the same OpenSSL
// formatting Node and Bun use for names, dates and fingerprints).

const { X509Certificate } = require('node:crypto')

const NIST_CURVES = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp224r1: 'P-224' }

/** "O=x\nCN=y" -> { O: 'x', CN: 'y' } (null prototype; repeats -> arrays). */
function parseName(text) {
  const out = Object.create(null)
  if (!text) return out
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=')
    if (eq <= 0) continue
    const key = line.slice(0, eq)
    const value = line.slice(eq + 1)
    const seen = out[key]
    if (seen === undefined) out[key] = value
    else if (Array.isArray(seen)) seen.push(value)
    else out[key] = [seen, value]
  }
  return out
}

/** "OCSP - URI:http://x\nCA Issuers - URI:http://y" -> Node's object form. */
function parseInfoAccess(text) {
  if (!text) return undefined
  const out = Object.create(null)
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const key = line.slice(0, colon)
    ;(out[key] ??= []).push(line.slice(colon + 1))
  }
  return out
}

function publicKeyFields(x509) {
  const key = x509.publicKey
  const details = key.asymmetricKeyDetails || {}
  if (key.asymmetricKeyType === 'ec') {
    const jwk = key.export({ format: 'jwk' })
    const x = Buffer.from(jwk.x, 'base64url')
    const y = Buffer.from(jwk.y, 'base64url')
    return {
      bits: x.length * 8 === 528 ? 521 : x.length * 8,
      pubkey: Buffer.concat([Buffer.from([4]), x, y]),
      asn1Curve: details.namedCurve,
      nistCurve: NIST_CURVES[details.namedCurve],
    }
  }
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    const jwk = key.export({ format: 'jwk' })
    return {
      bits: details.modulusLength,
      modulus: Buffer.from(jwk.n, 'base64url').toString('hex').toUpperCase(),
      exponent: `0x${BigInt(`0x${Buffer.from(jwk.e, 'base64url').toString('hex')}`).toString(16)}`,
      pubkey: key.export({ format: 'der', type: 'spki' }),
    }
  }
  return { pubkey: key.export({ format: 'der', type: 'spki' }) }
}

/** One certificate (DER) in Node's `PeerCertificate` shape. */
function describeCertificate(der) {
  const x509 = new X509Certificate(der)
  const cert = {
    subject: parseName(x509.subject),
    issuer: parseName(x509.issuer),
    subjectaltname: x509.subjectAltName,
    infoAccess: parseInfoAccess(x509.infoAccess),
    ...publicKeyFields(x509),
    valid_from: x509.validFrom,
    valid_to: x509.validTo,
    fingerprint: x509.fingerprint,
    fingerprint256: x509.fingerprint256,
    fingerprint512: x509.fingerprint512,
    ext_key_usage: x509.keyUsage,
    serialNumber: x509.serialNumber.toUpperCase(),
    raw: Buffer.from(der),
    ca: x509.ca,
  }
  return cert
}

/**
 * A chain (DER, leaf first) with each certificate's issuer attached as
 * `issuerCertificate`, completed from `trusted` (DER of the trusted CAs)
 * when the peer did not send its root; a self-issued root points to
 * itself, as in Node.
 */
function describeChain(chain, trusted) {
  const x509s = chain.map((der) => new X509Certificate(der))
  const described = chain.map(describeCertificate)
  for (let i = 0; i < described.length; i++) {
    const x = x509s[i]
    if (i + 1 < described.length && x.checkIssued(x509s[i + 1])) {
      described[i].issuerCertificate = described[i + 1]
      continue
    }
    if (x.checkIssued(x)) {
      described[i].issuerCertificate = described[i]
      break
    }
    const issuer = trusted.map((der) => new X509Certificate(der)).find((ca) => x.checkIssued(ca))
    if (issuer !== undefined) {
      const node = describeCertificate(issuer.raw)
      if (issuer.checkIssued(issuer)) node.issuerCertificate = node
      described[i].issuerCertificate = node
    }
    break
  }
  return described[0]
}

/** Every DER certificate in PEM text or DER bytes. */
function certificatesIn(bytes) {
  const text = bytes.toString('latin1')
  if (!text.includes('-----BEGIN')) return bytes.length > 0 ? [Buffer.from(bytes)] : []
  const found = []
  const re = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g
  let m
  while ((m = re.exec(text)) !== null) found.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'))
  return found
}

module.exports = { describeCertificate, describeChain, certificatesIn, X509Certificate }
