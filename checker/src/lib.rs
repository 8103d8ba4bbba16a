//! The checker: runs the logout lesson's exercises against an app, like a browser would,
//! reads the mock providers' logs to see what happened on their side, and reports a verdict
//! for a student (text, or one HTML page with each step drawn as a sequence diagram), a grader
//! (JSON) and CI (JUnit XML, exit code).
//!
//! `cargo run -p checker` starts the mocks and our app in-process; `--app-url` checks an app
//! already running, in any language. See `checker/README.md`.
//!
//! Modules:
//! - [`catalog`]: `exercises/exercises.toml` (ids, titles, hints, dependencies);
//! - [`quiz`]: the multiple-choice question and the student's answer file;
//! - [`apps`]: our two apps, the course's and the hardened one, each started by one call;
//! - [`harness`]: starting or finding the app and the mocks;
//! - [`client`]: the browser-like client (cookie jar, hop-by-hop redirects, forms, curl lines);
//! - [`mocks`]: the mocks' `/__mock/` inspection API;
//! - [`context`]: what every exercise works with: the browser, the steps, the judge of each;
//! - [`env`], [`failure`]: what the checks run against; why a check failed (expected, actual,
//!   hint);
//! - [`rules`]: the rules revocations are judged by, stated once;
//! - [`judge`]: judging what each step ended at the providers ("token revoked unnecessarily",
//!   tidy-up);
//! - [`sequence`]: each step's exchanges in order (the browser's, and the app's calls to the
//!   providers), for the HTML report's sequence diagrams;
//! - [`registry`]: what each exercise is: id, section, hints, whether it drives the app;
//! - [`hints`]: the precise hints, kept back until asked for or earned;
//! - [`exercises`]: each exercise's check, one file each, and the journeys they share;
//! - [`run`]: running checks in order, skipping dependents of failures;
//! - [`report`]: the report and its human, JSON, JUnit and HTML outputs;
//! - [`watch`]: `--watch`, running again whenever the app or the exercises change;
//! - [`workspace`]: the workspace found at run time;
//! - [`cli`]: flags, subcommands and exit codes;
//!
//! The instructor's commands (the student edition, its self-check, the load mode) are the
//! reference workspace's `instructor` crate, built on this library.

pub mod answers;
pub mod apps;
pub mod catalog;
pub mod cli;
pub mod client;
pub mod context;
pub mod env;
pub mod exercises;
pub mod failure;
pub mod harness;
pub mod hints;
pub mod judge;
pub mod mocks;
pub mod quiz;
pub mod registry;
pub mod report;
pub mod rules;
pub mod run;
pub mod sequence;
pub mod watch;
pub mod workspace;

use std::path::PathBuf;
use std::time::Instant;

use catalog::Catalog;
use client::Log;
use common::Provider;
use context::Env;
use harness::{Labs, Running, Targets};
use mocks::MockApi;

use report::{Next, Progress, Report, Status};
use url::Url;

/// One run's settings.
#[derive(Clone)]
pub struct Options {
    pub targets: Targets,
    pub exercises_dir: PathBuf,
    /// `--answers`: the folder of the student's answer files ([`answers`]).
    pub answers: Option<PathBuf>,
    /// Run only this exercise (and its dependencies).
    pub only: Option<String>,
    /// The `--verbose` transcript.
    pub log: Option<Log>,
    /// How long a check's last step waits for late revocation calls ([`context::SETTLE`]).
    pub settle: std::time::Duration,
    /// How long `disconnect-outage` waits for a queued revocation once the provider is back.
    pub outage_wait: std::time::Duration,
    /// `--strict`: the checks beyond the course fail the run like the course's.
    pub strict: bool,
    /// Whether the report keeps the app's calls to the providers in full: `--html` shows
    /// them; other reports name them only.
    pub calls: mocks::Calls,
    /// `--jobs`: how many checks run at once, each in a fresh lab (in-process only); `None`:
    /// all of them.
    pub jobs: Option<usize>,
    /// Where the checks' failing streaks are kept ([`hints`]); `None` keeps none (the library
    /// default: only the command line remembers).
    pub hints_file: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            targets: Targets::default(),
            exercises_dir: catalog::default_dir(),
            answers: None,
            only: None,
            log: None,
            settle: context::SETTLE,
            outage_wait: exercises::disconnect_outage::WITHIN,
            strict: false,
            calls: mocks::Calls::LeftOut,
            jobs: None,
            hints_file: None,
        }
    }
}

/// Runs the selected exercises and returns the report; a run that cannot start is a report
/// with `error` set (exit code 2).
pub async fn run(options: &Options) -> Report {
    let started = Instant::now();
    let prepared = match prepare(options).await {
        Ok(prepared) => prepared,
        Err(why) => {
            return Report::could_not_run(why.lesson, options.targets.requested(), why.error);
        }
    };
    let Prepared {
        env,
        selection,
        labs,
    } = prepared;
    let (catalog, own_app, target) = (env.catalog.clone(), env.own_app, labs.target());
    let mut checks = run::run_checks(env, labs, selection).await;
    if let Some(file) = options.hints_file.as_deref().filter(|_| own_app) {
        hints::remember(&mut checks, &catalog, file);
    }
    Report {
        lesson: catalog.lesson.clone(),
        target,
        strict: options.strict,
        verbose: options.log.is_some(),
        progress: progress(&catalog, &checks, own_app),
        checks,
        duration: started.elapsed(),
        error: None,
    }
}

/// What a run has before its first check.
struct Prepared {
    env: Env,
    selection: Vec<catalog::Exercise>,
    /// Where the checks run, and the servers this run started, stopped when they are done.
    labs: Labs,
}

/// Why a run could not start, with the lesson's name once the catalog is read.
struct CannotStart {
    lesson: String,
    error: String,
}

/// Reads the catalog, picks the exercises and starts the servers they drive.
async fn prepare(options: &Options) -> Result<Prepared, CannotStart> {
    let cannot = |lesson: &str, error: String| CannotStart {
        lesson: lesson.to_string(),
        error,
    };
    let catalog =
        Catalog::load(&options.exercises_dir).map_err(|e| cannot("", format!("{e:#}")))?;
    let lesson = catalog.lesson.as_str();
    let selection: Vec<catalog::Exercise> = catalog
        .selection(options.only.as_deref())
        .map_err(|e| cannot(lesson, format!("{e:#}")))?
        .into_iter()
        .cloned()
        .collect();
    let http = client::http_client().map_err(|e| cannot(lesson, format!("{e:#}")))?;
    let labs = if selection.iter().any(|e| e.id.drives_app()) {
        let (targets, log) = (&options.targets, options.log.clone());
        let started = Labs::start(targets, &http, log, options.jobs).await;
        started.map_err(|e| cannot(lesson, e.0))?
    } else {
        Labs::Shared(None)
    };
    let [app, github, google] = addresses(labs.shared(), &options.targets);
    let own_app = options.targets.app_url.is_none();
    let answers = answers::Answers::for_run(options.answers.as_deref(), &catalog.dir, own_app);
    let env = Env {
        app,
        github: MockApi::new(Provider::GitHub, &github),
        google: MockApi::new(Provider::Google, &google),
        catalog,
        answers,
        http,
        log: options.log.clone(),
        settle: options.settle,
        calls: options.calls,
        outage_wait: options.outage_wait,
        own_app,
    };
    Ok(Prepared {
        env,
        selection,
        labs,
    })
}

/// The app's, GitHub's and Google's base URLs: the shared lab's when there is one, otherwise
/// the ones asked for, which each check's own lab replaces (in-process) or no selected
/// exercise contacts.
fn addresses(running: Option<&Running>, targets: &Targets) -> [Url; 3] {
    match running {
        Some(r) => [r.app.clone(), r.github.clone(), r.google.clone()],
        None => [
            targets
                .app_url
                .clone()
                .unwrap_or_else(|| Url::parse(common::defaults::APP_URL).expect("a valid URL")),
            targets.github_url.clone(),
            targets.google_url.clone(),
        ],
    }
}

/// The exercises the student does (those with files to edit) done, and the first of the
/// course's that did not pass, with its page and, for the workspace's own app, the files to
/// edit and how to ask for its precise hint.
fn progress(catalog: &Catalog, checks: &[report::CheckResult], own_app: bool) -> Option<Progress> {
    let to_do = |id| catalog.get(id).is_some_and(|e| !e.edit.is_empty());
    let course = || {
        checks
            .iter()
            .filter(|c| c.section == registry::Section::Course)
    };
    course().next()?;
    let done = course()
        .filter(|c| to_do(c.id) && c.status == Status::Pass)
        .count();
    let next = course().find(|c| c.status == Status::Fail).map(|check| {
        let exercise = catalog.get(check.id);
        let precise = exercise.is_some_and(|e| !e.rust.is_empty());
        Next {
            id: check.id,
            title: check.title.clone(),
            page: exercise.map_or_else(String::new, |e| shown(&catalog.dir.join(&e.file))),
            edit: exercise
                .filter(|_| own_app)
                .map_or_else(Vec::new, |e| e.edit.clone()),
            help: (own_app && precise && check.precise_hint.is_none())
                .then(|| format!("cargo run -p checker -- hint {}", check.id)),
        }
    });
    Some(Progress {
        done,
        total: course().filter(|c| to_do(c.id)).count(),
        next,
    })
}

/// A path as the person running the checker finds it: relative to the current folder when
/// it is below it.
pub fn shown(path: &std::path::Path) -> String {
    let here = std::env::current_dir().ok();
    let relative = here
        .as_deref()
        .and_then(|here| path.strip_prefix(here).ok());
    relative.unwrap_or(path).display().to_string()
}
