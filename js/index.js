'use strict'
// bun-sockets: Bun's socket API for Node.js.
//   const { listen, connect } = require('bun-sockets')

const { listen } = require('./listener.js')
const { connect } = require('./connect.js')

module.exports = { listen, connect }
