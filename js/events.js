'use strict'
// Event kinds of the native pump; must match `pump::kind` in src/pump.rs.
// A batch is a Uint32Array of [kind, id, aux, end] records plus one Buffer
// with every payload, concatenated (`end` is where a payload ends); large
// reads are chunks of their own, which JS takes from the pump one by one
// (`takeChunk`) as it reaches their events.

module.exports = Object.freeze({
  ACCEPT: 1, // id: listener, aux: new socket
  CONNECT: 2, // id: connect request, aux: new socket
  CONNECT_ERROR: 3, // id: connect request, aux: error word, payload: syscall
  DATA: 4, // id: socket, payload: bytes
  END: 5, // id: socket (peer sent FIN)
  DRAIN: 6, // id: socket
  ERROR: 7, // id: socket, aux: error word, payload: syscall
  HANGUP: 8, // id: socket (queued by JS: both directions are finished)
  CHUNK: 9, // id: socket, aux: index of its chunk in the batch (a large read, own memory)
  HANDSHAKE: 10, // id: socket, aux: 1 succeeded, payload: authorization error code ('' when authorized)
  TLS_ERROR: 11, // id: socket, payload: error code (ERR_SSL_...)
  UPGRADED: 12, // id: socket (STARTTLS took effect; earlier DATA was read as plain text)
  RAW_DATA: 13, // id: socket, payload: ciphertext (for upgradeTLS's raw socket)
  SESSION: 14, // id: socket, aux: count (the server gave sessions to resume)
  DATAGRAM: 15, // id: UDP socket, aux: port | flags, payload: address length, address, data
  UDP_DRAIN: 16, // id: UDP socket
  UDP_ERROR: 17, // id: UDP socket, aux: error word, payload: syscall
  RECORD_WORDS: 4,
})
