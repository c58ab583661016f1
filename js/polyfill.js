'use strict'
// `require('bun-sockets/polyfill')` / `node --import bun-sockets/polyfill`:
// defines `globalThis.Bun` with this package's socket API when the runtime
// has no `Bun` of its own. Under real Bun it does nothing.

const api = require('./index.js')

function install() {
  if (typeof globalThis.Bun !== 'undefined') return globalThis.Bun
  // An ordinary object, as Bun's is: `${Bun}` is "[object Bun]".
  const Bun = {}
  for (const [name, value] of Object.entries(api)) {
    Object.defineProperty(Bun, name, { value, enumerable: true, writable: true, configurable: true })
  }
  Object.defineProperty(Bun, Symbol.toStringTag, { value: 'Bun', configurable: true })
  Object.defineProperty(globalThis, 'Bun', { value: Bun, enumerable: false, writable: true, configurable: true })
  return Bun
}

module.exports = install()
