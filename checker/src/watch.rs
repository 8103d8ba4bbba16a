//! `--watch`: the student's loop, as rustlings' watch mode. The checker runs, then waits for a
//! file to change, and runs again. Ctrl-C stops it.
//!
//! Two kinds of app, two loops:
//! - this workspace's app, which the checker starts in-process: it watches `app/` and
//!   `exercises/` and runs through `cargo run`, so the app is rebuilt first, and a build error
//!   is shown as the compiler's message, not as failed checks;
//! - an app at `--app-url`, in any language: `--watch DIR` watches the student's folder and
//!   runs this same checker binary again, building nothing. The student's own tooling restarts
//!   the app (`tsx watch`, `nodemon`, ...), so each run first waits [`RESTART`] for it, then until
//!   the app answers.
//!
//! On a terminal each run clears the screen and shows one screen of 80×24
//! ([`crate::report::screen`]): the progress, the first failure, the next step. Without one
//! (or with `--verbose` or `--format`) each run prints the plain report below the last.
//!
//! Changes are seen by looking at the files' sizes and times twenty times a second: a handful of
//! folders, no file-notification crate needed. Build output (`target/`), dependencies
//! (`node_modules/`) and hidden folders (`.git/`) are not looked at.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use url::Url;

use self::changes::{snapshot, wait_for_change};
use crate::workspace::Workspace;

mod changes;

/// The folders whose changes start a new run, for this workspace's app.
pub const WATCHED: [&str; 2] = ["app", "exercises"];

/// How often the files are looked at, and how long they must stay still before a run.
const POLL: Duration = Duration::from_millis(50);

/// How long an app at `--app-url` is given to restart after its files change, and then how
/// long the checker waits at most for it to answer.
const RESTART: Duration = Duration::from_secs(1);
const ANSWER_WITHIN: Duration = Duration::from_secs(30);

/// Clears a terminal and its scrollback, and puts the cursor at the top left (ANSI).
const CLEAR: &str = "\x1b[2J\x1b[3J\x1b[H";

/// Cargo's exit status when the build fails (the checker's own are 0, 1 and 2).
const BUILD_FAILED: i32 = 101;

/// What a watch runs, and what it watches.
struct Loop {
    /// The command of one run, without the report's form.
    command: Command,
    folders: Vec<PathBuf>,
    /// The folders as the "Watching ..." line names them.
    named: String,
    /// Where paths are shown from.
    root: PathBuf,
    /// An app at `--app-url`, to wait for after a change.
    app: Option<Url>,
}

/// Runs the checker with `args` (the command line without `--watch`) until Ctrl-C: our app
/// with `folder` `None`, or the app at `app_url` whose source is in `folder`.
pub fn run(args: Vec<OsString>, app_url: Option<&Url>, folder: Option<&Path>) -> ExitCode {
    let watch = match (app_url, folder) {
        (None, None) => ours(),
        (Some(app), Some(folder)) => theirs(app, folder),
        (Some(_), None) => Err("--watch with --app-url watches your app's source folder: \
             name it, as in `--watch .` (this folder) or `--watch ../my-app`; the checker \
             builds nothing, your app's own watcher restarts it"
            .to_string()),
        (None, Some(_)) => Err(
            "--watch DIR is for an app at --app-url; without one, plain \
             --watch watches this workspace's app/ and exercises/"
                .to_string(),
        ),
    };
    match watch {
        Ok(watch) => watch.forever(args),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The loop for this workspace's app: `cargo run` in its root.
fn ours() -> Result<Loop, String> {
    let Some(workspace) = Workspace::current() else {
        return Err(
            "--watch runs in the logout lab's workspace (the folder with exercises/): \
             cd there first"
                .into(),
        );
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["run", "--quiet", "--package", "checker", "--"])
        .current_dir(&workspace.root);
    Ok(Loop {
        command,
        folders: WATCHED.iter().map(|f| workspace.root.join(f)).collect(),
        named: "app/ and exercises/".into(),
        root: workspace.root,
        app: None,
    })
}

/// The loop for an app at `app`: this binary again, watching `folder`.
fn theirs(app: &Url, folder: &Path) -> Result<Loop, String> {
    if !folder.is_dir() {
        return Err(format!("--watch {}: no such folder", folder.display()));
    }
    let me = std::env::current_exe().map_err(|e| format!("cannot find the checker: {e}"))?;
    let root = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    Ok(Loop {
        command: Command::new(me),
        named: format!("{}", folder.display()),
        folders: vec![root.clone()],
        root,
        app: Some(app.clone()),
    })
}

impl Loop {
    fn forever(mut self, mut args: Vec<OsString>) -> ExitCode {
        let screen = std::io::stdout().is_terminal() && plain_flags(&args);
        if screen {
            args.extend(["--format".into(), "screen".into()]);
        }
        self.command.args(&args);
        loop {
            let before = snapshot(&self.folders);
            if screen {
                print!("{CLEAR}");
                let _ = std::io::stdout().flush();
            }
            match self.command.status().map(|s| s.code()) {
                Ok(Some(BUILD_FAILED)) if self.app.is_none() => println!(
                    "\nThe app does not build: the compiler's message is above. Fix it and save; the checker runs again."
                ),
                Ok(_) => {}
                Err(error) => {
                    eprintln!("error: cannot run the checker: {error}");
                    return ExitCode::from(2);
                }
            }
            println!("Watching {} for changes (Ctrl-C to stop)...", self.named);
            let changed = wait_for_change(&self.folders, before);
            if !screen {
                let changed = shown(&self.root, &changed);
                println!("\n--- {changed} changed: running the checker again ---\n");
            }
            if let Some(app) = &self.app {
                std::thread::sleep(RESTART);
                wait_for_answer(app);
            }
        }
    }
}

/// Waits until something answers at `app` (any HTTP answer), at most [`ANSWER_WITHIN`]; the
/// run then says what it finds.
fn wait_for_answer(app: &Url) {
    let Some(addr) = app
        .socket_addrs(|| app.port_or_known_default())
        .ok()
        .and_then(|a| a.into_iter().next())
    else {
        return;
    };
    let until = Instant::now() + ANSWER_WITHIN;
    while Instant::now() < until {
        if std::net::TcpStream::connect_timeout(&addr, POLL * 4).is_ok() {
            return;
        }
        std::thread::sleep(POLL);
    }
}

/// Whether the flags leave the report's form to the watch: no `--format`, no `--verbose`.
fn plain_flags(args: &[OsString]) -> bool {
    !args.iter().any(|a| {
        let a = a.to_string_lossy();
        a.starts_with("--format") || a == "--verbose" || a == "-v"
    })
}

/// The command line of this process, without `--watch` (and the folder it names).
pub fn args_without_watch() -> Vec<OsString> {
    without_watch(std::env::args_os().skip(1))
}

fn without_watch(args: impl Iterator<Item = OsString>) -> Vec<OsString> {
    let mut args = args.peekable();
    let mut kept = Vec::new();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--watch" {
            args.next_if(|next| !next.to_string_lossy().starts_with('-'));
        } else if !text.starts_with("--watch=") {
            kept.push(arg);
        }
    }
    kept
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
    fn the_watch_flag_and_its_folder_leave_the_command_line() {
        let args = |line: &str| line.split(' ').map(OsString::from).collect::<Vec<_>>();
        let cases = [
            ("--watch --app-url U", "--app-url U"),
            (
                "--app-url U --watch ../my-app --strict",
                "--app-url U --strict",
            ),
            ("--watch=src --app-url U", "--app-url U"),
            ("--app-url U --watch", "--app-url U"),
        ];
        for (line, kept) in cases {
            assert_eq!(without_watch(args(line).into_iter()), args(kept), "{line}");
        }
    }
}
