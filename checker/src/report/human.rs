//! The report for a person: the course's exercises, then the checks beyond the course, each
//! under its heading; one line per check with a mark (`✓` passed, `✗` failed, `-` skipped,
//! `!` advice: a failure beyond the course, not counted without `--strict`); for a failure the
//! step, expected, actual and the hint; for a skip the reason; the judge's notes (tidy-up);
//! then `N passed, M failed[, K skipped][, A advice]`.
//! Colour only on a terminal and never with `NO_COLOR`: the text is the same either way.

use std::ffi::OsStr;

use colored::Colorize;

use super::{CheckResult, MockOrigin, Progress, Report, Status, Target, summary_line};
use crate::registry::Section;

/// Whether to colour: only on a terminal, and never when `NO_COLOR` is set to anything non-empty
/// (<https://no-color.org>).
pub fn use_color(is_terminal: bool, no_color: Option<&OsStr>) -> bool {
    is_terminal && no_color.is_none_or(|v| v.is_empty())
}

/// How a check is shown: its mark, and the colour of its status.
pub(super) fn mark(check: &CheckResult, strict: bool) -> (&'static str, Status) {
    match check.status {
        Status::Pass => ("✓", Status::Pass),
        Status::Skip => ("-", Status::Skip),
        Status::Fail if check.is_advice(strict) => ("!", Status::Skip),
        Status::Fail => ("✗", Status::Fail),
    }
}

/// A section's heading line.
fn heading(section: Section, strict: bool) -> String {
    match (section, strict) {
        (Section::Course, _) => section.title().to_string(),
        (Section::Beyond, false) => format!(
            "{} (advice: a failure here is shown, and counted only with --strict)",
            section.title()
        ),
        (Section::Beyond, true) => format!("{} (counted: --strict)", section.title()),
    }
}

/// Colour or plain text: the same words either way.
#[derive(Clone, Copy)]
struct Style {
    color: bool,
}

impl Style {
    fn status(self, text: &str, status: Status) -> String {
        if !self.color {
            return text.to_string();
        }
        match status {
            Status::Pass => text.green().bold().to_string(),
            Status::Fail => text.red().bold().to_string(),
            Status::Skip => text.yellow().to_string(),
        }
    }

    fn dim(self, text: &str) -> String {
        if self.color {
            text.dimmed().to_string()
        } else {
            text.to_string()
        }
    }

    fn bold(self, text: &str) -> String {
        if self.color {
            text.bold().to_string()
        } else {
            text.to_string()
        }
    }
}

/// Renders the whole report.
pub fn render(report: &Report, color: bool) -> String {
    let style = Style { color };
    if let Some(error) = &report.error {
        return format!("{} {error}\n", style.status("error:", Status::Fail));
    }
    let mut out = String::new();
    if !report.target.app_url.is_empty() {
        out.push_str(&style.dim(&checking(&report.target)));
        out.push('\n');
    }
    if let Some(progress) = &report.progress {
        out.push_str(&style.bold(&progress_lines(progress)));
    }
    out.push_str(&checks(report, style));
    out.push_str(&summary_line(report.counts()));
    out.push('\n');
    out
}

/// What the run checked: one line, and a second when it found mocks running.
fn checking(target: &Target) -> String {
    if target.is_in_process() {
        return format!(
            "Checking {} in-process: each check with a fresh app and fresh mocks on free ports",
            target.in_process_app()
        );
    }
    let origin = |origin: Option<MockOrigin>| match origin {
        Some(MockOrigin::Started) => " (started by the checker, stopped when it ends)",
        Some(MockOrigin::Found) => " (found running)",
        Some(MockOrigin::InProcess) | None => "",
    };
    let mut text = format!(
        "Checking the app at {} with the mock GitHub at {}{} and the mock Google at {}{}",
        target.app_url,
        target.github_url,
        origin(target.github_mock),
        target.google_url,
        origin(target.google_mock)
    );
    if [target.github_mock, target.google_mock].contains(&Some(MockOrigin::Found)) {
        text.push_str(
            "\nEach check judges only the tokens, sessions and calls of its own steps, \
             not what earlier runs left at the mocks.",
        );
    }
    text
}

/// Every check under its section's heading: its mark, id and title, then its details.
fn checks(report: &Report, style: Style) -> String {
    let width = report
        .checks
        .iter()
        .map(|c| c.id.as_str().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let mut section = None;
    for check in &report.checks {
        if section != Some(check.section) {
            section = Some(check.section);
            out.push_str(&style.bold(&heading(check.section, report.strict)));
            out.push('\n');
        }
        let (mark, status) = mark(check, report.strict);
        out.push_str(&format!(
            "{} {}  {}\n",
            style.status(mark, status),
            style.status(&format!("{:<width$}", check.id.as_str()), status),
            check.title
        ));
        out.push_str(&details(check, report.strict, report.verbose, style));
    }
    out
}

/// `2/4 exercises done.`, then the next one to do: its page, the files to edit, how to ask
/// for its precise hint (its hint is under its check).
fn progress_lines(progress: &Progress) -> String {
    let mut out = format!("{}/{} exercises done.", progress.done, progress.total);
    let Some(next) = &progress.next else {
        out.push('\n');
        return out;
    };
    out.push_str(&format!(" Next: {}, {}\n", next.id, next.title));
    out.push_str(&field("read", &next.page));
    if !next.edit.is_empty() {
        out.push_str(&field("edit", &next.edit.join(", ")));
    }
    if let Some(help) = &next.help {
        out.push_str(&field("more help", help));
    }
    out
}

/// A check's lines under its mark: why it was skipped, or what failed (its rule only when
/// `verbose`); then its notes.
fn details(check: &CheckResult, strict: bool, verbose: bool, style: Style) -> String {
    let mut out = String::new();
    match check.status {
        Status::Pass => {}
        Status::Skip => {
            let reason = check.message.as_deref().unwrap_or("skipped");
            out.push_str(&format!(
                "    {}\n",
                style.dim(&format!("skipped: {reason}"))
            ));
        }
        Status::Fail => {
            for (label, value) in check.failure_fields(strict) {
                if label == super::RULE && !verbose {
                    continue;
                }
                if let Some(value) = value {
                    out.push_str(&field(label, value));
                }
            }
        }
    }
    for note in &check.notes {
        out.push_str(&style.dim(&field("note", note)));
    }
    out
}

/// `    label:     value`, continuation lines indented under the value.
fn field(label: &str, value: &str) -> String {
    let indent = " ".repeat(16);
    let mut lines = value.lines();
    let first = lines.next().unwrap_or("");
    let mut out = format!("    {:<12}{first}\n", format!("{label}:"));
    for line in lines {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;
    use testkit::assert_says;

    #[test]
    fn plain_text_has_sections_marks_details_notes_and_the_summary_last() {
        let text = render(&sample::report(), false);
        assert!(!text.contains('\u{1b}'), "no escape codes in plain text");
        assert!(
            text.contains(
                "The course's exercises\n✗ logout           POST /logout ends the app's session\n"
            ),
            "{text}"
        );
        assert!(text.contains("    failed at:  POST /logout\n"), "{text}");
        assert!(text.contains("    problem:    token revoked unnecessarily\n"));
        assert!(text.contains("    expected:   no revocation"));
        assert!(text.contains("    actual:     DELETE /applications/x/token\n"));
        assert!(text.contains("    hint:       Do not revoke on logout.\n"));
        assert!(text.contains(
            "- still-logged-in  Still logged in\n    skipped: depends on `logout`, which failed\n"
        ));
        assert!(text.contains(
            "✓ when-to-revoke   When to revoke\n    note:       tidy-up: an older token was revoked\n"
        ), "{text}");
        assert!(text.contains(
            "Beyond the course (advice: a failure here is shown, and counted only with --strict)\n! state-bound      The state is bound\n"
        ), "{text}");
        assert!(
            text.contains("    advice:     the state is not bound to the browser\n"),
            "{text}"
        );
        assert_eq!(
            text.lines().last(),
            Some("1 passed, 1 failed, 1 skipped, 1 advice")
        );
    }

    #[test]
    fn the_first_line_says_what_was_checked() {
        let first = |report: &Report| render(report, false).lines().next().unwrap().to_string();
        let mut report = sample::report();
        assert_eq!(
            first(&report),
            "Checking the app at http://127.0.0.1:3000 with the mock GitHub at \
             http://127.0.0.1:3001 (started by the checker, stopped when it ends) and the mock \
             Google at http://127.0.0.1:3002 (started by the checker, stopped when it ends)"
        );
        report.target.google_mock = Some(MockOrigin::Found);
        let text = render(&report, false);
        let lines: Vec<&str> = text.lines().take(2).collect();
        assert!(lines[0].ends_with("the mock Google at http://127.0.0.1:3002 (found running)"));
        assert!(lines[1].starts_with("Each check judges only the tokens, sessions and calls"));
        report.target = Target::in_process(crate::apps::OurApp::Course);
        assert_eq!(
            first(&report),
            "Checking the course's app (app/) in-process: each check with a fresh app and fresh mocks on free ports"
        );
    }

    #[test]
    fn the_progress_and_the_next_exercise_come_first() {
        let text = render(&sample::report(), false);
        let after_target: Vec<&str> = text.lines().skip(1).take(5).collect();
        assert_eq!(
            after_target,
            [
                "1/3 exercises done. Next: logout, POST /logout ends the app's session",
                "    read:       exercises/logout.md",
                "    edit:       app/src/logout.rs",
                "    more help:  cargo run -p checker -- hint logout",
                "The course's exercises",
            ]
        );
    }

    #[test]
    fn with_strict_a_failure_beyond_the_course_is_a_failure() {
        let mut report = sample::report();
        report.strict = true;
        let text = render(&report, false);
        assert_says(
            &text,
            &[
                "Beyond the course (counted: --strict)\n✗ state-bound",
                "    problem:    the state is not bound",
            ],
        );
        assert_eq!(text.lines().last(), Some("1 passed, 2 failed, 1 skipped"));
    }

    #[test]
    fn colour_only_when_asked() {
        colored::control::set_override(true);
        let text = render(&sample::report(), true);
        assert!(text.contains('\u{1b}'), "colour codes on a terminal");
        assert_eq!(
            text.lines().last().map(|l| l.contains('\u{1b}')),
            Some(false)
        );
    }

    #[test]
    fn colour_needs_a_terminal_and_no_no_color() {
        assert!(use_color(true, None));
        assert!(!use_color(false, None));
        assert!(!use_color(true, Some(OsStr::new("1"))));
        assert!(use_color(true, Some(OsStr::new(""))));
    }

    #[test]
    fn multi_line_values_stay_aligned() {
        assert_eq!(
            field("actual", "a\nb"),
            "    actual:     a\n                b\n"
        );
    }

    #[test]
    fn a_run_that_could_not_start_says_so_once() {
        let mut report = sample::report();
        report.checks.clear();
        report.error = Some("cannot reach the app".into());
        assert_eq!(render(&report, false), "error: cannot reach the app\n");
    }
}
