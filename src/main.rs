//! The `ddbplan` binary: everything lives in the library; see `cli::main`.

/// mimalloc: the simulator allocates and frees millions of small items;
/// measured in docs/performance.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ddbplan::cli::main()
}
