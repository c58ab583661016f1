// The README's recipe: the polyfill as a setup file. The pool (forks,
// threads, vmThreads) comes from the command line; `globals` lets the
// same spec files run under jest.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    globals: true,
    setupFiles: ['bun-sockets/polyfill'],
    include: ['specs/*.spec.cjs'],
  },
})
