//! Our app (the `app` crate) passes every exercise, through the library and the binary.

use checker::report::Status::{self, Pass};
use checker::{Options, run};

use crate::helpers::{checker_bin, expect, statuses};
use crate::schema;

#[tokio::test]
async fn our_app_passes_every_exercise_through_the_library() {
    let report = run(&Options::default()).await;
    assert_eq!(statuses(&report), expect([Pass; 5]), "{report:#?}");
    assert_eq!(report.exit_code(), 0);
    let logout = &report.checks[0];
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
}

#[test]
fn the_binary_passes_our_app_and_ends_with_the_summary() {
    let output = checker_bin().assert().success().get_output().stdout.clone();
    let text = String::from_utf8(output).unwrap();
    assert!(
        !text.contains('\u{1b}'),
        "no colour when not a terminal:\n{text}"
    );
    assert_eq!(text.lines().last(), Some("5 passed, 0 failed"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with('✓')).count(),
        5,
        "{text}"
    );
}

#[test]
fn the_json_and_junit_reports_of_a_passing_run_follow_their_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let output = checker_bin()
        .args(["--format", "json", "--junit"])
        .arg(&junit)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let value: serde_json::Value = serde_json::from_slice(&output).expect("one JSON document");
    schema::validate_report(&value);
    assert_eq!(value["outcome"], "passed");
    assert_eq!(value["summary"]["passed"], 5);
    let xml = std::fs::read_to_string(&junit).unwrap();
    schema::validate_junit(&xml);
    assert!(xml.contains("tests=\"5\""), "{xml}");
    assert!(xml.contains("failures=\"0\""), "{xml}");
}
