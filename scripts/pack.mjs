// `npm run pack [-- <out dir>]`: the two tarballs a release publishes,
// made from this checkout: the main package (`npm pack`, JS + types + the
// Rust sources for the fallback build) and the platform package of this
// machine (npm/<triple>/ with the binary from native/, which `npm run
// build` makes). Prints their paths as JSON. The integration tests install
// exactly these, as a user's `npm install` would.

import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const { platformTriple } = require('../js/platform.js')

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist'))
const triple = platformTriple()
const binary = path.join(root, 'native', `bun-sockets.${triple}.node`)

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const pack = (dir) => {
  const [result] = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', out], { cwd: dir, encoding: 'utf8' }))
  return path.join(out, result.filename)
}

if (!fs.existsSync(binary)) {
  console.error(`pack: ${path.relative(root, binary)} is missing; run \`npm run build\` first.`)
  process.exit(1)
}
if (!fs.existsSync(path.join(root, 'npm', triple, 'package.json'))) {
  console.error(`pack: there is no platform package npm/${triple}/ for this machine.`)
  process.exit(1)
}
fs.mkdirSync(out, { recursive: true })

// The platform package is packed from a copy, so the binary never lands in
// the source tree's npm/ folder.
const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'bun-sockets-pack-'))
try {
  fs.cpSync(path.join(root, 'npm', triple), staging, { recursive: true })
  fs.copyFileSync(binary, path.join(staging, path.basename(binary)))
  const platform = pack(staging)
  const main = pack(root)
  console.log(JSON.stringify({ main, platform }))
} finally {
  fs.rmSync(staging, { recursive: true, force: true })
}
