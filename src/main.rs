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
/// took longer (docs/performance.md). A CLI run gives everything back when
/// it exits. A purge delay set in the environment (`MIMALLOC_PURGE_DELAY`,
/// or its old name `MIMALLOC_RESET_DELAY`) is left to mimalloc.
fn keep_freed_memory() {
    let set_by_user = ["MIMALLOC_PURGE_DELAY", "MIMALLOC_RESET_DELAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    if set_by_user {
        return;
    }
    #[allow(unsafe_code)]
    // SAFETY: mi_option_set only stores an option's value (-1: never
    // purge); it is called first thing in `main`, before any other thread
    // of ours starts.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
}

#[cfg(test)]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    // The option number names the purge delay: read (never set, as other
    // test threads run), it has the purge delay's default in the vendored
    // mimalloc v3, 1,000 ms (`options.c`), unless the environment sets it.
    #[test]
    #[allow(unsafe_code)]
    fn the_option_number_is_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some()
            || std::env::var_os("MIMALLOC_RESET_DELAY").is_some()
        {
            return;
        }
        // SAFETY: reads an option value.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1_000);
    }
}
