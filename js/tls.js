'use strict'
// The TLS half of the JS layer (option parsing, error objects, certificate
// descriptions), loaded on first use. It pulls in node:crypto: about a
// sixth of this package's load time and 1 MiB of memory, which processes
// that only use plain TCP, Unix sockets or UDP never need.

let loaded

/** The TLS functions, loading them the first time. */
function tlsApi() {
  if (loaded === undefined) {
    loaded = Object.freeze({
      ...require('./tls-options.js'),
      ...require('./tls-errors.js'),
      ...require('./certificate.js'),
    })
  }
  return loaded
}

/** Whether `value`, given as the `tls` option, means plain TCP. */
function isPlain(value) {
  return value === undefined || value === null || value === false || typeof value === 'function'
}

module.exports = { tlsApi, isPlain }
