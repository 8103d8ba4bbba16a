//! The command line: flags and subcommands, the run, the chosen output, the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use url::Url;

use crate::catalog::{self, Catalog};
use crate::harness::Targets;
use crate::report::{self, Format};
use crate::{Options, run};
use common::defaults::{MOCK_GITHUB_URL, MOCK_GOOGLE_URL};

/// Runs the logout lesson's exercises against an app and reports, among other things, every
/// provider token revoked when it should not be.
///
/// By default it starts the mock providers and the course's app (app/) in-process. With
/// --app-url it checks an app that is already running, in any language. The course's exercises come first; the checks
/// beyond the course are advice, counted only with --strict. Exit code: 0 all passed, 1 a
/// check failed, 2 the checker could not run.
#[derive(Debug, Parser)]
#[command(
    name = "checker",
    version,
    about,
    long_about,
    after_help = INSTRUCTOR,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Check the app running at this URL instead of starting ours.
    #[arg(long, env = "CHECKER_APP_URL", value_name = "URL")]
    pub app_url: Option<Url>,
    /// Which of our apps to start in-process: the course's (`app/`) or the hardened one
    /// (`hardened-app/`).
    #[arg(long, value_enum, default_value_t, conflicts_with = "app_url", hide = !cfg!(feature = "reference"))]
    pub app: crate::apps::OurApp,
    /// The mock GitHub the app uses (with --app-url); started here if nothing answers.
    #[arg(long, env = "CHECKER_GITHUB_URL", value_name = "URL", default_value = MOCK_GITHUB_URL)]
    pub github_url: Url,
    /// The mock Google the app uses (with --app-url); started here if nothing answers.
    #[arg(long, env = "CHECKER_GOOGLE_URL", value_name = "URL", default_value = MOCK_GOOGLE_URL)]
    pub google_url: Url,
    /// Run only this exercise (and the ones it depends on).
    #[arg(long, value_name = "ID")]
    pub only: Option<String>,
    /// How long the mocks must be quiet before each check's last step is judged, so that a
    /// revocation the app sends without waiting for it is still caught (raise it for a slow
    /// app; at most 10000).
    #[arg(long, env = "CHECKER_SETTLE_MS", value_name = "MS", default_value_t = crate::context::SETTLE.as_millis() as u64, value_parser = clap::value_parser!(u64).range(0..=mock_providers::api::MAX_QUIET_MS))]
    pub settle_ms: u64,
    /// How long `disconnect-outage` waits, once the provider is back, for the revocation the
    /// app queued during the outage.
    #[arg(long, env = "CHECKER_OUTAGE_WAIT_SECS", value_name = "SECS", default_value_t = crate::exercises::disconnect_outage::WITHIN.as_secs())]
    pub outage_wait_secs: u64,
    /// How many checks run at once, in-process, each with a fresh app and fresh mocks of its
    /// own (default: all of them). An app at --app-url is checked one check at a time.
    #[arg(long, env = "CHECKER_JOBS", value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Count the checks beyond the course like the course's: a failure there fails the run
    /// (exit 1) instead of being shown as advice.
    #[arg(long)]
    pub strict: bool,
    /// List the exercises and exit.
    #[arg(long)]
    pub list: bool,
    /// Run again whenever a file under app/ or exercises/ changes, rebuilding the app first;
    /// with --app-url, whenever a file under DIR (your app's source) changes, building
    /// nothing. Ctrl-C stops.
    #[arg(long, value_name = "DIR", num_args = 0..=1)]
    pub watch: Option<Option<PathBuf>>,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also write a JUnit XML report to this file.
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// Also write the report as one self-contained HTML page to this file: each check, and
    /// each step's HTTP exchanges as a sequence diagram with its revocations marked.
    #[arg(long, value_name = "PATH")]
    pub html: Option<PathBuf>,
    /// Print every HTTP exchange, with a curl line that replays it, on standard error.
    #[arg(long, short)]
    pub verbose: bool,
    /// The folder of your answer files (still-logged-in.answer.toml, when-to-revoke.answer.toml);
    /// a file missing there is written blank, to fill in. Default: the exercises folder, or,
    /// with --app-url, none: those two exercises are then not answered yet.
    #[arg(long, env = "CHECKER_ANSWERS", value_name = "DIR")]
    pub answers: Option<PathBuf>,
    /// The exercises folder (exercises.toml, pages, answer files).
    #[arg(long, value_name = "DIR", default_value_os_t = catalog::default_dir())]
    pub exercises: PathBuf,
}

/// What else the checker does: a precise hint, for students.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the precise hint of an exercise: what to write, for the way it failed last.
    Hint {
        /// The exercise, e.g. `logout` (`--list` lists them).
        id: String,
    },
}

/// The end of `--help` in the reference workspace, whose `instructor` crate has the
/// instructor's commands; the student edition has neither.
const INSTRUCTOR: Option<&str> = if cfg!(feature = "reference") {
    Some(
        "For instructors (the student edition, its self-check, a class at once): cargo run -p instructor -- --help",
    )
} else {
    None
};

/// The binary's whole job.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::Hint { id }) => {
            return ExitCode::from(crate::hints::command(id, &cli.exercises));
        }
        None if cli.watch.is_some() => {
            let folder = cli.watch.clone().flatten();
            let args = crate::watch::args_without_watch();
            return crate::watch::run(args, cli.app_url.as_ref(), folder.as_deref());
        }
        None => {}
    }
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let code = runtime.block_on(execute(cli));
    // In-process servers stop with the runtime; do not wait for idle connections.
    runtime.shutdown_background();
    ExitCode::from(code)
}

/// The runtime of a run (and of the instructor's class at once): a thread per core, since
/// checks in labs of their own run at once, in-process servers included.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}

/// Runs what the flags ask and returns the exit code.
pub async fn execute(cli: Cli) -> u8 {
    if cli.list {
        return print_list(&cli.exercises);
    }
    let options = cli.options();
    let files = cli.files();
    // A report file that cannot be written stops the run before it starts, so the report (and
    // the JSON document) carries the same exit code as the process; then no file is written.
    let unwritable = files.iter().find_map(|file| {
        std::fs::File::create(file.path).err().map(|error| {
            format!(
                "cannot write the {} {}: {error}",
                file.what,
                file.path.display()
            )
        })
    });
    let writable = unwritable.is_none();
    let report = match unwritable {
        Some(error) => {
            report::Report::could_not_run(String::new(), options.targets.requested(), error)
        }
        None => run(&options).await,
    };
    print_report(&report, cli.format);
    for file in files.iter().filter(|_| writable) {
        if let Err(error) = std::fs::write(file.path, (file.render)(&report)) {
            eprintln!(
                "error: cannot write the {} {}: {error}",
                file.what,
                file.path.display()
            );
            return 2;
        }
    }
    report.exit_code() as u8
}

/// A report written to a file beside standard output (`--junit`, `--html`).
struct ReportFile<'a> {
    path: &'a std::path::Path,
    /// What messages call it.
    what: &'static str,
    render: fn(&report::Report) -> String,
}

impl Cli {
    /// The report files the flags ask for.
    fn files(&self) -> Vec<ReportFile<'_>> {
        let junit = self.junit.as_deref().map(|path| ReportFile {
            path,
            what: "JUnit report",
            render: report::junit::render,
        });
        let html = self.html.as_deref().map(|path| ReportFile {
            path,
            what: "HTML report",
            render: report::html::render,
        });
        junit.into_iter().chain(html).collect()
    }

    /// The run the flags describe.
    fn options(&self) -> Options {
        let log: Option<crate::client::Log> = self
            .verbose
            .then(|| Arc::new(|line: &str| eprintln!("{line}")) as crate::client::Log);
        Options {
            targets: Targets {
                app_url: self.app_url.clone(),
                ours: self.app,
                github_url: self.github_url.clone(),
                google_url: self.google_url.clone(),
            },
            exercises_dir: self.exercises.clone(),
            answers: self.answers.clone(),
            only: self.only.clone(),
            log,
            settle: std::time::Duration::from_millis(self.settle_ms),
            outage_wait: std::time::Duration::from_secs(self.outage_wait_secs),
            strict: self.strict,
            calls: match self.html {
                Some(_) => crate::mocks::Calls::InFull,
                None => crate::mocks::Calls::LeftOut,
            },
            jobs: self.jobs.map(usize::from),
            hints_file: crate::hints::state_file(),
        }
    }
}

/// `--list`: prints the exercises; the exit code.
fn print_list(exercises: &std::path::Path) -> u8 {
    match Catalog::load(exercises) {
        Ok(catalog) => {
            let _ = std::io::stdout().write_all(catalog.listing().as_bytes());
            0
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            2
        }
    }
}

/// Prints the report in `format`: the human text on standard output (or, when the run could
/// not start, its one message on standard error), in colour only on a terminal.
fn print_report(report: &report::Report, format: Format) {
    let mut stdout = std::io::stdout();
    let text = match format {
        Format::Json => report::json::render(report),
        Format::Screen => report::screen::render(report),
        Format::Human => {
            // Colour for the stream the text goes to (see below).
            let is_terminal = if report.error.is_some() {
                std::io::stderr().is_terminal()
            } else {
                stdout.is_terminal()
            };
            let color =
                report::human::use_color(is_terminal, std::env::var_os("NO_COLOR").as_deref());
            if color {
                colored::control::set_override(true);
            }
            report::human::render(report, color)
        }
    };
    // The could-not-run message goes to standard error for a person, in the document for JSON.
    if format == Format::Human && report.error.is_some() {
        eprint!("{text}");
    } else {
        let _ = stdout.write_all(text.as_bytes());
    }
}
