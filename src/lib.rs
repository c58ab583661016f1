#![deny(clippy::all)]
// napi-derive emits no registration code under `cfg(test)`, so the binding
// layer looks unused to the unit-test build.
#![cfg_attr(test, allow(dead_code))]
//! bun-sockets: Bun's socket API (`Bun.listen`, `Bun.connect`,
//! `Bun.udpSocket`) for Node.js.
//!
//! Layers, outermost first: `binding` is the Node-API surface the JS layer
//! calls (`hot_calls` the part called once per write or datagram); `pump` carries events from the runtime to JS; the rest is plain
//! Rust on a tokio runtime (`runtime`): `listener` and `connect` create
//! sockets, `conn` runs each connected socket (TCP or Unix, behind
//! `stream`; TLS through `tls`), `udp` runs UDP sockets. Memory: reads
//! land in `read_blocks`; `record_memory` is the addon's allocator.

mod binding;
mod conn;
mod connect;
mod dns;
mod errors;
mod hot_calls;
mod listener;
mod open_sockets;
#[cfg(test)]
mod option_fuzz;
mod options;
mod pump;
mod read_blocks;
mod record_memory;
mod runtime;
mod sockopt;
mod stream;
mod tls;
mod udp;

/// See `record_memory`: the system allocator, with TLS-record-sized blocks
/// kept for reuse.
#[global_allocator]
static ALLOCATOR: record_memory::RecordMemory = record_memory::RecordMemory;
