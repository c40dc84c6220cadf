//! Live heap accounting, for the soak test: how many bytes the server holds, as opposed to its resident set
//! (which includes what the allocator keeps for reuse and the fragmentation between live blocks). The binary wraps
//! its allocator in [`Counting`]; counting is off (one relaxed load per allocation) unless [`enable`] was called,
//! which `main` does only with `CONSUL_LS_TEST_HOOKS` set. The count is read by the `consul-ls/memory` test hook.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);

/// A global allocator that counts the bytes live in `A` while counting is enabled.
pub struct Counting<A>(pub A);

// SAFETY: every call is forwarded to `A` unchanged; only counters are updated besides.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `A`'s.
        let ptr = unsafe { self.0.alloc(layout) };
        if !ptr.is_null() && COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let ptr = unsafe { self.0.alloc_zeroed(layout) };
        if !ptr.is_null() && COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { self.0.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let new = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !new.is_null() && COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        }
        new
    }
}

/// Starts counting. Blocks allocated before are not counted in, and their release counts out: the figure is off
/// by a constant, which comparisons over time do not mind.
pub fn enable() {
    COUNTING.store(true, Ordering::Relaxed);
}

/// The bytes live in the counting allocator, when counting is on.
pub fn live_bytes() -> Option<i64> {
    COUNTING.load(Ordering::Relaxed).then(|| LIVE.load(Ordering::Relaxed) as i64)
}
