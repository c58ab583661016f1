'use strict'
// The `tls` option of Bun.listen / Bun.connect / upgradeTLS, validated the
// way Bun 1.4.4 validates it and read into what the native side takes
// (src/options.rs `TlsOptions`): certificates as bytes, keys decrypted to
// PKCS#8 DER by node:crypto (which knows every key format and passphrase
// scheme OpenSSL does).
//
// Bun's rules kept here:
// - `tls: true` is TLS with defaults; `false`, `null`, `undefined` and a
//   function are plain TCP; other non-objects (and arrays) throw.
// - An object that sets nothing meaningful (`{}`, `{ ca: [] }`,
//   `{ requestCert: false }`...) is plain TCP too.
// - Every error is thrown synchronously, by listen and connect alike.
// - `ALPNProtocols` is in wire format (length-prefixed names); a string
//   that is not valid wire format is ignored, as in Bun.

const crypto = require('node:crypto')
const fs = require('node:fs')
const { X509Certificate } = require('node:crypto')
const { bufferOf } = require('./bytes.js')
const { codedError, invalidArgType, outOfRange } = require('./errors.js')
const { isBunFile, readBytesSync } = require('./file.js')
const { certificatesIn } = require('./certificate.js')
const { isPlain } = require('./tls.js')
const nativeBinding = require('./binding.js')

const TLS12 = 0x0303
const TLS13 = 0x0304
// OpenSSL's SSL_OP_NO_TLSv1_2 / SSL_OP_NO_TLSv1_3.
/** SSL 3.0, TLS 1.0 and TLS 1.1: known to Bun, spoken by neither. */
const OLD_VERSIONS = [0x0300, 0x0301, 0x0302]
const NO_TLS12 = 0x08000000
const NO_TLS13 = 0x20000000

const SOURCE_TYPES = 'string, ArrayBuffer, Blob, array of <string, ArrayBuffer, or Blob>, or null'

/** A BoringSSL error as Bun throws it: own library/function/reason/code. */
function boringError(packed, library, reason, code) {
  const err = new Error(`error:${packed}:${library}:OPENSSL_internal:${reason}`)
  err.library = library
  err.function = 'OPENSSL_internal'
  err.reason = reason
  err.code = code
  return err
}

const noStartLine = () => boringError('0900006e', 'PEM routines', 'NO_START_LINE', 'ERR_OSSL_PEM_NO_START_LINE')
const decodeError = () => boringError('0c00006d', 'ASN.1 encoding routines', 'DECODE_ERROR', 'ERR_OSSL_ASN1_DECODE_ERROR')
const badDecrypt = () => boringError('1e000065', 'Cipher functions', 'BAD_DECRYPT', 'ERR_OSSL_BAD_DECRYPT')
const keyMismatch = () =>
  boringError('0b000074', 'X.509 certificate routines', 'KEY_VALUES_MISMATCH', 'ERR_OSSL_X509_KEY_VALUES_MISMATCH')

/** One source of PEM/DER bytes: string, buffer, ArrayBuffer or Bun.file. */
function sourceBytes(value) {
  if (typeof value === 'string') return Buffer.from(value)
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return bufferOf(value)
  if (isBunFile(value)) return readBytesSync(value)
  return undefined
}

/** `key`, `cert` or `ca`: a source or an array of them; [] when absent. */
function readSources(value, name) {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) {
    return value.map((item) => {
      const bytes = sourceBytes(item)
      if (bytes === undefined) {
        throw invalidArgType(`element of TLSOptions.${name} must be of type string, ArrayBuffer, or Blob`)
      }
      return bytes
    })
  }
  const bytes = sourceBytes(value)
  if (bytes === undefined) throw invalidArgType(`TLSOptions.${name} must be of type ${SOURCE_TYPES}`)
  return [bytes]
}

/**
 * A `keyFile`, `certFile`, `caFile` or `dhParamsFile` option (undocumented
 * in bun-types, read by Bun 1.4.4): the file's contents, read now; [] when
 * absent.
 */
function readPathOption(options, name) {
  const path = optionalType(options, name, 'string')
  if (path === undefined) return []
  try {
    return [fs.readFileSync(path)]
  } catch (err) {
    // Bun can open a directory, then finds no PEM in it.
    if (err.code === 'EISDIR') throw noStartLine()
    throw invalidArgType(`Unable to access ${name} path`)
  }
}

function optionalType(options, name, type) {
  const value = options[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== type) throw invalidArgType(`TLSOptions.${name} must be a ${type}`)
  return value
}

const isPem = (bytes) => bytes.includes('-----BEGIN')

/** Certificates, checked as BoringSSL would load them. */
function checkCertificates(list) {
  for (const bytes of list) {
    if (bytes.length === 0) continue
    const ders = certificatesIn(bytes)
    if (ders.length === 0) throw isPem(bytes) ? decodeError() : noStartLine()
    for (const der of ders) {
      try {
        new X509Certificate(der)
      } catch {
        throw decodeError()
      }
    }
  }
}

/** A private key (any format node:crypto reads) as unencrypted PKCS#8 DER. */
function readKey(bytes, passphrase) {
  let key
  try {
    if (isPem(bytes)) {
      key = crypto.createPrivateKey({ key: bytes, format: 'pem', passphrase: passphrase ?? '' })
    } else if (bytes.length > 0 && bytes[0] === 0x30) {
      key = crypto.createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' })
    } else {
      throw noStartLine()
    }
  } catch (err) {
    if (err && err.library === 'PEM routines') throw err
    const text = String(err && (err.reason || err.message || '')).toLowerCase()
    if (text.includes('decrypt') || text.includes('passphrase') || text.includes('bad password')) throw badDecrypt()
    throw decodeError()
  }
  return key.export({ format: 'der', type: 'pkcs8' })
}

/** ALPN wire format ("\x02h2\x08http/1.1") -> list of names, or [] if malformed. */
function parseAlpn(value) {
  if (value === undefined || value === null) return []
  let bytes
  if (typeof value === 'string') bytes = Buffer.from(value, 'latin1')
  else if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) bytes = bufferOf(value)
  else throw invalidArgType('TLSOptions.ALPNProtocols must be of type string, ArrayBuffer, or null')
  const names = []
  for (let i = 0; i < bytes.length; ) {
    const len = bytes[i]
    if (len === 0 || i + 1 + len > bytes.length) return []
    names.push(Buffer.from(bytes.subarray(i + 1, i + 1 + len)))
    i += 1 + len
  }
  return names
}

let extraCaCache
/** NODE_EXTRA_CA_CERTS, read once (as Node does at start-up). */
function extraCa() {
  if (extraCaCache === undefined) {
    extraCaCache = []
    const file = process.env.NODE_EXTRA_CA_CERTS
    if (file) {
      try {
        extraCaCache = [fs.readFileSync(file)]
      } catch (err) {
        process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${err.message}`)
      }
    }
  }
  return extraCaCache
}

// The options a TLS configuration is made of. A client that connects
// again with the same `tls` object (same values) reuses what was parsed.
const OPTION_NAMES = [
  'key',
  'cert',
  'ca',
  'passphrase',
  'serverName',
  'servername',
  'rejectUnauthorized',
  'requestCert',
  'lowMemoryMode',
  'ciphers',
  'minVersion',
  'maxVersion',
  'secureOptions',
  'ALPNProtocols',
  'crl',
  'keyFile',
  'certFile',
  'caFile',
  'dhParamsFile',
]
const clientCache = new WeakMap()
// Options seen lately, compared by value: a client that builds a new `tls`
// object per connect still shares one configuration, which session
// resumption needs (rustls resumes only under the configuration that made
// the session, as OpenSSL under one SSL_CTX).
const recentClients = []
const RECENT_LIMIT = 16

function sameValue(a, b) {
  if (a === b) return true
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) return bufferOf(a).equals(bufferOf(b))
  if (a instanceof ArrayBuffer && b instanceof ArrayBuffer) return bufferOf(a).equals(bufferOf(b))
  if (isBunFile(a) && isBunFile(b)) return a.name !== undefined && a.name === b.name
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  return false
}

// Compared by value: a CA list or Buffer changed in place since the last
// connect must not keep the old configuration (that would be stale trust).
function sameOptions(tls, snapshot) {
  for (let i = 0; i < OPTION_NAMES.length; i++) {
    if (!sameValue(tls[OPTION_NAMES[i]], snapshot[i])) return false
  }
  return true
}

/** A copy of an option value that later changes to it cannot reach. */
function frozenCopy(value) {
  if (Array.isArray(value)) return value.map(frozenCopy)
  if (ArrayBuffer.isView(value)) return Buffer.from(bufferOf(value))
  if (value instanceof ArrayBuffer) return bufferOf(value).buffer.slice(0)
  return value
}

/**
 * `parseTlsOptions` for clients, remembered across connects while the
 * option values stay equal (a file changed on disk behind the same
 * Bun.file path is not seen).
 */
function parseClientTlsOptions(tls) {
  if (tls === null || typeof tls !== 'object' || Array.isArray(tls)) return parseTlsOptions(tls, false)
  const cached = clientCache.get(tls)
  if (cached !== undefined && sameOptions(tls, cached.snapshot)) return cached.parsed
  let entry = recentClients.find((e) => sameOptions(tls, e.snapshot))
  if (entry === undefined) {
    entry = { snapshot: OPTION_NAMES.map((name) => frozenCopy(tls[name])), parsed: parseTlsOptions(tls, false) }
    recentClients.unshift(entry)
    if (recentClients.length > RECENT_LIMIT) recentClients.pop()
  }
  clientCache.set(tls, entry)
  return entry.parsed
}

/** The native client configuration of parsed options (made once). */
function clientContext(parsed) {
  if (parsed.context === undefined) {
    const context = nativeBinding.createClientTls(parsed.native)
    if (typeof context.tlsCode === 'string') throw tlsConfigError(context)
    parsed.context = context
  }
  return parsed.context
}

/**
 * Reads `tls` for listen (`isServer`) or connect. Returns `null` for plain
 * TCP, else `{ native, serverName, certs, ca }`: the native options, the
 * name to verify and send (clients), and the DER certificates of this side
 * and of the trusted CAs (for getCertificate/getPeerCertificate).
 */
function parseTlsOptions(tls, isServer) {
  if (isPlain(tls)) return null
  const explicit = tls === true
  if (explicit) tls = {}
  else if (typeof tls !== 'object' || Array.isArray(tls)) throw invalidArgType('TLSOptions must be an object')

  const keys = [...readSources(tls.key, 'key'), ...readPathOption(tls, 'keyFile')]
  const certs = [...readSources(tls.cert, 'cert'), ...readPathOption(tls, 'certFile')]
  const ca = [...readSources(tls.ca, 'ca'), ...readPathOption(tls, 'caFile')]
  const crl = readSources(tls.crl, 'crl')
  // Checked like Bun (which can use DH parameters); rustls has no DHE suites.
  readPathOption(tls, 'dhParamsFile')
  const passphrase = optionalType(tls, 'passphrase', 'string')
  const serverName = optionalType(tls, 'serverName', 'string') ?? optionalType(tls, 'servername', 'string')
  const rejectUnauthorized = optionalType(tls, 'rejectUnauthorized', 'boolean')
  const requestCert = optionalType(tls, 'requestCert', 'boolean')
  const lowMemoryMode = optionalType(tls, 'lowMemoryMode', 'boolean')
  const ciphers = optionalType(tls, 'ciphers', 'string')
  const minVersion = optionalType(tls, 'minVersion', 'number')
  const maxVersion = optionalType(tls, 'maxVersion', 'number')
  const secureOptions = optionalType(tls, 'secureOptions', 'number')
  if (secureOptions !== undefined && !(secureOptions >= 0 && secureOptions <= 0xffffffff)) {
    throw outOfRange(`TLSOptions.secureOptions must be in the range [0, 4294967295] (received ${secureOptions})`)
  }
  const alpn = parseAlpn(tls.ALPNProtocols)

  const meaningful =
    explicit ||
    keys.length > 0 ||
    certs.length > 0 ||
    ca.length > 0 ||
    crl.length > 0 ||
    passphrase !== undefined ||
    serverName !== undefined ||
    rejectUnauthorized !== undefined ||
    requestCert === true ||
    lowMemoryMode === true ||
    ciphers !== undefined ||
    minVersion !== undefined ||
    maxVersion !== undefined ||
    (secureOptions !== undefined && secureOptions !== 0) ||
    (tls.ALPNProtocols !== undefined && tls.ALPNProtocols !== null)
  if (!meaningful) return null

  checkCertificates(certs)
  for (const bytes of ca) {
    try {
      checkCertificates([bytes])
      if (bytes.length > 0 && certificatesIn(bytes).length === 0) throw new Error('no certificate')
    } catch {
      throw codedError(Error, 'ERR_BORINGSSL', 'Invalid CA')
    }
  }
  const key = keys.length > 0 ? readKey(keys[0], passphrase) : undefined
  const certDers = certs.flatMap(certificatesIn)
  if (key !== undefined && certDers.length > 0) {
    const publicFromKey = crypto.createPublicKey(crypto.createPrivateKey({ key, format: 'der', type: 'pkcs8' }))
    if (!new X509Certificate(certDers[0]).publicKey.equals(publicFromKey)) throw keyMismatch()
  }

  // Values Bun does not know are ignored, as there. A maximum of SSL 3.0,
  // TLS 1.0 or 1.1 leaves no version this package speaks: the native side
  // refuses that configuration (Bun fails each handshake instead); never
  // a connection above the maximum asked for.
  let min = minVersion === TLS12 || minVersion === TLS13 ? minVersion : TLS12
  let max = maxVersion === TLS12 || maxVersion === TLS13 || OLD_VERSIONS.includes(maxVersion) ? maxVersion : TLS13
  if (secureOptions !== undefined) {
    if (secureOptions & NO_TLS13) max = TLS12
    if (secureOptions & NO_TLS12) min = TLS13
  }

  const caDers = ca.flatMap(certificatesIn)
  const native = {
    // A client certificate is only used with its key (and a server's
    // handshakes fail without both, as in Bun). A lone certificate gets
    // its chain from `ca`, as BoringSSL builds it.
    cert: key !== undefined ? [...certs, ...chainFromCa(certDers, caDers)] : [],
    key,
    sni: [],
    ca,
    extraCa: ca.length === 0 && !isServer ? extraCa() : [],
    crl,
    rejectUnauthorized: rejectUnauthorized ?? true,
    requestCert: requestCert ?? false,
    alpn,
    ciphers,
    minVersion: min,
    maxVersion: max,
  }
  return {
    native,
    serverName,
    certs: certDers,
    ca: caDers,
  }
}

/**
 * The certificates OpenSSL (Bun) sends after a lone certificate: its
 * issuers found among the trusted CAs, up to a self-signed root (included,
 * as OpenSSL includes it). A common setup depends on it: a leaf whose
 * intermediate is given in `ca` only. Nothing when `cert` holds a chain
 * already or no issuer is there.
 */
function chainFromCa(certDers, caDers) {
  if (certDers.length !== 1 || caDers.length === 0) return []
  const candidates = caDers.map((der) => new X509Certificate(der))
  const chain = []
  let last = new X509Certificate(certDers[0])
  for (let depth = 0; depth < 8 && !last.checkIssued(last); depth++) {
    const child = last
    const issuer = candidates.find(
      (c) => child.checkIssued(c) && child.verify(c.publicKey) && !chain.some((x) => x.raw.equals(c.raw)),
    )
    if (issuer === undefined) break
    chain.push(issuer)
    last = issuer
  }
  return chain.map((c) => c.raw)
}

/** Turns a native TLS configuration error into what Bun throws. */
function tlsConfigError(info) {
  switch (info.tlsCode) {
    case 'ERR_SSL_NO_CIPHER_MATCH':
      return codedError(Error, 'ERR_BORINGSSL', 'Invalid ciphers')
    case 'ERR_SSL_KEY_VALUES_MISMATCH':
      return keyMismatch()
    case 'ERR_SSL_UNSUPPORTED_KEY':
    case 'ERR_SSL_PEM_LIB':
      return decodeError()
    // A server name rustls cannot hold (spaces, control characters, over
    // 253 characters). Bun sends such names anyway; see the README.
    case 'ERR_INVALID_ARG_VALUE':
      return codedError(TypeError, info.tlsCode, info.message)
    default:
      return codedError(Error, info.tlsCode || 'ERR_BORINGSSL', info.message || 'Invalid TLS options')
  }
}

module.exports = { parseTlsOptions, parseClientTlsOptions, clientContext, tlsConfigError }
