use serde_json::json;

use super::*;
use crate::testing::assert_says;

fn report(checks: Value) -> Value {
    json!({ "error": null, "checks": checks })
}

fn check(id: &str, status: &str, message: Option<&str>, hint: Option<&str>) -> Value {
    json!({ "id": id, "status": status, "message": message, "hint": hint })
}

const TODO: [ExerciseId; 2] = [ExerciseId::Logout, ExerciseId::WhenToRevoke];

#[test]
fn a_handout_that_fails_what_is_to_do_and_skips_its_dependents_is_right() {
    let run = report(json!([
        check(
            "logout",
            "fail",
            Some("did not clear the cookie"),
            Some("Write logout")
        ),
        check(
            "still-logged-in",
            "skip",
            Some("depends on `logout`, which failed"),
            None
        ),
        check("no-revoke-on-logout", "pass", None, None),
        check(
            "when-to-revoke",
            "fail",
            Some("not answered"),
            Some("Answer it")
        ),
    ]));
    assert_eq!(judge_handout(&run, &TODO), Vec::<String>::new());
}

#[test]
fn a_starter_that_passes_its_exercise_is_caught() {
    let run = report(json!([
        check("logout", "pass", None, None),
        check(
            "when-to-revoke",
            "fail",
            Some("not answered"),
            Some("Answer it")
        ),
    ]));
    let problems = judge_handout(&run, &TODO);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("the starter of `logout` does not fail"),
        "{problems:?}"
    );
}

#[test]
fn a_failure_without_hint_or_an_unrelated_failure_is_caught() {
    let run = report(json!([
        check("logout", "fail", Some("x"), None),
        check("disconnect", "fail", Some("revoked no token"), Some("h")),
        check("when-to-revoke", "fail", Some("x"), Some("h")),
    ]));
    let problems = judge_handout(&run, &TODO);
    assert_says(
        &problems.join("\n"),
        &["`logout` fails without a hint", "`disconnect` should pass"],
    );
}

#[test]
fn the_solved_handout_must_pass_everything() {
    let run = report(json!([
        check("logout", "pass", None, None),
        check("state-bound", "fail", Some("unbound"), Some("h")),
    ]));
    assert_eq!(
        judge_solved(&run),
        ["with the solutions back, `state-bound` is fail: unbound"]
    );
}
