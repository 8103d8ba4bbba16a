//! The report as JUnit XML (`--junit PATH`), the format CI systems show as test results: one
//! `<testsuite>` for the lesson, one `<testcase>` per check, `<failure>` with expected,
//! actual and hint, `<skipped>` with the reason.

use quick_junit::{NonSuccessKind, Report as Junit, TestCase, TestCaseStatus, TestSuite};

use super::{Report, Status};

/// The suite's name in the XML.
pub const SUITE: &str = "logout-lab";

pub fn render(report: &Report) -> String {
    let mut junit = Junit::new("checker");
    let mut suite = TestSuite::new(SUITE);
    if let Some(error) = &report.error {
        // A run that could not start is one errored case, so CI shows why.
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status.set_message(error.as_str()).set_type("could-not-run");
        let mut case = TestCase::new("checker", status);
        case.set_classname(SUITE);
        suite.add_test_case(case);
    }
    for check in &report.checks {
        let mut status = match check.status {
            Status::Pass => TestCaseStatus::success(),
            Status::Fail => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_message(check.message.clone().unwrap_or_default())
                    .set_type("check-failed");
                status
            }
            Status::Skip => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(check.message.clone().unwrap_or_default());
                status
            }
        };
        if check.status == Status::Fail {
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
            status.set_description(description);
        }
        let mut case = TestCase::new(format!("{}: {}", check.id, check.title), status);
        case.set_classname(format!("{SUITE}.{}", check.id))
            .set_time(check.duration);
        suite.add_test_case(case);
    }
    suite.set_time(report.duration);
    junit.add_test_suite(suite);
    junit.set_time(report.duration);
    junit.to_string().expect("the JUnit report serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn failures_and_skips_are_marked_with_their_details() {
        let xml = render(&sample::report());
        assert!(xml.contains("tests=\"3\""), "{xml}");
        assert!(xml.contains("failures=\"1\""));
        assert!(xml.contains("skipped=\"1\""));
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
