//! The `ddbplan` binary: everything lives in the library; see `cli::main`.

/// mimalloc: the simulator allocates and frees millions of small items;
/// measured in docs/performance.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    keep_freed_memory();
    ddbplan::cli::main()
}

/// mimalloc's `mi_option_purge_delay`: position 15 of `mi_option_e` in the
/// mimalloc sources libmimalloc-sys 0.1.49 vendors (v2 and v3 alike); the
/// crate's bindings have no constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc to keep the memory the program frees for reuse, instead
/// of returning it to the OS a second later ("purging"). A simulation frees
/// millions of items made on its generating thread; purged, their memory
/// came back as fresh pages the kernel zeroed again, and an hour-long run
/// took 8% longer (docs/performance.md). A CLI run gives everything back
/// when it exits.
fn keep_freed_memory() {
    #[allow(unsafe_code)]
    // SAFETY: mi_option_set only stores an option's value (-1: never
    // purge); it is called before any other thread starts.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
}

#[cfg(test)]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    // The option number names the purge delay: its default in the vendored
    // mimalloc v3 is 1,000 ms (options.c), and setting it is read back.
    #[test]
    #[allow(unsafe_code)]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads and stores an option value, as above.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 1_000);
            super::keep_freed_memory();
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), -1);
        }
    }
}
