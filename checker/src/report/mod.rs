//! What a run found, and the three ways of showing it: [`human`] text for a person, [`json`]
//! for graders (schema in `checker/schema/report.schema.json`), [`junit`] XML for CI tools.

pub mod human;
pub mod json;
pub mod junit;

use std::time::Duration;

use serde::Serialize;

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
}

/// One check (one exercise) and its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    pub id: String,
    pub title: String,
    pub status: Status,
    /// One line: what failed, or why the check was skipped.
    pub message: Option<String>,
    /// The step that failed.
    pub step: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// Where to look in the lesson.
    pub hint: Option<String>,
    pub steps: Vec<Step>,
    pub duration: Duration,
}

impl CheckResult {
    /// A check not run because a dependency did not pass.
    pub fn skipped(id: &str, title: &str, reason: String) -> CheckResult {
        CheckResult {
            id: id.into(),
            title: title.into(),
            status: Status::Skip,
            message: Some(reason),
            step: None,
            expected: None,
            actual: None,
            hint: None,
            steps: vec![],
            duration: Duration::ZERO,
        }
    }
}

/// Where the checker looked.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Target {
    pub app_url: String,
    pub github_url: String,
    pub google_url: String,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub lesson: String,
    pub target: Target,
    pub checks: Vec<CheckResult>,
    pub duration: Duration,
    /// Set when the checker could not run at all (exit 2); then `checks` is empty.
    pub error: Option<String>,
}

/// Counts per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl Report {
    /// The report of a run that could not start: the message says what to do.
    pub fn could_not_run(lesson: String, target: Target, error: String) -> Report {
        Report {
            lesson,
            target,
            checks: vec![],
            duration: Duration::ZERO,
            error: Some(error),
        }
    }

    pub fn counts(&self) -> Counts {
        let count = |s| self.checks.iter().filter(|c| c.status == s).count();
        Counts {
            passed: count(Status::Pass),
            failed: count(Status::Fail),
            skipped: count(Status::Skip),
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

/// The last line of the human output: `N passed, M failed` and `, K skipped` when any were.
pub fn summary_line(counts: Counts) -> String {
    let mut line = format!("{} passed, {} failed", counts.passed, counts.failed);
    if counts.skipped > 0 {
        line.push_str(&format!(", {} skipped", counts.skipped));
    }
    line
}

#[cfg(test)]
pub(crate) mod sample {
    //! A report with one check of each status, for the output tests.
    use super::*;

    pub fn report() -> Report {
        let step = |name: &str, status| Step {
            name: name.into(),
            status,
            duration: Duration::from_millis(3),
        };
        Report {
            lesson: "Logout and token cleanup".into(),
            target: Target {
                app_url: "http://127.0.0.1:3000".into(),
                github_url: "http://127.0.0.1:3001".into(),
                google_url: "http://127.0.0.1:3002".into(),
            },
            checks: vec![
                CheckResult {
                    id: "logout".into(),
                    title: "POST /logout ends the app's session".into(),
                    status: Status::Fail,
                    message: Some("token revoked unnecessarily".into()),
                    step: Some("POST /logout".into()),
                    expected: Some("no revocation <none> & \"quotes\"".into()),
                    actual: Some("DELETE /applications/x/token".into()),
                    hint: Some("Do not revoke on logout.".into()),
                    steps: vec![
                        step("log in", Status::Pass),
                        step("POST /logout", Status::Fail),
                    ],
                    duration: Duration::from_millis(12),
                },
                CheckResult::skipped(
                    "still-logged-in",
                    "Still logged in",
                    "depends on `logout`, which failed".into(),
                ),
                CheckResult {
                    id: "when-to-revoke".into(),
                    title: "When to revoke".into(),
                    status: Status::Pass,
                    message: None,
                    step: None,
                    expected: None,
                    actual: None,
                    hint: None,
                    steps: vec![step("grade the answer", Status::Pass)],
                    duration: Duration::from_millis(1),
                },
            ],
            duration: Duration::from_millis(20),
            error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_worst_outcome() {
        let mut report = sample::report();
        assert_eq!(report.exit_code(), 1);
        report.checks.remove(0);
        report.checks.remove(0);
        assert_eq!(report.exit_code(), 0);
        report.error = Some("cannot reach the app".into());
        assert_eq!(report.exit_code(), 2);
    }

    #[test]
    fn the_summary_mentions_skipped_only_when_some_were() {
        assert_eq!(
            summary_line(sample::report().counts()),
            "1 passed, 1 failed, 1 skipped"
        );
        let counts = Counts {
            passed: 5,
            failed: 0,
            skipped: 0,
        };
        assert_eq!(summary_line(counts), "5 passed, 0 failed");
    }
}
