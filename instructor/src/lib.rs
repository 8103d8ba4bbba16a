//! The instructor's and maintainer's tools, beside the checker they build on: what a student
//! never compiles. The reference workspace has this crate; the student edition it writes does
//! not. See `instructor/README.md`.
//!
//! Modules:
//! - [`edition`]: the student edition (solution regions, the handout, its Cargo files, leaks,
//!   the self-check);
//! - [`load`]: a class at once: simulated students, their latencies and the figures that must
//!   be 0;
//! - [`workspace`]: the workspace's files, a fresh repository, a build cache shared by hard
//!   links;
//! - [`cli`]: the subcommands and exit codes.

pub mod cli;
pub mod edition;
pub mod load;
pub mod workspace;
