// `import 'bun-sockets/polyfill/untyped'`: the same polyfill as
// `bun-sockets/polyfill`, without its declaration of the global `Bun`. For
// projects that have @types/bun: there `Bun` is already declared (the
// whole of Bun), and a second declaration would conflict with it.
export {}
