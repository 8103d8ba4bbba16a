//! `--watch`: the student's loop, as rustlings' watch mode. The checker runs, then waits for a
//! file under `app/` or `exercises/` to change, and runs again: through `cargo run`, so the
//! app (which the checker starts in-process) is rebuilt first, and a build error is shown as
//! the compiler's message, not as failed checks. Ctrl-C stops it.
//!
//! On a terminal each run clears the screen and shows one screen of 80×24
//! ([`crate::report::screen`]): the progress, the first failure, the next step. Without one
//! (or with `--verbose` or `--format`) each run prints the plain report below the last.
//!
//! Changes are seen by looking at the files' sizes and times twenty times a second: a handful of
//! folders, no file-notification crate needed.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, SystemTime};

use crate::workspace::Workspace;

/// The folders whose changes start a new run.
pub const WATCHED: [&str; 2] = ["app", "exercises"];

/// How often the files are looked at, and how long they must stay still before a run.
const POLL: Duration = Duration::from_millis(50);

/// Clears a terminal and its scrollback, and puts the cursor at the top left (ANSI).
const CLEAR: &str = "\x1b[2J\x1b[3J\x1b[H";

/// Cargo's exit status when the build fails (the checker's own are 0, 1 and 2).
const BUILD_FAILED: i32 = 101;

/// Runs the checker with `args` (the command line without `--watch`) until Ctrl-C.
pub fn run(args: Vec<OsString>) -> ExitCode {
    let Some(workspace) = Workspace::current() else {
        eprintln!(
            "error: --watch runs in the logout lab's workspace (the folder with exercises/): cd there first"
        );
        return ExitCode::from(2);
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let folders: Vec<PathBuf> = WATCHED.iter().map(|f| workspace.root.join(f)).collect();
    let screen = std::io::stdout().is_terminal() && plain_flags(&args);
    let mut args = args;
    if screen {
        args.extend(["--format".into(), "screen".into()]);
    }
    loop {
        let before = snapshot(&folders);
        if screen {
            print!("{CLEAR}");
            let _ = std::io::stdout().flush();
        }
        let status = Command::new(&cargo)
            .args(["run", "--quiet", "--package", "checker", "--"])
            .args(&args)
            .current_dir(&workspace.root)
            .status();
        match status.map(|s| s.code()) {
            Ok(Some(BUILD_FAILED)) => println!(
                "\nThe app does not build: the compiler's message is above. Fix it and save; the checker runs again."
            ),
            Ok(_) => {}
            Err(error) => {
                eprintln!("error: cannot run cargo: {error}");
                return ExitCode::from(2);
            }
        }
        println!("Watching app/ and exercises/ for changes (Ctrl-C to stop)...");
        let changed = wait_for_change(&folders, before);
        if !screen {
            let changed = shown(&workspace.root, &changed);
            println!("\n--- {changed} changed: running the checker again ---\n");
        }
    }
}

/// Whether the flags leave the report's form to the watch: no `--format`, no `--verbose`.
fn plain_flags(args: &[OsString]) -> bool {
    !args.iter().any(|a| {
        let a = a.to_string_lossy();
        a.starts_with("--format") || a == "--verbose" || a == "-v"
    })
}

/// The command line of this process, without `--watch`.
pub fn args_without_watch() -> Vec<OsString> {
    std::env::args_os()
        .skip(1)
        .filter(|a| a != "--watch")
        .collect()
}

/// Each file's size and time of change, under `folders` (build output left out).
pub fn snapshot(folders: &[PathBuf]) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let mut seen = BTreeMap::new();
    let mut stack: Vec<PathBuf> = folders.to_vec();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            if meta.is_dir() {
                if entry.file_name() != "target" {
                    stack.push(path);
                }
            } else {
                seen.insert(path, (meta.len(), meta.modified().ok()));
            }
        }
    }
    seen
}

/// The first file that differs between two snapshots (added, removed or changed).
pub fn first_change(
    before: &BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
    now: &BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
) -> Option<PathBuf> {
    let changed = now
        .iter()
        .find(|(path, stamp)| before.get(*path) != Some(stamp));
    let removed = before.keys().find(|path| !now.contains_key(*path));
    changed
        .map(|(path, _)| path.clone())
        .or_else(|| removed.cloned())
}

/// Waits until a file changes, then until the files stay still for a moment (an editor may
/// write a file in several steps); returns the first file that changed.
fn wait_for_change(
    folders: &[PathBuf],
    before: BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
) -> PathBuf {
    loop {
        std::thread::sleep(POLL);
        let now = snapshot(folders);
        if let Some(changed) = first_change(&before, &now) {
            let mut last = now;
            loop {
                std::thread::sleep(POLL);
                let again = snapshot(folders);
                if again == last {
                    return changed;
                }
                last = again;
            }
        }
    }
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_added_or_removed_file_is_a_change_and_build_output_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("app");
        std::fs::create_dir_all(app.join("src")).unwrap();
        std::fs::create_dir_all(app.join("target")).unwrap();
        let file = app.join("src/logout.rs");
        std::fs::write(&file, "fn a() {}").unwrap();
        let folders = vec![app.clone()];
        let before = snapshot(&folders);
        std::fs::write(app.join("target/out"), "x").unwrap();
        assert_eq!(
            first_change(&before, &snapshot(&folders)),
            None,
            "target/ is ignored"
        );
        std::fs::write(&file, "fn a() { 1 }").unwrap();
        assert_eq!(
            first_change(&before, &snapshot(&folders)),
            Some(file.clone())
        );
        let added = app.join("src/new.rs");
        std::fs::write(&added, "").unwrap();
        let with_new = snapshot(&folders);
        std::fs::remove_file(&added).unwrap();
        assert_eq!(first_change(&with_new, &snapshot(&folders)), Some(added));
    }
}
