//! Our app (the `app` crate) passes every check, the course's and the ones beyond it, even
//! with `--strict`: through the library and the binary.

use checker::exercises::ExerciseId;
use checker::report::Status::{self, Pass};
use checker::{Options, run};

use crate::binary::{checker_bin, json_report, stdout_of};
use crate::helpers::{all_notes, assert_in_order, beyond, beyond_failing, check, course};
use crate::schema;

#[tokio::test]
async fn our_app_passes_every_check_with_strict_through_the_library() {
    let report = run(&Options {
        strict: true,
        ..Options::default()
    })
    .await;
    assert_eq!(course(&report), [Pass; 5], "{report:#?}");
    assert_eq!(beyond(&report), beyond_failing(&[]), "{report:#?}");
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.target, checker::report::Target::in_process());
    let logout = check(&report, ExerciseId::Logout);
    let steps: Vec<&str> = logout.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        steps,
        [
            "log in with GitHub as grace",
            "GET /me answers the signed-in user",
            "POST /logout",
            "GET /me answers 401 after logout",
            "GET /me with the old session cookie answers 401",
            "log in with GitHub as grace again",
        ]
    );
    assert!(logout.steps.iter().all(|s| s.status == Status::Pass));
    // Our app revokes the GitHub token a re-login superseded: tidy-up, shown as notes.
    let notes = all_notes(&report);
    assert!(
        notes.iter().any(|n| n.starts_with("tidy-up during ")),
        "{notes:#?}"
    );
}

#[test]
fn the_binary_passes_our_app_and_ends_with_the_summary() {
    let text = stdout_of(&mut checker_bin(), 0);
    assert!(
        !text.contains('\u{1b}'),
        "no colour when not a terminal:\n{text}"
    );
    assert_eq!(
        text.lines().next(),
        Some(
            "Checking our app in-process: each check with a fresh app and fresh mocks on free ports"
        ),
        "{text}"
    );
    assert_eq!(text.lines().last(), Some("13 passed, 0 failed"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with('✓')).count(),
        13,
        "{text}"
    );
    let headings = ["\nThe course's exercises\n", "\nBeyond the course (advice"];
    assert_in_order(&text, &headings);
    assert!(text.contains("    note:       tidy-up during "), "{text}");
}

#[test]
fn the_json_and_junit_reports_of_a_passing_run_follow_their_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let value = json_report(&["--strict"], &junit, 0);
    assert_eq!(value["outcome"], "passed");
    assert_eq!(value["strict"], true);
    assert_eq!(value["summary"]["passed"], 13);
    assert_eq!(value["summary"]["advice"], 0);
    assert_eq!(value["target"]["app_url"], "(in-process)");
    let xml = std::fs::read_to_string(&junit).unwrap();
    let suites = schema::validate_junit(&xml);
    assert_eq!(suites["logout-lab"]["tests"], "5", "{xml}");
    assert_eq!(suites["logout-lab"]["failures"], "0", "{xml}");
    assert_eq!(suites["logout-lab.beyond"]["tests"], "8", "{xml}");
    assert_eq!(suites["logout-lab.beyond"]["failures"], "0", "{xml}");
    assert_eq!(suites["logout-lab.beyond"]["skipped"], "0", "{xml}");
}
