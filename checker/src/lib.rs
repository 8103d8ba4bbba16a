//! The checker: runs the logout lesson's exercises against an app, like a browser would,
//! reads the mock providers' logs to see what happened on their side, and reports a verdict
//! for a student (text), a grader (JSON) and CI (JUnit XML, exit code).
//!
//! `cargo run -p checker` starts the mocks and our app in-process; `--app-url` checks an app
//! already running, in any language. See `checker/README.md`.
//!
//! Modules:
//! - [`catalog`]: `exercises/exercises.toml` (ids, titles, hints, dependencies);
//! - [`quiz`]: the multiple-choice question and the student's answer file;
//! - [`harness`]: starting or finding the app and the mocks;
//! - [`client`]: the browser-like client (cookie jar, hop-by-hop redirects, forms, curl lines);
//! - [`mocks`]: the mocks' `/__mock/` inspection API;
//! - [`check`]: what every exercise works with: the browser, the steps, the judge of each;
//! - [`env`], [`failure`]: what the checks run against; why a check failed (expected, actual,
//!   hint);
//! - [`rules`]: the rules revocations are judged by, stated once;
//! - [`judge`]: judging what each step ended at the providers ("token revoked unnecessarily",
//!   tidy-up);
//! - [`registry`]: what each exercise is: id, section, hints, whether it drives the app;
//! - [`exercises`]: each exercise's check, one file each, and the journeys they share;
//! - [`run`]: running checks in order, skipping dependents of failures;
//! - [`report`]: the report and its human, JSON and JUnit outputs;
//! - [`edition`]: the student edition (solution regions, the handout, the self-check);
//! - [`watch`]: `--watch`, running again whenever the app or the exercises change;
//! - [`workspace`]: the workspace found at run time, and its files;
//! - [`cli`]: flags, subcommands and exit codes.

pub mod catalog;
pub mod check;
pub mod cli;
pub mod client;
pub mod edition;
pub mod env;
pub mod exercises;
pub mod failure;
pub mod harness;
pub mod judge;
pub mod mocks;
pub mod quiz;
pub mod registry;
pub mod report;
pub mod rules;
pub mod run;
pub mod watch;
pub mod workspace;

use std::path::PathBuf;
use std::time::Instant;

use catalog::Catalog;
use check::Env;
use client::Log;
use harness::Targets;
use mocks::{MockApi, Provider};

use report::{Next, Progress, Report, Status, Target};
use url::Url;

/// One run's settings.
#[derive(Clone)]
pub struct Options {
    pub targets: Targets,
    pub exercises_dir: PathBuf,
    /// Run only this exercise (and its dependencies).
    pub only: Option<String>,
    /// The `--verbose` transcript.
    pub log: Option<Log>,
    /// How long a check's last step waits for late revocation calls ([`check::SETTLE`]).
    pub settle: std::time::Duration,
    /// `--strict`: the checks beyond the course fail the run like the course's.
    pub strict: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            targets: Targets::default(),
            exercises_dir: catalog::default_dir(),
            only: None,
            log: None,
            settle: check::SETTLE,
            strict: false,
        }
    }
}

/// Runs the selected exercises and returns the report; a run that cannot start is a report
/// with `error` set (exit code 2).
pub async fn run(options: &Options) -> Report {
    let started = Instant::now();
    let requested = options.targets.requested();
    let catalog = match Catalog::load(&options.exercises_dir) {
        Ok(catalog) => catalog,
        Err(error) => return Report::could_not_run(String::new(), requested, format!("{error:#}")),
    };
    let lesson = catalog.lesson.clone();
    let selection: Vec<catalog::Exercise> = match catalog.selection(options.only.as_deref()) {
        Ok(selection) => selection.into_iter().cloned().collect(),
        Err(error) => return Report::could_not_run(lesson, requested, format!("{error:#}")),
    };
    let http = match client::http_client() {
        Ok(http) => http,
        Err(error) => return Report::could_not_run(lesson, requested, format!("{error:#}")),
    };
    let needs_app = selection.iter().any(|e| e.id.drives_app());
    let running = if needs_app {
        match harness::start(&options.targets, &http, options.log.clone()).await {
            Ok(running) => Some(running),
            Err(error) => return Report::could_not_run(lesson, requested, error.0),
        }
    } else {
        None
    };
    let (app, github, google) = match &running {
        Some(r) => (r.app.clone(), r.github.clone(), r.google.clone()),
        // No selected exercise drives a server, so these addresses are never contacted.
        None => (
            options
                .targets
                .app_url
                .clone()
                .unwrap_or_else(|| Url::parse(common::defaults::APP_URL).expect("a valid URL")),
            options.targets.github_url.clone(),
            options.targets.google_url.clone(),
        ),
    };
    // The question alone drives no server: then there is no target to show.
    let target = match &running {
        Some(_) => Target {
            app_url: display(&app),
            github_url: display(&github),
            google_url: display(&google),
        },
        None => Target::default(),
    };
    let env = Env {
        app,
        github: MockApi::new(Provider::GitHub, &github),
        google: MockApi::new(Provider::Google, &google),
        catalog,
        http,
        log: options.log.clone(),
        settle: options.settle,
        own_app: options.targets.app_url.is_none(),
    };
    let refs: Vec<&catalog::Exercise> = selection.iter().collect();
    let checks = run::run_checks(&env, &refs).await;
    drop(running);
    let progress = progress(&env.catalog, &checks, env.own_app);
    Report {
        lesson,
        target,
        strict: options.strict,
        progress,
        checks,
        duration: started.elapsed(),
        error: None,
    }
}

/// The course's exercises done, and the first one that did not pass, with its page and, for
/// the workspace's own app, the files to edit.
fn progress(catalog: &Catalog, checks: &[report::CheckResult], own_app: bool) -> Option<Progress> {
    let course: Vec<&report::CheckResult> = checks
        .iter()
        .filter(|c| c.section == registry::Section::Course)
        .collect();
    if course.is_empty() {
        return None;
    }
    let done = course.iter().filter(|c| c.status == Status::Pass).count();
    let next = course
        .iter()
        .find(|c| c.status == Status::Fail)
        .map(|check| {
            let exercise = catalog.get(check.id);
            Next {
                id: check.id,
                title: check.title.clone(),
                page: exercise.map_or_else(String::new, |e| shown(&catalog.dir.join(&e.file))),
                edit: exercise
                    .filter(|_| own_app)
                    .map_or_else(Vec::new, |e| e.edit.clone()),
                hint: check.hint.clone(),
            }
        });
    Some(Progress {
        done,
        total: course.len(),
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

/// A base URL as people write it, without the trailing slash.
fn display(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_string()
}
