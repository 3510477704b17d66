//! Cache hints: asking the CPU to start loading memory the program will
//! read soon, so a random access into a large table (the simulator's item
//! states, the store's slots) costs no stall when it comes.
//!
//! The library's one use of unsafe code (the crate denies it elsewhere;
//! the binary's `main.rs` has the other, an allocator option):
//! `_mm_prefetch` is an intrinsic, and intrinsics are unsafe to call. A prefetch reads nothing the program sees and never faults, so
//! it cannot break memory safety; `docs/decisions.md` records the choice
//! and the measurement behind it (docs/performance.md).
//!
//! Depends on nothing else in the crate.

/// Starts loading the cache line holding `value` into every cache level.
/// Only a hint: the result of the program never depends on it, and on
/// targets without a prefetch instruction it does nothing.
#[inline(always)]
pub fn prefetch<T: ?Sized>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    #[allow(unsafe_code)]
    // SAFETY: PREFETCHT0 only hints the cache. It loads nothing into a
    // register, cannot fault, and is given the address of a live reference.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
