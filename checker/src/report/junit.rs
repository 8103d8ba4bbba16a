//! The report as JUnit XML (`--junit PATH`), the format CI systems show as test results: one
//! `<testsuite>` for the course's exercises and one for the checks beyond the course, one
//! `<testcase>` per check, `<failure>` with expected, actual and hint, `<skipped>` with the
//! reason (or the advice, for a failure beyond the course without `--strict`), and the judge's
//! notes as `<system-out>`.

use quick_junit::{NonSuccessKind, Report as Junit, TestCase, TestCaseStatus, TestSuite};

use super::{CheckResult, Report, Status};
use crate::registry::Section;

/// The suites' names in the XML: the course's exercises, and the checks beyond the course.
pub const SUITE: &str = "logout-lab";
pub const BEYOND_SUITE: &str = "logout-lab.beyond";

pub fn render(report: &Report) -> String {
    let mut junit = Junit::new("checker");
    let mut course = TestSuite::new(SUITE);
    if let Some(error) = &report.error {
        // A run that could not start is one errored case, so CI shows why.
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status.set_message(error.as_str()).set_type("could-not-run");
        let mut case = TestCase::new("checker", status);
        case.set_classname(SUITE);
        course.add_test_case(case);
    }
    let mut beyond = TestSuite::new(BEYOND_SUITE);
    for check in &report.checks {
        let (suite, name) = match check.section {
            Section::Course => (&mut course, SUITE),
            Section::Beyond => (&mut beyond, BEYOND_SUITE),
        };
        let mut case = TestCase::new(
            format!("{}: {}", check.id, check.title),
            status(check, report.strict),
        );
        case.set_classname(format!("{name}.{}", check.id))
            .set_time(check.duration);
        if !check.notes.is_empty() {
            case.set_system_out(check.notes.join("\n"));
        }
        suite.add_test_case(case);
    }
    course.set_time(report.duration);
    junit.add_test_suite(course);
    if !beyond.test_cases.is_empty() {
        junit.add_test_suite(beyond);
    }
    junit.set_time(report.duration);
    junit.to_string().expect("the JUnit report serializes")
}

/// A check's JUnit status. Advice (a failure beyond the course, without `--strict`) is shown
/// as skipped, with the advice as its message: CI tools have no "warning", and a red case
/// would contradict the run's exit code.
fn status(check: &CheckResult, strict: bool) -> TestCaseStatus {
    let message = check.message.clone().unwrap_or_default();
    match check.status {
        Status::Pass => TestCaseStatus::success(),
        Status::Skip => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(message);
            status
        }
        Status::Fail if check.is_advice(strict) => {
            let mut status = TestCaseStatus::skipped();
            status
                .set_message(format!("advice (counted with --strict): {message}"))
                .set_description(failure_details(check));
            status
        }
        Status::Fail => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(message)
                .set_type("check-failed")
                .set_description(failure_details(check));
            status
        }
    }
}

/// Step, expected, actual and hint, one line each.
fn failure_details(check: &CheckResult) -> String {
    let mut description = String::new();
    for (label, value) in [
        ("failed at", &check.step),
        ("expected", &check.expected),
        ("actual", &check.actual),
        ("hint", &check.hint),
    ] {
        if let Some(value) = value {
            description.push_str(&format!("{label}: {value}\n"));
        }
    }
    description
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;
    use testkit::assert_says;

    #[test]
    fn failures_and_skips_are_marked_with_their_details() {
        let xml = render(&sample::report());
        assert_says(
            &xml,
            &[
                "<testsuite name=\"logout-lab\" tests=\"3\"",
                "<testsuite name=\"logout-lab.beyond\" tests=\"1\"",
            ],
        );
        assert!(xml.contains("failures=\"1\""));
        assert_says(
            &xml,
            &[
                "<skipped message=\"advice (counted with --strict): the state",
                "tidy-up: an older token was revoked",
            ],
        );
        assert!(xml.contains("<failure message=\"token revoked unnecessarily\""));
        assert!(
            xml.contains("expected: no revocation &lt;none&gt; &amp; "),
            "{xml}"
        );
        assert!(xml.contains("<skipped message=\"depends on `logout`, which failed\""));
    }

    #[test]
    fn control_characters_from_an_app_do_not_break_the_xml() {
        let mut report = sample::report();
        report.checks[0].actual = Some("200 \u{1b}[31mred\u{0}\u{7}".into());
        report.checks[0].message = Some("bad \u{0}".into());
        let xml = render(&report);
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("not well-formed: {e}\n{xml}"),
            }
        }
        assert!(!xml.contains('\u{0}') && !xml.contains('\u{1b}'), "{xml}");
    }
}
