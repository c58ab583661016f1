'use strict'
// bun-sockets: Bun's socket API for Node.js.
//   const { listen, connect, file } = require('bun-sockets')

const { listen } = require('./listener.js')
const { connect } = require('./connect.js')
const { file } = require('./file.js')
const { udpSocket } = require('./udp.js')

module.exports = { listen, connect, udpSocket, file }
