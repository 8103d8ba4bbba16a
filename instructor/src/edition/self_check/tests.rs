use serde_json::json;

use crate::exercises::{logout, still_logged_in, when_to_revoke};
use super::*;
use testkit::assert_says;

/// A first run's report: 0 done, `logout` next, and these checks.
fn report(checks: Value) -> Value {
    let progress = json!({ "done": 0, "total": 4, "next": { "id": "logout" } });
    json!({ "error": null, "progress": progress, "checks": checks })
}

fn check(id: &str, status: &str, message: Option<&str>, hint: Option<&str>) -> Value {
    json!({ "id": id, "status": status, "message": message, "hint": hint })
}

const TODO: [ExerciseId; 3] = [
    logout::SPEC.id,
    still_logged_in::SPEC.id,
    when_to_revoke::SPEC.id,
];

fn skipped(id: &str) -> Value {
    check(id, "skip", Some("depends on `logout`, which failed"), None)
}

#[test]
fn a_handout_that_fails_what_is_to_do_and_skips_its_dependents_is_right() {
    let run = report(json!([
        check("logout", "fail", Some("did not clear the cookie"), Some("Write logout")),
        skipped("still-logged-in"),
        skipped("no-revoke-on-logout"),
        check("when-to-revoke", "fail", Some("not answered"), Some("Answer it")),
    ]));
    assert_eq!(judge_handout(&run, &TODO), Vec::<String>::new());
}

#[test]
fn a_starter_that_passes_its_exercise_is_caught() {
    let run = report(json!([
        check("logout", "pass", None, None),
        skipped("still-logged-in"),
        check("when-to-revoke", "fail", Some("not answered"), Some("Answer it")),
    ]));
    let problems = judge_handout(&run, &TODO);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("the starter of `logout` does not fail"),
        "{problems:?}"
    );
}

#[test]
fn a_failure_without_hint_an_unrelated_failure_or_progress_for_nothing_is_caught() {
    let mut run = report(json!([
        check("logout", "fail", Some("x"), None),
        check("disconnect", "fail", Some("revoked no token"), Some("h")),
        check("still-logged-in", "fail", Some("x"), Some("h")),
        check("when-to-revoke", "fail", Some("x"), Some("h")),
    ]));
    run["progress"]["done"] = json!(1);
    let problems = judge_handout(&run, &TODO);
    assert_says(
        &problems.join("\n"),
        &[
            "should say 0 exercises done",
            "`logout` fails without a hint",
            "`disconnect` should pass",
        ],
    );
}

#[test]
fn the_solved_handout_fails_only_what_the_hardened_app_is_for_and_says_so() {
    let run = report(json!([
        check("logout", "pass", None, None),
        check("no-orphaned-tokens", "fail", Some("2 alive"), Some("see the hardened app")),
        check("disconnect-outage", "fail", Some("502"), Some("no pointer")),
        check("state-bound", "fail", Some("unbound"), Some("h")),
    ]));
    assert_says(
        &judge_solved(&run).join("\n"),
        &[
            "`disconnect-outage` fails without a hint that points at the hardened app",
            "with the solutions back, `state-bound` is fail: unbound",
        ],
    );
    let passes = report(json!([check("no-orphaned-tokens", "pass", None, None)]));
    assert_says(
        &judge_solved(&passes).join("\n"),
        &["`no-orphaned-tokens` is pass, though the course's app leaves it to the hardened app"],
    );
}
