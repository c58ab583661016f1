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
//! receive side's system time before this pool existed. Blocks left unused
//! for a second are freed, down to 2 MiB, so a finished transfer does not
//! keep its blocks.

use std::{
  ffi::c_void,
  sync::{
    atomic::{AtomicUsize, Ordering},
    Mutex,
  },
  time::Duration,
};

use crate::{pump::lock, runtime};

/// Size of one read, and of one pooled block. Measured on bulk receive
/// (GB/s, medians of five 4 GiB runs): 512 KiB 2.17, 256 KiB 2.1, 128 KiB
/// 2.4, 64 KiB 2.15. Small enough that a block is still in cache when JS
/// (or a copy) touches it, large enough to keep reads few.
pub const BLOCK_SIZE: usize = 128 << 10;

/// Reads of at least this many bytes are handed to JS in their own block.
/// Smaller ones are copied: below this a copy costs less than an external
/// buffer's creation and finalization.
pub const HANDOVER_MIN: usize = 64 << 10;

/// Most memory handed to JS as chunks and not yet given back, process-wide.
/// Past it, chunks are copied into memory the engine allocates instead.
///
/// A chunk JS has dropped comes back only when its finalizer runs, and
/// Node runs buffer finalizers in a later turn of its event loop, after a
/// young-generation collection found the garbage. V8 makes that collection
/// once 32 MiB of young array buffers have piled up (twice its largest
/// semi-space), these chunks included. So a stream that never falls back
/// to copies needs a little more than 32 MiB in circulation; with 1 MiB
/// (this limit until then) 97% of a sustained stream's chunks were copied,
/// and the copy was the JS thread's largest cost. Bulk receive, alternating
/// runs of 1 GiB, 1 MiB against 48 MiB (GB/s; CPU seconds of the receiving
/// process; its peak RSS): TCP 1.69 -> 2.19, 0.69 -> 0.48 s, 89 -> 92 MiB;
/// TLS 1.03 -> 1.16, 1.05 -> 0.85 s, 92 -> 98 MiB (a later series: 1.06
/// -> 1.05 GB/s, 1.04 -> 0.97 s; TLS is limited by rustls' own copies and
/// the 2 cores the sender shares). V8 counts a chunk by
/// its length and this limit counts its block: TLS chunks fill about 95 of
/// a block's 128 KiB, so under a 36 MiB limit they reached it at 27 MiB of
/// counted length, short of the collection, and 8% of a 2 GiB TLS stream's
/// chunks were copied (none with 48 MiB; plain TCP needs only 36).
///
/// Bounded because JS may keep chunks as long as it likes, and a slow
/// handler falls behind: past this, chunks are copied again.
pub const HANDED_OUT_MAX: usize = 48 << 20;

/// Blocks kept for reuse, process-wide: as many as may be handed out, so
/// the blocks a stream circulates are reused rather than freed and faulted
/// in again (a page fault per 4 KiB, the receive side's largest system
/// cost before the pool existed).
const POOLED_MAX: usize = HANDED_OUT_MAX / BLOCK_SIZE;

/// Blocks the pool keeps however long they sit unused (2 MiB).
const POOLED_KEEP: usize = 16;

/// How often blocks unused since the last look are freed, down to
/// [`POOLED_KEEP`]: memory a finished transfer leaves pooled goes back
/// within about two of these.
const TRIM_INTERVAL: Duration = Duration::from_secs(1);

struct Pool {
  blocks: Vec<Vec<u8>>,
  /// The fewest blocks pooled since the last trim: that many sat unused.
  low_water: usize,
  /// A trimming task is running (it stops once the pool is back to
  /// [`POOLED_KEEP`]).
  trimming: bool,
}

static POOL: Mutex<Pool> = Mutex::new(Pool::new());

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

impl Pool {
  const fn new() -> Self {
    Pool {
      blocks: Vec::new(),
      low_water: 0,
      trimming: false,
    }
  }

  fn pop(&mut self) -> Option<Vec<u8>> {
    let block = self.blocks.pop();
    self.low_water = self.low_water.min(self.blocks.len());
    block
  }

  /// Keeps an emptied full-size block while there is room, else hands it
  /// back (to be freed outside the lock); whether a trimming task should
  /// start.
  fn push(&mut self, mut block: Vec<u8>) -> (bool, Option<Vec<u8>>) {
    let refused = if self.blocks.len() < POOLED_MAX {
      block.clear();
      self.blocks.push(block);
      None
    } else {
      Some(block)
    };
    let start = self.blocks.len() > POOLED_KEEP && !self.trimming;
    self.trimming |= start;
    (start, refused)
  }

  /// Takes out the blocks that sat unused since the last trim, keeping
  /// [`POOLED_KEEP`], for the caller to free. `trimming` stays set while
  /// more than that remain.
  fn trim(&mut self) -> Vec<Vec<u8>> {
    let unused = self.low_water.min(self.blocks.len());
    // The bottom of the stack: the blocks longest out of use.
    let freed = self.blocks.drain(..unused.saturating_sub(POOLED_KEEP)).collect();
    self.low_water = self.blocks.len();
    self.trimming = self.blocks.len() > POOLED_KEEP;
    freed
  }
}

/// An empty block to read into, with room for [`BLOCK_SIZE`] bytes: a
/// pooled one when there is one. Its memory is not zeroed; reads fill it.
pub fn take() -> Vec<u8> {
  let pooled = lock(&POOL).pop();
  pooled.unwrap_or_else(|| Vec::with_capacity(BLOCK_SIZE))
}

/// Gives memory back: full-size blocks go to the pool (while it has room),
/// anything else is freed. A pool grown past [`POOLED_KEEP`] starts a task
/// that frees what stays unused, and ends when the pool is back to that.
pub fn give_back(block: Vec<u8>) {
  if block.capacity() != BLOCK_SIZE {
    return;
  }
  let (start_trimming, refused) = lock(&POOL).push(block);
  drop(refused);
  if start_trimming {
    runtime::handle().spawn(async {
      loop {
        tokio::time::sleep(TRIM_INTERVAL).await;
        let mut pool = lock(&POOL);
        let freed = pool.trim();
        let more = pool.trimming;
        drop(pool);
        drop(freed);
        if !more {
          break;
        }
      }
    });
  }
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
/// other runtimes, which is fine: it only touches the pool, and may start
/// the pool's trimming task on the runtime, which any thread can). `hint` carries
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
  fn a_full_block_goes_back_to_the_pool_and_another_size_does_not() {
    let (ptr, _, cap) = release(filled(BLOCK_SIZE - 10));
    // SAFETY: just released, used by no one.
    let back = unsafe { reclaim(ptr, cap) };
    give_back(back);
    assert!(lock(&POOL).blocks.iter().any(|b| std::ptr::eq(b.as_ptr(), ptr)));
    assert!(lock(&POOL)
      .blocks
      .iter()
      .all(|b| b.is_empty() && b.capacity() == BLOCK_SIZE));

    let odd = Vec::<u8>::with_capacity(BLOCK_SIZE / 2);
    let odd_ptr = odd.as_ptr();
    give_back(odd);
    assert!(!lock(&POOL)
      .blocks
      .iter()
      .any(|b| std::ptr::eq(b.as_ptr(), odd_ptr)));
  }

  #[test]
  fn trimming_frees_only_blocks_unused_since_the_last_look() {
    let mut pool = Pool::new();
    let block = || Vec::<u8>::with_capacity(BLOCK_SIZE);
    // A transfer ends: 100 blocks come back; the first one starts trimming.
    let starts: Vec<bool> = (0..100).map(|_| pool.push(block()).0).collect();
    assert_eq!(starts.iter().filter(|&&s| s).count(), 1);
    assert!(starts[POOLED_KEEP]);
    // At the first look they were in use a moment ago: nothing freed.
    assert!(pool.trim().is_empty());
    // A read takes one and gives it back before the next look: 99 sat
    // unused all along, and all but POOLED_KEEP of them go.
    let again = pool.pop().unwrap();
    assert!(!pool.push(again).0);
    assert_eq!(pool.trim().len(), 99 - POOLED_KEEP);
    assert_eq!(pool.blocks.len(), POOLED_KEEP + 1);
    assert!(pool.trimming);
    assert_eq!(pool.trim().len(), 1);
    assert!(!pool.trimming);
    // Past POOLED_MAX, returned blocks are handed back to be freed.
    let refused = (0..POOLED_MAX + 5)
      .filter(|_| pool.push(block()).1.is_some())
      .count();
    assert_eq!(pool.blocks.len(), POOLED_MAX);
    assert_eq!(refused, 5 + POOLED_KEEP);
  }
}
