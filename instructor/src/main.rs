//! `cargo run -p instructor -- --help`: everything is in the library (`instructor::cli`).

fn main() -> std::process::ExitCode {
    instructor::cli::main()
}
