//! The `ddbplan` binary: everything lives in the library; see `cli::main`.
fn main() -> std::process::ExitCode {
    ddbplan::cli::main()
}
