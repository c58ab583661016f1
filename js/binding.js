'use strict'
// Loads the native addon. Order: an explicit BUN_SOCKETS_NATIVE path, a
// build in this package's native/ folder (from source, `npm run build` or
// the install script), then the prebuilt per-platform package. Failing all
// three, the error says what was tried and how to fix it.

const path = require('node:path')
const { platformTriple } = require('./platform.js')

const triple = platformTriple()
const localFile = path.join(__dirname, '..', 'native', `bun-sockets.${triple}.node`)
const platformPackage = `bun-sockets-${triple}`

function load() {
  const tried = []
  const candidates = []
  if (process.env.BUN_SOCKETS_NATIVE) candidates.push(process.env.BUN_SOCKETS_NATIVE)
  candidates.push(localFile, platformPackage)
  for (const candidate of candidates) {
    try {
      return require(candidate)
    } catch (err) {
      if (err && err.code !== 'MODULE_NOT_FOUND') {
        // The file exists but does not load (wrong architecture, missing
        // symbols): that is worth reporting as it is.
        err.message = `bun-sockets: cannot load ${candidate}: ${err.message}`
        throw err
      }
      tried.push(candidate)
    }
  }
  const err = new Error(
    `bun-sockets: no native binary for ${triple}. Tried:\n  ${tried.join('\n  ')}\n` +
      'To build it from source, install a Rust toolchain (https://rustup.rs) and run ' +
      '`npm rebuild bun-sockets` (npm 11 and later run a dependency\'s build script only once ' +
      'allowed: `npm install-scripts approve bun-sockets` first).',
  )
  err.code = 'ERR_BUN_SOCKETS_NO_BINARY'
  throw err
}

module.exports = load()
