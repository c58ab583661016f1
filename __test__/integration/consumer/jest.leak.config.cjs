// A suite that leaves a listener open, to check that jest
// --detectOpenHandles points at it.
module.exports = {
  setupFiles: ['bun-sockets/polyfill'],
  testMatch: ['<rootDir>/jest-leak/*.spec.cjs'],
}
