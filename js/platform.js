'use strict'
// Which prebuilt binary fits this machine, in napi-rs's naming
// ("linux-x64-gnu", "darwin-arm64", ...). Shared by the loader and the
// install script.

function libcOf() {
  if (process.platform !== 'linux') return ''
  try {
    const report = process.report && process.report.getReport()
    const header = report && (typeof report === 'string' ? JSON.parse(report) : report).header
    if (header && header.glibcVersionRuntime) return 'gnu'
  } catch {
    // No report support: assume glibc, the common case.
    return 'gnu'
  }
  return 'musl'
}

function platformTriple() {
  const libc = libcOf()
  return [process.platform, process.arch, libc].filter(Boolean).join('-')
}

module.exports = { platformTriple }
