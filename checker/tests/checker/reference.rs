//! Our two apps through the library and the binary: the course's app (`app/`, the default)
//! passes the course's exercises and fails exactly the two checks it leaves to the hardened
//! app, as advice (exit 0) or, with `--strict`, as failures (exit 1), each hint pointing at
//! the hardened app; the hardened app (`--app hardened`) passes every check with `--strict`.

use checker::apps::OurApp;
use checker::exercises::ExerciseId;
use checker::exercises::{disconnect_outage, logout, no_orphans};
use checker::harness::Targets;
use checker::report::Status::Pass;
use checker::report::Target;
use checker::{Options, run};

use crate::binary::{checker_bin, json_report, stdout_of};
use crate::helpers::{all_notes, assert_in_order, beyond, beyond_failing, check, course};
use crate::schema;

/// The checks the course's app leaves to the hardened app.
const LEFT_TO_HARDENED: [ExerciseId; 2] = [no_orphans::SPEC.id, disconnect_outage::SPEC.id];

fn ours(app: OurApp, strict: bool) -> Options {
    Options {
        targets: Targets {
            ours: app,
            ..Targets::default()
        },
        strict,
        ..Options::default()
    }
}

#[tokio::test]
async fn the_course_s_app_passes_the_course_and_leaves_token_lifetime_to_the_hardened_app() {
    let report = run(&ours(OurApp::Course, true)).await;
    assert_eq!(course(&report), [Pass; 5], "{report:#?}");
    assert_eq!(
        beyond(&report),
        beyond_failing(&LEFT_TO_HARDENED),
        "{report:#?}"
    );
    assert_eq!(report.exit_code(), 1, "--strict counts them");
    assert_eq!(report.target, Target::in_process(OurApp::Course));
    for id in LEFT_TO_HARDENED {
        let hint = check(&report, id).hint.clone().unwrap_or_default();
        assert!(hint.contains("hardened app"), "{id}: {hint}");
    }
    let logout = check(&report, logout::SPEC.id);
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
            "POST /logout from a browser without a session",
        ]
    );
    // Logging in again revokes nothing: no tidy-up, only the disconnects' notes.
    let notes = all_notes(&report);
    assert!(!notes.iter().any(|n| n.contains("tidy-up")), "{notes:#?}");
}

#[tokio::test]
async fn the_hardened_app_passes_every_check_with_strict_and_tidies_up() {
    let report = run(&ours(OurApp::Hardened, true)).await;
    assert_eq!(course(&report), [Pass; 5], "{report:#?}");
    assert_eq!(beyond(&report), beyond_failing(&[]), "{report:#?}");
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.target, Target::in_process(OurApp::Hardened));
    let notes = all_notes(&report);
    assert!(
        notes.iter().any(|n| n.starts_with("tidy-up during ")),
        "{notes:#?}"
    );
}

#[test]
fn the_binary_checks_the_course_s_app_and_ends_with_the_summary() {
    let text = stdout_of(&mut checker_bin(), 0);
    assert!(
        !text.contains('\u{1b}'),
        "no colour when not a terminal:\n{text}"
    );
    assert_eq!(
        text.lines().next(),
        Some(
            "Checking the course's app (app/) in-process: each check with a fresh app and fresh mocks on free ports"
        ),
        "{text}"
    );
    assert_eq!(text.lines().nth(1), Some("4/4 exercises done."), "{text}");
    assert_eq!(
        text.lines().last(),
        Some("11 passed, 0 failed, 2 advice"),
        "{text}"
    );
    let headings = ["\nThe course's exercises\n", "\nBeyond the course (advice"];
    assert_in_order(&text, &headings);
    let strict = stdout_of(checker_bin().arg("--strict"), 1);
    assert_eq!(
        strict.lines().last(),
        Some("11 passed, 2 failed"),
        "{strict}"
    );
    let advice: Vec<&str> = strict.lines().filter(|l| l.starts_with('✗')).collect();
    assert_eq!(advice.len(), 2, "{strict}");
    assert!(
        advice[0].starts_with("✗ no-orphaned-tokens")
            && advice[1].starts_with("✗ disconnect-outage")
    );
}

#[test]
fn the_json_and_junit_reports_of_the_hardened_app_with_strict_follow_their_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let value = json_report(&["--app", "hardened", "--strict"], &junit, 0);
    assert_eq!(value["outcome"], "passed");
    assert_eq!(value["strict"], true);
    assert_eq!(value["summary"]["passed"], 13);
    assert_eq!(value["summary"]["advice"], 0);
    assert_eq!(value["target"]["app_url"], "(in-process)");
    assert_eq!(value["target"]["app"], "hardened");
    assert_eq!(value["progress"]["done"], 4);
    assert_eq!(value["progress"]["total"], 4);
    let xml = std::fs::read_to_string(&junit).unwrap();
    let suites = schema::validate_junit(&xml);
    assert_eq!(suites["logout-lab"]["tests"], "5", "{xml}");
    assert_eq!(suites["logout-lab"]["failures"], "0", "{xml}");
    assert_eq!(suites["logout-lab.beyond"]["tests"], "8", "{xml}");
    assert_eq!(suites["logout-lab.beyond"]["failures"], "0", "{xml}");
    assert_eq!(suites["logout-lab.beyond"]["skipped"], "0", "{xml}");
}
