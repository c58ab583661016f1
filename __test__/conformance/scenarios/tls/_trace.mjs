// TLS scenarios share the top-level helpers, plus the test certificates.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export * from '../_trace.mjs'

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'tls')

/** A certificate or key of __test__/fixtures/tls, as text. */
export const pem = (name) => fs.readFileSync(path.join(dir, name), 'utf8')
export const fixturePath = (name) => path.join(dir, name)

/** Server identity options for `name` (server, expired, ...). */
export const identity = (name = 'server') => ({ key: pem(`${name}.key`), cert: pem(`${name}.pem`) })

/** The comparable part of a TLS error (its message is part of Bun's API). */
export function tlsErr(e) {
  if (e === undefined || e === null) return e === null ? null : undefined
  return { class: e.constructor.name, code: e.code, errno: e.errno, message: e.message, keys: Object.keys(e) }
}
