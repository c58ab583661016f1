// Unix socket errors.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { err, guard, trace } from './_trace.mjs'
guard()
const base = path.join(os.tmpdir(), `conf-unix-err-${process.pid}`)
fs.writeFileSync(`${base}.file`, 'x')
for (const [label, unix] of [
  ['existing file', `${base}.file`],
  ['missing directory', '/nonexistent-dir/x.sock'],
  ['path too long', `/tmp/${'x'.repeat(200)}`],
]) {
  try {
    Bun.listen({ unix, socket: { data() {} } }).stop()
    trace(label, 'listening?!')
  } catch (e) {
    trace(label, err(e), e.address === unix, e.port, e.message === `Failed to listen at ${unix}`, Object.keys(e))
  }
}
fs.unlinkSync(`${base}.file`)
try {
  await Bun.connect({ unix: `${base}.missing`, socket: { data() {} } })
} catch (e) {
  trace('connect to a missing path', err(e), e.message, Object.keys(e))
}
