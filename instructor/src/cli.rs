//! The command line: the instructor's subcommands, each with its exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::edition;
use crate::workspace::Workspace;

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
        Command::StudentEdition { out_dir } => student_edition(&out_dir),
        Command::SelfCheck => self_check(),
        Command::Load(args) => load(*args),
    };
    ExitCode::from(code)
}

/// `instructor student-edition OUT_DIR`: writes the handout and says what it did; the exit
/// code (0 written, 2 not).
fn student_edition(out: &Path) -> u8 {
    let Some(workspace) = workspace() else {
        return 2;
    };
    match edition::write(&workspace, out) {
        Ok(summary) => {
            println!(
                "Wrote the student edition into {}: {} files, {} solution regions replaced by their starters, the answers blanked, the question sealed{}.",
                out.display(),
                summary.files,
                summary.regions.len(),
                if summary.git {
                    ", a fresh git repository"
                } else {
                    " (no git: no repository)"
                }
            );
            println!(
                "Students start with: cd {} && cargo run -p checker",
                out.display()
            );
            0
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            2
        }
    }
}

/// `instructor self-check`: runs [`self_check::run`](edition::self_check::run) and prints what held and what did not; the
/// exit code (0 it all holds, 1 not, 2 it could not run).
fn self_check() -> u8 {
    let Some(workspace) = workspace() else {
        return 2;
    };
    let say = |line: &str| eprintln!("self-check: {line}");
    match edition::self_check::run(&workspace, &say) {
        Ok(outcome) => {
            for line in &outcome.verified {
                println!("✓ {line}");
            }
            for problem in &outcome.problems {
                println!("✗ {problem}");
            }
            if outcome.problems.is_empty() {
                println!("The student edition holds.");
                0
            } else {
                println!(
                    "The student edition does not hold: {} problem(s).",
                    outcome.problems.len()
                );
                1
            }
        }
        Err(error) => {
            println!("✗ {error:#}");
            1
        }
    }
}

/// The workspace around the current folder, or `None` having said so.
fn workspace() -> Option<Workspace> {
    let found = Workspace::current();
    if found.is_none() {
        eprintln!("error: run it in the logout lab's workspace (the folder with exercises/)");
    }
    found
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
