//! The command line: the instructor's subcommands, each with its exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The logout lab's tools for instructors and maintainers: the student edition, the proof that
/// it holds, and a class at once. Students run the checker (`cargo run -p checker`) instead.
#[derive(Debug, Parser)]
#[command(name = "instructor", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the student edition into OUT_DIR (empty or new): the workspace with the lesson's
    /// code left to write, the answer blanked, the reference's tests and tools left out, and a
    /// fresh git repository.
    StudentEdition {
        /// Where to write it.
        out_dir: PathBuf,
    },
    /// Check the student edition: it builds and its tests pass, no solution text is left,
    /// the checker fails exactly the exercises to do and passes the rest; with the solutions
    /// back it passes everything. Works in target/self-check/. Exit 0 when it all holds, 1
    /// when not.
    SelfCheck,
    /// A class at once: STUDENTS simulated students repeat the lesson's cycle (log in, /me,
    /// log out, /me 401, log in again, /me; every fifth cycle link and disconnect the other
    /// provider) against the app and the mocks, in-process by default. Prints cycles per
    /// second, each step's latency percentiles, errors by kind, and sessions lost, sessions
    /// crossed and tokens revoked unnecessarily. Exit 0 when all of those are 0, 1 when not,
    /// 2 when it could not run. Build with --release for figures worth keeping.
    Load(Box<crate::load::LoadArgs>),
}

/// The binary's whole job.
pub fn main() -> ExitCode {
    let code = match Cli::parse().command {
        Command::StudentEdition { out_dir } => crate::edition::student_edition(&out_dir),
        Command::SelfCheck => crate::edition::self_check(),
        Command::Load(args) => load(*args),
    };
    ExitCode::from(code)
}

/// `load`, on the checker's runtime (a thread per core); the exit code.
fn load(args: crate::load::LoadArgs) -> u8 {
    let runtime = match checker::cli::runtime() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return 2;
        }
    };
    let code = runtime.block_on(crate::load::main(args));
    // In-process servers stop with the runtime; do not wait for idle connections.
    runtime.shutdown_background();
    code
}
