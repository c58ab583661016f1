'use strict'
// `npm install` hook: make sure a native binary exists for this machine.
// Uses the prebuilt platform package when npm installed one; otherwise
// builds from the bundled Rust sources with cargo. Set
// BUN_SOCKETS_FORCE_BUILD=1 to build even when a binary is present.

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { platformTriple } = require('../js/platform.js')

const root = path.join(__dirname, '..')
const triple = platformTriple()
const target = path.join(root, 'native', `bun-sockets.${triple}.node`)

function hasPrebuilt() {
  try {
    require.resolve(`bun-sockets-${triple}`)
    return true
  } catch {
    return false
  }
}

function libraryName() {
  if (process.platform === 'darwin') return 'libbun_sockets.dylib'
  if (process.platform === 'win32') return 'bun_sockets.dll'
  return 'libbun_sockets.so'
}

function main() {
  const force = process.env.BUN_SOCKETS_FORCE_BUILD === '1'
  if (!force && (fs.existsSync(target) || hasPrebuilt())) return
  if (!fs.existsSync(path.join(root, 'Cargo.toml'))) {
    fail('this copy of the package has no Rust sources to build from.')
  }
  const cargo = process.env.CARGO || 'cargo'
  console.log(`bun-sockets: no prebuilt binary for ${triple}; building from source with ${cargo} (takes a minute)...`)
  const result = spawnSync(cargo, ['build', '--release', '--lib'], { cwd: root, stdio: 'inherit' })
  if (result.error && result.error.code === 'ENOENT') {
    fail('cargo was not found. Install Rust from https://rustup.rs and run `npm rebuild bun-sockets`.')
  }
  if (result.status !== 0) fail(`cargo build failed (exit ${result.status}).`)
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target')
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.copyFileSync(path.join(targetDir, 'release', libraryName()), target)
  console.log(`bun-sockets: built ${path.relative(root, target)}`)
}

function fail(why) {
  console.error(`bun-sockets: cannot install: ${why}`)
  process.exit(1)
}

main()
