//! What a run found, and the ways of showing it: [`human`] text for a person, [`json`] for
//! graders (schema in `checker/schema/report.schema.json`), [`junit`] XML for CI tools, and
//! [`html`], one page with each step's exchanges drawn as a sequence diagram, each exchange in
//! full with its secrets masked ([`mask`]).

mod exchange;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod mask;
pub mod screen;

use std::time::Duration;

use serde::Serialize;

use crate::apps::OurApp;
use crate::catalog::Exercise;
use crate::registry::{ExerciseId, Hint, Section};

pub use exchange::{Answer, Body, Exchange, Full, Message, Party, Revocation, Timing, Unit};

/// How a run's outcome is printed (`--format`), for a check run and for `load` alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people: one line per check (or per step, for `load`), details on failure, a
    /// summary line last.
    Human,
    /// One JSON document (a check run's schema: checker/schema/report.schema.json).
    Json,
    /// One screen for `--watch` on a terminal (progress, the first failure, the next step).
    #[value(hide = true)]
    Screen,
}

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Skip,
}

/// One step of a check, as it ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub name: String,
    /// `Pass` or `Fail`: a step that did not run is not listed.
    pub status: Status,
    pub duration: Duration,
    /// The step's HTTP exchanges, in order (the HTML report draws them; JSON leaves them out).
    pub exchanges: Vec<Exchange>,
}

/// One check (one exercise) and its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    pub id: ExerciseId,
    pub title: String,
    pub section: Section,
    pub status: Status,
    /// One line: what failed, or why the check was skipped.
    pub message: Option<String>,
    /// The step that failed.
    pub step: Option<String>,
    /// One line each: what should have happened, and what did.
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// The rule the failure breaks, word for word (`--verbose` and JSON show it).
    pub rule: Option<String>,
    /// Where to look in the lesson, and the idea (the hint a failure always shows).
    pub hint: Option<String>,
    /// Which of the exercise's hints that is, when it is one of them.
    pub hint_key: Option<Hint>,
    /// The precise hint for this workspace's app, once asked for or earned ([`crate::hints`]).
    pub precise_hint: Option<String>,
    pub steps: Vec<Step>,
    /// What the judge saw that is not a failure: tidy-up, what a provider did by itself.
    pub notes: Vec<String>,
    pub duration: Duration,
}

impl CheckResult {
    /// A check with `status` and nothing else to say yet.
    pub fn new(id: ExerciseId, title: String, status: Status) -> CheckResult {
        CheckResult {
            id,
            title,
            section: id.section(),
            status,
            message: None,
            step: None,
            expected: None,
            actual: None,
            rule: None,
            hint: None,
            hint_key: None,
            precise_hint: None,
            steps: vec![],
            notes: vec![],
            duration: Duration::ZERO,
        }
    }

    /// A check not run because a dependency did not pass.
    pub fn skipped(exercise: &Exercise, reason: String) -> CheckResult {
        CheckResult {
            message: Some(reason),
            ..CheckResult::new(exercise.id, exercise.title.clone(), Status::Skip)
        }
    }

    /// Whether a failure of this check fails the run: always for the course's exercises,
    /// with `--strict` only for the advice beyond the course.
    pub fn counts(&self, strict: bool) -> bool {
        self.section == Section::Course || strict
    }

    /// A failure that is only advice: beyond the course, without `--strict`.
    pub fn is_advice(&self, strict: bool) -> bool {
        self.status == Status::Fail && !self.counts(strict)
    }

    /// A failure's details, labelled as every report shows them: the step, the problem (or
    /// the advice), expected, actual, the rule, the hint and the precise hint; each may be
    /// absent.
    pub fn failure_fields(&self, strict: bool) -> [(&'static str, Option<&str>); 7] {
        let problem = if self.is_advice(strict) {
            "advice"
        } else {
            "problem"
        };
        [
            ("failed at", self.step.as_deref()),
            (problem, self.message.as_deref()),
            ("expected", self.expected.as_deref()),
            ("actual", self.actual.as_deref()),
            (RULE, self.rule.as_deref()),
            ("hint", self.hint.as_deref()),
            ("more help", self.precise_hint.as_deref()),
        ]
    }
}

/// The label of a failure's rule, which the text report shows only with `--verbose`.
pub const RULE: &str = "rule";

/// How far a student is: the exercises they do (the ones with files to edit), done, and the
/// next one to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub next: Option<Next>,
}

/// The next exercise to do: the first of the course's that did not pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Next {
    pub id: ExerciseId,
    pub title: String,
    /// Its page, as the student finds it.
    pub page: String,
    /// The files to edit for it, when the checker checks the workspace's own app.
    pub edit: Vec<String>,
    /// How to ask for its precise hint, when it has one not shown yet.
    pub help: Option<String>,
}

/// Where the checker looked.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Target {
    pub app_url: String,
    pub github_url: String,
    pub google_url: String,
    /// Which of our apps ran in-process; `None` for an app at `--app-url`.
    #[serde(rename = "app")]
    pub ours: Option<OurApp>,
    /// Whether each mock (GitHub, Google) was found running or started by this run; `None`
    /// when the run did not get that far.
    pub github_mock: Option<MockOrigin>,
    pub google_mock: Option<MockOrigin>,
}

/// Where a run's mock came from. Mocks found running may hold what earlier runs (or a person
/// in a browser) did there; a run judges only the tokens, sessions and calls of its own checks
/// ([`crate::context::Ctx::new`] marks where each check begins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MockOrigin {
    /// Started with each check's fresh lab.
    InProcess,
    /// Started by this run where the app expects it, stopped when the run ends.
    Started,
    /// Already running: someone else started it.
    Found,
}

impl Target {
    /// What each address reads in-process: every check had a lab of its own on free ports.
    pub const IN_PROCESS: &str = "(in-process)";

    /// One of our apps and the mocks in-process, a fresh lab for each check.
    pub fn in_process(ours: OurApp) -> Target {
        Target {
            app_url: Target::IN_PROCESS.into(),
            github_url: Target::IN_PROCESS.into(),
            google_url: Target::IN_PROCESS.into(),
            ours: Some(ours),
            github_mock: Some(MockOrigin::InProcess),
            google_mock: Some(MockOrigin::InProcess),
        }
    }

    pub fn is_in_process(&self) -> bool {
        self.app_url == Target::IN_PROCESS
    }

    /// Which app in-process, as people read it: `the course's app (app/)`.
    pub fn in_process_app(&self) -> String {
        let ours = self.ours.unwrap_or_default();
        format!("{} ({}/)", ours.name(), ours.folder())
    }
}

/// A whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub lesson: String,
    pub target: Target,
    /// `--strict`: the checks beyond the course count like the course's.
    pub strict: bool,
    /// `--verbose`: the text report shows each failure's rule too.
    pub verbose: bool,
    /// How far the course's exercises are done; `None` when none ran.
    pub progress: Option<Progress>,
    pub checks: Vec<CheckResult>,
    pub duration: Duration,
    /// Set when the checker could not run at all (exit 2); then `checks` is empty.
    pub error: Option<String>,
}

/// Counts per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub passed: usize,
    /// Failures that fail the run.
    pub failed: usize,
    pub skipped: usize,
    /// Failures beyond the course that do not fail the run (without `--strict`).
    pub advice: usize,
}

impl Report {
    /// The report of a run that could not start: the message says what to do.
    pub fn could_not_run(lesson: String, target: Target, error: String) -> Report {
        Report {
            lesson,
            target,
            strict: false,
            verbose: false,
            progress: None,
            checks: vec![],
            duration: Duration::ZERO,
            error: Some(error),
        }
    }

    pub fn counts(&self) -> Counts {
        let count = |s| self.checks.iter().filter(|c| c.status == s).count();
        let advice = self
            .checks
            .iter()
            .filter(|c| c.is_advice(self.strict))
            .count();
        Counts {
            passed: count(Status::Pass),
            failed: count(Status::Fail) - advice,
            skipped: count(Status::Skip),
            advice,
        }
    }

    /// 0 when every check passed, 1 when one failed, 2 when the checker could not run.
    /// Skipped checks follow a failure, so they never decide the code alone.
    pub fn exit_code(&self) -> i32 {
        if self.error.is_some() {
            2
        } else if self.counts().failed > 0 {
            1
        } else {
            0
        }
    }

    /// `passed`, `failed` or `error`, as the JSON output's `outcome`.
    pub fn outcome(&self) -> &'static str {
        match self.exit_code() {
            0 => "passed",
            1 => "failed",
            _ => "error",
        }
    }
}

/// The last line of the human output: `N passed, M failed`, then `, K skipped` and
/// `, A advice` when there are any.
pub fn summary_line(counts: Counts) -> String {
    let mut line = format!("{} passed, {} failed", counts.passed, counts.failed);
    if counts.skipped > 0 {
        line.push_str(&format!(", {} skipped", counts.skipped));
    }
    if counts.advice > 0 {
        line.push_str(&format!(", {} advice", counts.advice));
    }
    line
}

#[cfg(test)]
pub(crate) mod sample;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_worst_outcome_and_advice_counts_only_when_strict() {
        let mut report = sample::report();
        assert_eq!(report.exit_code(), 1);
        report.checks.remove(0);
        report.checks.remove(0);
        assert_eq!(report.exit_code(), 0, "advice alone passes");
        report.strict = true;
        assert_eq!(report.exit_code(), 1, "with --strict it fails");
        report.error = Some("cannot reach the app".into());
        assert_eq!(report.exit_code(), 2);
    }

    #[test]
    fn the_summary_mentions_skipped_and_advice_only_when_some_were() {
        let mut report = sample::report();
        assert_eq!(
            summary_line(report.counts()),
            "1 passed, 1 failed, 1 skipped, 1 advice"
        );
        report.strict = true;
        assert_eq!(
            summary_line(report.counts()),
            "1 passed, 2 failed, 1 skipped"
        );
        let counts = Counts {
            passed: 5,
            ..Counts::default()
        };
        assert_eq!(summary_line(counts), "5 passed, 0 failed");
    }
}
