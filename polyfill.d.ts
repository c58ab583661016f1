// `import 'bun-sockets/polyfill'`: declares the global `Bun` this package
// provides (its socket API).
import type { connect, file, listen, udpSocket } from './index'

declare global {
  // eslint-disable-next-line no-var
  var Bun: {
    listen: typeof listen
    connect: typeof connect
    udpSocket: typeof udpSocket
    file: typeof file
  }
}

export {}
