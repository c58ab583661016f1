//! The calls made once per write, datagram or large read, registered as
//! plain Node-API callbacks.
//!
//! A `#[napi]` function pays for napi-rs's borrow tracking on every call
//! (3.16: an `Arc<Mutex<_>>` allocated and freed, thread-local stacks
//! pushed and popped), whatever its arguments; with the string conversion
//! of the destination, that was about a fifth of a UDP sender's user-space
//! time. These functions take only numbers, strings and typed arrays, keep
//! nothing past the call, and are reached by socket id (`open_sockets`)
//! or through the pump's delivery, so they read their arguments with
//! Node-API directly. Each catches panics: one becomes a thrown `Error`,
//! never an unwind into Node.
//!
//! The writes' results are numbers, as the JS layer expects them: bytes or
//! datagrams accepted, or a negative errno, or `INVALID_ADDRESS`.

use std::{
  ffi::CStr,
  net::SocketAddr,
  panic::{self, AssertUnwindSafe},
  ptr,
};

use napi::{bindgen_prelude::Object, sys, Env, JsValue, Result};
use napi_derive::napi;

use crate::{
  binding::{self, write_result, CLOSED},
  open_sockets, pump,
  udp::{self, Destination},
};

/// A destination that is not a numeric IP (a TypeError in the JS layer).
const INVALID_ADDRESS: i64 = -1_000_000;
const INVALID_ARGUMENT: i64 = -(libc::EINVAL as i64);

/// sendMany's flag in a datagram's port word: its destination is the next
/// address of the list (see `udp_send_many`).
const NEXT_ADDRESS: u32 = 1 << 16;

/// Room for an address text read without allocating: an IPv6 literal
/// with a zone fits many times over (longer texts are read whole).
const ADDRESS_ROOM: usize = 256;

type Callback = unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

/// Puts the hot calls on the addon's exports (once per environment: each
/// worker thread loads its own). napi-rs keeps a single `module_exports`
/// hook: this must stay the only one.
#[napi(module_exports)]
pub fn register_hot_calls(exports: Object<'_>, env: Env) -> Result<()> {
  let calls: [(&CStr, Callback); 6] = [
    (c"takeChunk", take_chunk),
    (c"socketWrite", socket_write),
    (c"socketWriteString", socket_write_string),
    (c"udpSend", udp_send),
    (c"udpSendString", udp_send_string),
    (c"udpSendMany", udp_send_many),
  ];
  for (name, callback) in calls {
    let mut function = ptr::null_mut();
    // SAFETY: a live env and exports object (module registration);
    // `name` is NUL-terminated; the out-pointer is valid.
    let status = unsafe {
      sys::napi_create_function(
        env.raw(),
        name.as_ptr(),
        name.count_bytes() as isize,
        Some(callback),
        ptr::null_mut(),
        &mut function,
      )
    };
    check(status, name)?;
    // SAFETY: as above; `function` was just created.
    let status = unsafe { sys::napi_set_named_property(env.raw(), exports.raw(), name.as_ptr(), function) };
    check(status, name)?;
  }
  Ok(())
}

fn check(status: sys::napi_status, name: &CStr) -> Result<()> {
  if status == sys::Status::napi_ok {
    Ok(())
  } else {
    Err(napi::Error::from_reason(format!(
      "cannot register {}",
      name.to_string_lossy()
    )))
  }
}

/// `socketWrite(id, bytes, offset, length)`: writes `bytes[offset ..
/// offset + length]` to stream socket `id` now; returns the bytes the
/// kernel took (fewer means a `DRAIN` event follows) or a negative errno.
unsafe extern "C" fn socket_write(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
  // SAFETY: called by Node-API with a live env and callback info.
  unsafe {
    respond::<4>(env, info, c"socketWrite", |args| {
      let (Some(id), Some(bytes)) = (args.u32(0), args.byte_range(1, 2, 3)) else {
        return INVALID_ARGUMENT;
      };
      open_sockets::with_stream(id, |conn| write_result(conn.write(bytes))).unwrap_or(CLOSED)
    })
  }
}

/// `socketWriteString(id, text)`: same, with the text as UTF-8.
unsafe extern "C" fn socket_write_string(
  env: sys::napi_env,
  info: sys::napi_callback_info,
) -> sys::napi_value {
  // SAFETY: called by Node-API with a live env and callback info.
  unsafe {
    respond::<2>(env, info, c"socketWriteString", |args| {
      let (Some(id), Some(text)) = (args.u32(0), args.utf8(1)) else {
        return INVALID_ARGUMENT;
      };
      open_sockets::with_stream(id, |conn| write_result(conn.write(&text))).unwrap_or(CLOSED)
    })
  }
}

/// `takeChunk(index)`: the chunk of the `CHUNK` event numbered `index` in
/// the batch being delivered, as a Buffer, or undefined (see
/// `pump::take_chunk`). Once per large read.
unsafe extern "C" fn take_chunk(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
  // SAFETY: called by Node-API with a live env and callback info.
  let index = unsafe { Args::<1>::read(env, info) }.and_then(|args| args.u32(0));
  // SAFETY: live env (see above).
  let result = panic::catch_unwind(|| index.and_then(|index| unsafe { pump::take_chunk(env, index) }));
  match result {
    Ok(Some(chunk)) => chunk,
    Ok(None) => {
      let mut undefined = ptr::null_mut();
      // SAFETY: live env; valid out-pointer.
      unsafe { sys::napi_get_undefined(env, &mut undefined) };
      undefined
    }
    Err(_) => {
      // SAFETY: live env.
      unsafe { throw_internal_error(env, c"takeChunk") };
      ptr::null_mut()
    }
  }
}

/// `udpSend(id, bytes, offset, length, port, address)`: sends one datagram
/// from UDP socket `id` to `address:port`, or to the connected peer when
/// `address` is undefined: 1 sent, 0 the queue is full (a `DRAIN`
/// follows), a negative errno, or `INVALID_ADDRESS`.
unsafe extern "C" fn udp_send(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
  // SAFETY: called by Node-API with a live env and callback info.
  unsafe {
    respond::<6>(env, info, c"udpSend", |args| {
      let (Some(id), Some(bytes), Some(port)) = (args.u32(0), args.byte_range(1, 2, 3), args.u32(4)) else {
        return INVALID_ARGUMENT;
      };
      send_datagram(id, bytes, args.destination(5, port))
    })
  }
}

/// `udpSendString(id, text, port, address)`: same, with the text as UTF-8.
unsafe extern "C" fn udp_send_string(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
  // SAFETY: called by Node-API with a live env and callback info.
  unsafe {
    respond::<4>(env, info, c"udpSendString", |args| {
      let (Some(id), Some(text), Some(port)) = (args.u32(0), args.utf8(1), args.u32(2)) else {
        return INVALID_ARGUMENT;
      };
      send_datagram(id, &text, args.destination(3, port))
    })
  }
}

/// `udpSendMany(id, payloads, meta, count, addresses)`: sends `count`
/// datagrams from UDP socket `id`; returns how many went out,
/// `INVALID_ADDRESS` (nothing sent) when an address is not numeric, or a
/// negative errno when the first datagram is refused.
///
/// The batch comes flattened, so that a call reads a few values instead
/// of three per datagram: `meta` (a Uint32Array) holds two words per
/// datagram, its length and its port, where `NEXT_ADDRESS` in the port
/// word takes the next string of `addresses` as the destination from that
/// datagram on. `payloads` is either one Uint8Array holding the payloads
/// back to back (small batches, copied by the JS layer) or an array of
/// them. A connected socket's batch has no addresses and no flags.
unsafe extern "C" fn udp_send_many(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
  // SAFETY: called by Node-API with a live env and callback info.
  unsafe {
    respond::<5>(env, info, c"udpSendMany", |args| {
      let (Some(id), Some(meta), Some(count)) = (args.u32(0), args.u32_words(2), args.u32(3)) else {
        return INVALID_ARGUMENT;
      };
      let count = count as usize;
      if meta.len() < count.saturating_mul(2) {
        return INVALID_ARGUMENT;
      }
      let Some(ips) = args.addresses(4) else {
        return INVALID_ADDRESS;
      };
      let is_list = args.is_array(1);
      // Every element first, then their bytes: no JS runs between taking
      // one payload's bytes and sending them (an array with holes would
      // read `Array.prototype`, where a getter could detach a payload).
      let items = if is_list {
        match (0..count as u32)
          .map(|i| args.element(1, i))
          .collect::<Option<Vec<_>>>()
        {
          Some(items) => items,
          None => return INVALID_ARGUMENT,
        }
      } else {
        Vec::new()
      };
      let packed = if is_list { Some(&[][..]) } else { args.bytes(1) };
      let Some(packed) = packed else {
        return INVALID_ARGUMENT;
      };
      let mut packets = Vec::with_capacity(count);
      let mut next_ip = ips.iter();
      let mut ip = None;
      let mut offset = 0usize;
      for i in 0..count {
        let (length, port_word) = (meta[2 * i] as usize, meta[2 * i + 1]);
        let bytes = if is_list {
          args.value_bytes(items[i])
        } else {
          let bytes = packed.get(offset..offset.saturating_add(length));
          offset += length;
          bytes
        };
        let Some(bytes) = bytes else {
          return INVALID_ARGUMENT;
        };
        if port_word & NEXT_ADDRESS != 0 {
          match next_ip.next() {
            Some(&parsed) => ip = Some(parsed),
            None => return INVALID_ADDRESS,
          }
        }
        let to = if ips.is_empty() {
          None
        } else {
          let Some(ip) = ip else { return INVALID_ADDRESS };
          Some(ip.at((port_word & 0xffff) as u16))
        };
        packets.push((bytes, to));
      }
      match open_sockets::with_udp(id, |core| core.send_many(&packets)) {
        None => CLOSED,
        Some(Ok(sent)) => sent as i64,
        Some(Err(e)) => -(e.raw_os_error().unwrap_or(libc::EIO) as i64),
      }
    })
  }
}

/// Sends one datagram from UDP socket `id` (a closed socket wins over a
/// bad destination: EBADF, as Bun checks `closed` first).
fn send_datagram(id: u32, data: &[u8], to: std::result::Result<Option<SocketAddr>, i64>) -> i64 {
  open_sockets::with_udp(id, |core| match to {
    Ok(to) => match core.send(data, to) {
      Ok(sent) => i64::from(sent),
      Err(e) => -(e.code_word as i64),
    },
    Err(code) => code,
  })
  .unwrap_or(CLOSED)
}

/// Reads the call's arguments, runs `body` and returns its number; a
/// panic in `body` is thrown as an `Error` instead.
///
/// # Safety
/// `env` and `info` must be the live values Node-API passed to a callback.
unsafe fn respond<const N: usize>(
  env: sys::napi_env,
  info: sys::napi_callback_info,
  name: &CStr,
  body: impl FnOnce(&Args<N>) -> i64,
) -> sys::napi_value {
  // SAFETY: caller contract.
  let result = match unsafe { Args::<N>::read(env, info) } {
    Some(args) => panic::catch_unwind(AssertUnwindSafe(|| body(&args))),
    None => Ok(INVALID_ARGUMENT),
  };
  let mut value = ptr::null_mut();
  match result {
    Ok(number) => {
      // SAFETY: live env; the out-pointer is valid. (i64 results are far
      // inside a double's exact range.)
      unsafe { sys::napi_create_int64(env, number, &mut value) };
    }
    // SAFETY: live env.
    Err(_) => unsafe { throw_internal_error(env, name) },
  }
  value
}

/// Throws the `Error` a panic in the hot call `name` becomes.
///
/// # Safety
/// `env` must be live for the current call.
unsafe fn throw_internal_error(env: sys::napi_env, name: &CStr) {
  let message = format!("bun-sockets: internal error in {}\0", name.to_string_lossy());
  // SAFETY: live env (caller contract); `message` is NUL-terminated and
  // outlives the call.
  unsafe { sys::napi_throw_error(env, ptr::null(), message.as_ptr().cast()) };
}

/// A callback's arguments, valid for the call.
struct Args<const N: usize> {
  env: sys::napi_env,
  argv: [sys::napi_value; N],
}

impl<const N: usize> Args<N> {
  /// The call's first `N` arguments (missing ones read as `undefined`);
  /// `None` if Node-API refuses.
  ///
  /// # Safety
  /// `env` and `info` must be the live values Node-API passed to a callback.
  unsafe fn read(env: sys::napi_env, info: sys::napi_callback_info) -> Option<Self> {
    let mut argv = [ptr::null_mut(); N];
    let mut argc = N;
    // SAFETY: live env/info (caller contract); `argv` has room for `argc`
    // values, and Node-API fills missing ones with `undefined`.
    let status = unsafe {
      sys::napi_get_cb_info(
        env,
        info,
        &mut argc,
        argv.as_mut_ptr(),
        ptr::null_mut(),
        ptr::null_mut(),
      )
    };
    (status == sys::Status::napi_ok).then_some(Args { env, argv })
  }

  fn u32(&self, i: usize) -> Option<u32> {
    let mut out = 0;
    // SAFETY: live env and value (`Args` lives within the call).
    let status = unsafe { sys::napi_get_value_uint32(self.env, self.argv[i], &mut out) };
    (status == sys::Status::napi_ok).then_some(out)
  }

  fn is_array(&self, i: usize) -> bool {
    let mut out = false;
    // SAFETY: as in `u32`.
    let status = unsafe { sys::napi_is_array(self.env, self.argv[i], &mut out) };
    status == sys::Status::napi_ok && out
  }

  fn is_nullish(&self, i: usize) -> bool {
    let mut kind = 0;
    // SAFETY: as in `u32`.
    let status = unsafe { sys::napi_typeof(self.env, self.argv[i], &mut kind) };
    status != sys::Status::napi_ok
      || kind == sys::ValueType::napi_undefined
      || kind == sys::ValueType::napi_null
  }

  /// The bytes of typed array argument `i`.
  fn bytes(&self, i: usize) -> Option<&[u8]> {
    // SAFETY: the value lives for the call, as does `self`.
    unsafe { shared_bytes(self.env, self.argv[i]) }
  }

  /// `bytes(data)[offset .. offset + length]` from arguments `data`,
  /// `offset`, `length`.
  fn byte_range(&self, data: usize, offset: usize, length: usize) -> Option<&[u8]> {
    binding::byte_range(self.bytes(data)?, self.u32(offset)?, self.u32(length)?)
  }

  /// Element `index` of array argument `i` (a handle valid for the call).
  fn element(&self, i: usize, index: u32) -> Option<sys::napi_value> {
    let mut item = ptr::null_mut();
    // SAFETY: as in `u32`.
    let status = unsafe { sys::napi_get_element(self.env, self.argv[i], index, &mut item) };
    (status == sys::Status::napi_ok).then_some(item)
  }

  /// The bytes of a typed array handle obtained during this call.
  fn value_bytes(&self, value: sys::napi_value) -> Option<&[u8]> {
    // SAFETY: the handle lives for the call (its scope is the callback's),
    // as does `self`.
    unsafe { shared_bytes(self.env, value) }
  }

  /// The words of Uint32Array argument `i`.
  fn u32_words(&self, i: usize) -> Option<&[u32]> {
    let mut kind = 0;
    let mut len = 0;
    let mut data = ptr::null_mut();
    let mut buffer = ptr::null_mut();
    let mut byte_offset = 0;
    // SAFETY: as in `u32`; the out-pointers are valid.
    let status = unsafe {
      sys::napi_get_typedarray_info(
        self.env,
        self.argv[i],
        &mut kind,
        &mut len,
        &mut data,
        &mut buffer,
        &mut byte_offset,
      )
    };
    if status != sys::Status::napi_ok || kind != sys::TypedarrayType::uint32_array {
      return None;
    }
    if len == 0 || data.is_null() {
      return Some(&[]);
    }
    // SAFETY: Node-API reports `len` aligned u32 elements at `data`, kept
    // alive by the argument for the call; only shared references are made.
    Some(unsafe { std::slice::from_raw_parts(data.cast::<u32>().cast_const(), len) })
  }

  /// String argument `i` as UTF-8 (lone surrogates become U+FFFD).
  fn utf8(&self, i: usize) -> Option<Vec<u8>> {
    // SAFETY: as in `u32`.
    unsafe { utf8_of(self.env, self.argv[i]) }
  }

  /// The destination in argument `i` with `port`: `None` for undefined
  /// (the connected peer), `Err(INVALID_ADDRESS)` unless a numeric IP.
  fn destination(&self, i: usize, port: u32) -> std::result::Result<Option<SocketAddr>, i64> {
    if self.is_nullish(i) {
      return Ok(None);
    }
    // SAFETY: as in `u32`.
    let ip = unsafe { ip_of(self.env, self.argv[i]) }.ok_or(INVALID_ADDRESS)?;
    Ok(Some(ip.at(port.min(u32::from(u16::MAX)) as u16)))
  }

  /// The IPs of array-of-strings argument `i`; `None` if one is not an IP.
  fn addresses(&self, i: usize) -> Option<Vec<Destination>> {
    let mut len = 0;
    // SAFETY: as in `u32`.
    if unsafe { sys::napi_get_array_length(self.env, self.argv[i], &mut len) } != sys::Status::napi_ok {
      return None;
    }
    (0..len)
      .map(|index| {
        let mut item = ptr::null_mut();
        // SAFETY: as in `u32`; the item is kept alive by the array.
        let status = unsafe { sys::napi_get_element(self.env, self.argv[i], index, &mut item) };
        // SAFETY: as above.
        (status == sys::Status::napi_ok)
          .then(|| unsafe { ip_of(self.env, item) })
          .flatten()
      })
      .collect()
  }
}

/// The bytes of a typed array as a shared slice (several payloads of one
/// `sendMany` may view the same memory).
///
/// # Safety
/// `env` and `value` must be live handles of the current call; the slice
/// must not outlive it.
unsafe fn shared_bytes<'a>(env: sys::napi_env, value: sys::napi_value) -> Option<&'a [u8]> {
  let mut data = ptr::null_mut();
  let mut len = 0;
  // SAFETY: live handles (caller contract); out-pointers are valid.
  let status = unsafe { sys::napi_get_buffer_info(env, value, &mut data, &mut len) };
  if status != sys::Status::napi_ok {
    return None;
  }
  if len == 0 || data.is_null() {
    // A detached or empty array: no bytes (and no pointer to make a slice of).
    return Some(&[]);
  }
  // SAFETY: Node-API reports `len` readable bytes at `data`, kept alive by
  // the JS value for the rest of the call; only shared references are made.
  Some(unsafe { std::slice::from_raw_parts(data.cast::<u8>().cast_const(), len) })
}

/// A string value as UTF-8.
///
/// # Safety
/// `env` and `value` must be live handles of the current call.
unsafe fn utf8_of(env: sys::napi_env, value: sys::napi_value) -> Option<Vec<u8>> {
  let mut len = 0;
  // SAFETY: live handles (caller contract); a null buffer asks for the length.
  if unsafe { sys::napi_get_value_string_utf8(env, value, ptr::null_mut(), 0, &mut len) }
    != sys::Status::napi_ok
  {
    return None;
  }
  let mut text = vec![0u8; len + 1];
  let mut written = 0;
  // SAFETY: `text` has room for `len` bytes and the NUL Node-API adds.
  let status = unsafe {
    sys::napi_get_value_string_utf8(env, value, text.as_mut_ptr().cast(), text.len(), &mut written)
  };
  if status != sys::Status::napi_ok {
    return None;
  }
  text.truncate(written);
  Some(text)
}

/// A string value holding a numeric IP (`udp::parse_destination`), read
/// without allocating.
///
/// # Safety
/// `env` and `value` must be live handles of the current call.
unsafe fn ip_of(env: sys::napi_env, value: sys::napi_value) -> Option<Destination> {
  let mut room = [0u8; ADDRESS_ROOM];
  let mut written = 0;
  // SAFETY: live handles (caller contract); `room` has `ADDRESS_ROOM` bytes.
  let status = unsafe {
    sys::napi_get_value_string_utf8(env, value, room.as_mut_ptr().cast(), ADDRESS_ROOM, &mut written)
  };
  if status != sys::Status::napi_ok {
    return None;
  }
  // Node stops before a character that does not fit, so a text cut short
  // can end up to 4 bytes before the end: read those whole (inet_aton
  // stops at whitespace, so "127.0.0.1 <anything>" is an address).
  if written >= ADDRESS_ROOM - 4 {
    // SAFETY: forwarded caller contract.
    let text = unsafe { utf8_of(env, value) }?;
    return udp::parse_destination(std::str::from_utf8(&text).ok()?);
  }
  udp::parse_destination(std::str::from_utf8(&room[..written]).ok()?)
}
