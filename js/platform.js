'use strict'
// Which prebuilt binary fits this machine, in napi-rs's naming
// ("linux-x64-gnu", "darwin-arm64", ...). Shared by the loader and the
// install script.

const fs = require('node:fs')

/**
 * The C library of a Linux process, from the program interpreter named in
 * its executable's header, which sits in the first page: musl's is
 * `ld-musl-<arch>.so.1`, glibc's `ld-linux-<arch>.so.2` (`ld64.so.N` on
 * ppc64 and s390x). Null when the header does not say (a static build, an
 * unreadable file, another loader name): the caller then asks the report.
 */
function libcFromInterpreter() {
  let fd
  try {
    fd = fs.openSync(process.execPath, 'r')
    const head = Buffer.alloc(4096)
    const text = head.toString('latin1', 0, fs.readSync(fd, head, 0, head.length, 0))
    if (text.includes('ld-musl')) return 'musl'
    if (text.includes('ld-linux') || text.includes('ld64.so')) return 'gnu'
  } catch {
    // Fall back to the report.
  } finally {
    try {
      if (fd !== undefined) fs.closeSync(fd)
    } catch {
      // Nothing to do: the answer stands.
    }
  }
  return null
}

/**
 * The same from Node's diagnostic report, which names the glibc it runs
 * on. Slow (about 7 ms: it gathers the whole report), hence the fallback.
 */
function libcFromReport() {
  try {
    const report = process.report && process.report.getReport()
    const header = report && (typeof report === 'string' ? JSON.parse(report) : report).header
    return header && header.glibcVersionRuntime ? 'gnu' : 'musl'
  } catch {
    // No report support: assume glibc, the common case.
    return 'gnu'
  }
}

function libcOf() {
  if (process.platform !== 'linux') return ''
  return libcFromInterpreter() ?? libcFromReport()
}

function platformTriple() {
  const libc = libcOf()
  return [process.platform, process.arch, libc].filter(Boolean).join('-')
}

module.exports = { platformTriple, libcFromInterpreter, libcFromReport }
