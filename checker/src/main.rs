//! `cargo run -p checker -- --help`: everything is in the library (`checker::cli`).

fn main() -> std::process::ExitCode {
    checker::cli::main()
}
