//! The memory sockets read into, and how large reads reach JS without a copy.
//!
//! Every `recv(2)` lands in a block of [`BLOCK_SIZE`] bytes. A small read is
//! copied into the batch's shared byte buffer (cheap, and one JS buffer
//! then carries a whole burst). A large read keeps its block: the block
//! itself becomes the memory of the JS chunk (an external buffer), so bulk
//! data is copied once, by the kernel, instead of three times. When JS lets
//! go of the chunk, its finalizer returns the block here for the next read.
//!
//! Reusing blocks also matters to the kernel: fresh memory costs a page
//! fault per 4 KiB on first touch, which showed up as a third of the
//! receive side's system time before this pool existed.

use std::{
  ffi::c_void,
  sync::{
    atomic::{AtomicUsize, Ordering},
    Mutex,
  },
};

use crate::pump::lock;

/// Size of one read, and of one pooled block. Measured on bulk receive
/// (GB/s, medians of five 4 GiB runs): 512 KiB 2.17, 256 KiB 2.1, 128 KiB
/// 2.4, 64 KiB 2.15. Small enough that a block is still in cache when JS
/// (or a copy) touches it, large enough to keep reads few.
pub const BLOCK_SIZE: usize = 128 << 10;

/// Reads of at least this many bytes are handed to JS in their own block.
/// Smaller ones are copied: below this a copy costs less than an external
/// buffer's creation and finalization.
pub const HANDOVER_MIN: usize = 64 << 10;

/// Blocks kept for reuse, process-wide (2 MiB). Enough for a few streams
/// in flight; beyond it, returned blocks are freed.
const POOLED_MAX: usize = 16;

static POOL: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

/// Most memory handed to JS as chunks and not yet given back, process-wide.
/// Past it, chunks are copied into memory the engine allocates instead.
///
/// Why: a chunk JS has dropped comes back only when its finalizer runs,
/// and Node defers buffer finalizers to a later turn of the event loop
/// (and only after a collection noticed the garbage). A peer streaming at
/// full speed outran that: the reader allocated fresh blocks while the
/// dropped ones waited, and a server with a slow handler reached 180 MiB of
/// RSS with 10 MiB of JS heap. Copied chunks are freed by the engine
/// itself, which counts them when it decides to collect.
///
/// Small is also faster: the few blocks that circulate stay mapped and
/// cached, where a large allowance makes the reader fault in fresh memory
/// while old blocks wait for their finalizers. Bulk receive with 128 KiB
/// blocks, GB/s (medians of five): 512 KiB out 2.4, 1 MiB 2.85, 2 MiB 2.7,
/// 8 MiB 2.3, 256 MiB (no limit) 1.5.
pub const HANDED_OUT_MAX: usize = 1 << 20;

static HANDED_OUT: AtomicUsize = AtomicUsize::new(0);

/// Whether a chunk of `capacity` bytes may be handed to JS without a copy;
/// if so, it is counted until [`finalize`] gives it back.
pub fn reserve_handover(capacity: usize) -> bool {
  HANDED_OUT
    .fetch_update(Ordering::AcqRel, Ordering::Acquire, |out| {
      (out + capacity <= HANDED_OUT_MAX).then_some(out + capacity)
    })
    .is_ok()
}

/// Undoes [`reserve_handover`] for a chunk that was not handed over after all.
pub fn cancel_handover(capacity: usize) {
  HANDED_OUT.fetch_sub(capacity, Ordering::AcqRel);
}

/// An empty block to read into, with room for [`BLOCK_SIZE`] bytes: a
/// pooled one when there is one. Its memory is not zeroed; reads fill it.
pub fn take() -> Vec<u8> {
  lock(&POOL)
    .pop()
    .unwrap_or_else(|| Vec::with_capacity(BLOCK_SIZE))
}

/// Gives memory back: full-size blocks go to the pool (while it has room),
/// anything else is freed.
pub fn give_back(mut block: Vec<u8>) {
  if block.capacity() == BLOCK_SIZE {
    let mut pool = lock(&POOL);
    if pool.len() < POOLED_MAX {
      block.clear();
      pool.push(block);
    }
  }
}

/// Turns a block holding read bytes into the memory of one JS chunk. A
/// mostly full block keeps its allocation, to be reused; a partly used one
/// is reallocated down to its length, so a chunk never pins much more
/// memory than it shows.
pub fn into_chunk(mut block: Vec<u8>) -> Vec<u8> {
  if block.len() * 4 < BLOCK_SIZE * 3 {
    block.shrink_to_fit();
  }
  block
}

/// Hands a chunk's allocation over: pointer, length and capacity. It must
/// come back through [`finalize`] (or [`reclaim`]).
pub fn release(chunk: Vec<u8>) -> (*mut u8, usize, usize) {
  let mut chunk = std::mem::ManuallyDrop::new(chunk);
  (chunk.as_mut_ptr(), chunk.len(), chunk.capacity())
}

/// Takes back a chunk given away with [`release`].
///
/// # Safety
/// `ptr` and `capacity` must come from one [`release`] call, and the memory
/// must not be used by anyone else any more.
pub unsafe fn reclaim(ptr: *mut u8, capacity: usize) -> Vec<u8> {
  // SAFETY: `ptr` was allocated by a Vec<u8> of this capacity (caller
  // contract); a length of 0 makes no claim about its contents.
  unsafe { Vec::from_raw_parts(ptr, 0, capacity) }
}

/// Finalizer of a chunk handed to JS as an external buffer: called once the
/// chunk is garbage (by Node on the JS thread; possibly elsewhere under
/// other runtimes, which is fine: it only touches the pool). `hint` carries
/// the allocation's capacity.
///
/// # Safety
/// `data` and `hint` must be the pointer and capacity of one [`release`]d
/// chunk, and the runtime must call this exactly once.
pub unsafe extern "C" fn finalize(_env: napi::sys::napi_env, data: *mut c_void, hint: *mut c_void) {
  if data.is_null() {
    return;
  }
  // A panic must not unwind into the engine.
  let _ = std::panic::catch_unwind(|| {
    cancel_handover(hint as usize);
    // SAFETY: forwarded caller contract.
    give_back(unsafe { reclaim(data.cast(), hint as usize) });
  });
}

#[cfg(test)]
mod tests {
  use super::*;

  fn filled(len: usize) -> Vec<u8> {
    let mut block = take();
    block.resize(len, 7);
    block
  }

  #[test]
  fn handovers_stop_at_the_limit_until_memory_comes_back() {
    let mut reserved = 0;
    while reserve_handover(BLOCK_SIZE) {
      reserved += 1;
      assert!(reserved * BLOCK_SIZE <= HANDED_OUT_MAX);
    }
    assert_eq!(reserved, HANDED_OUT_MAX / BLOCK_SIZE);
    cancel_handover(BLOCK_SIZE);
    assert!(reserve_handover(BLOCK_SIZE));
    assert!(!reserve_handover(1));
    for _ in 0..reserved {
      cancel_handover(BLOCK_SIZE);
    }
    assert!(reserve_handover(BLOCK_SIZE));
    cancel_handover(BLOCK_SIZE);
  }

  #[test]
  fn a_full_block_goes_back_to_the_pool_and_a_shrunk_one_does_not() {
    let whole = into_chunk(filled(BLOCK_SIZE - 10));
    assert_eq!((whole.len(), whole.capacity()), (BLOCK_SIZE - 10, BLOCK_SIZE));
    let (ptr, _, cap) = release(whole);
    // SAFETY: just released, used by no one.
    let back = unsafe { reclaim(ptr, cap) };
    give_back(back);
    assert!(lock(&POOL).iter().any(|b| std::ptr::eq(b.as_ptr(), ptr)));
    assert!(lock(&POOL)
      .iter()
      .all(|b| b.is_empty() && b.capacity() == BLOCK_SIZE));

    let small = into_chunk(filled(HANDOVER_MIN));
    assert_eq!(small.len(), HANDOVER_MIN);
    assert!(small.capacity() < BLOCK_SIZE);
    let before = lock(&POOL).len();
    give_back(small);
    assert_eq!(lock(&POOL).len(), before);
  }
}
