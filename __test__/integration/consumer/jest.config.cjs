// jest's default config plus the polyfill, as the README recipe says.
module.exports = {
  setupFiles: ['bun-sockets/polyfill'],
  testMatch: ['<rootDir>/specs/*.spec.cjs'],
}
