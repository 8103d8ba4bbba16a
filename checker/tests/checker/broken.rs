//! The course's mistakes, each on the course's own app (the course-faithful profile): each
//! fails exactly the right course exercise, with a message that names the mistake. Beyond the
//! course, the app gets its usual advice, or the checks are skipped when `logout` failed.

use checker::exercises::{
    ExerciseId, disconnect, disconnect_outage, foreign_origin, logout, no_orphans, no_revoke,
    state_bound, still_logged_in, when_to_revoke,
};
use checker::mocks::describe_token;
use checker::report::Report;
use checker::report::Status::{self, Fail, Pass, Skip};
use common::Provider;

use crate::helpers::{
    COURSE_APP_ADVICE, assert_says, beyond, beyond_after_logout_failed, beyond_failing, check,
    course, course_app, exercises_with_answer, failure,
};
use fixture_app::Mistake;

const NO_REVOKE: ExerciseId = no_revoke::SPEC.id;

/// Asserts the course's results (`row`) and the course app's advice beyond the course, and
/// returns the failure text of `id`.
#[track_caller]
fn course_failure(report: &Report, row: [Status; 5], id: ExerciseId) -> String {
    assert_eq!(course(report), row, "{report:#?}");
    assert_eq!(beyond(report), beyond_failing(&COURSE_APP_ADVICE));
    failure(report, id)
}

#[tokio::test]
async fn revoking_the_github_token_on_logout_is_reported_as_unnecessary() {
    let app = course_app(Mistake::RevokeGitHubOnLogout).await;
    let report = app.check().await;
    // `no-revoke-on-logout` waits for `logout`, which already says it.
    assert_eq!(course(&report), [Fail, Skip, Skip, Pass, Pass]);
    // `no-orphaned-tokens` logs out between its logins: the judge catches it there too.
    assert_eq!(beyond(&report), beyond_after_logout_failed(Fail));
    for id in [logout::SPEC.id, no_orphans::SPEC.id] {
        let text = failure(&report, id);
        assert_says(
            &text,
            &[
                "token revoked unnecessarily",
                "step: Some(\"POST /logout",
                "GitHub DELETE /applications/logout-lab-github/token",
            ],
        );
        assert!(
            text.contains("Revoke a provider's token only when"),
            "the rule: {text}"
        );
    }
    let skipped = check(&report, still_logged_in::SPEC.id);
    assert_eq!(
        skipped.message.as_deref(),
        Some("depends on `logout`, which failed")
    );
    let skipped = check(&report, state_bound::SPEC.id);
    assert_eq!(
        skipped.message.as_deref(),
        Some("depends on `logout`, which failed")
    );
}

#[tokio::test]
async fn revoking_the_google_token_on_logout_is_reported_as_unnecessary() {
    let app = course_app(Mistake::RevokeGoogleOnLogout).await;
    let report = app.check().await;
    let text = course_failure(&report, [Pass, Pass, Fail, Pass, Pass], NO_REVOKE);
    assert_says(
        &text,
        &[
            "token revoked unnecessarily",
            "step: Some(\"POST /logout of the Google user\")",
            "Google POST /revoke",
        ],
    );
}

#[tokio::test]
async fn a_revocation_sent_in_the_background_after_the_last_logout_is_caught() {
    // The app revokes 5 ms after answering the second logout of a user: in
    // `no-revoke-on-logout` that is after the last step, where only the settle sees it. A
    // quiet time far above 5 ms keeps the test independent of how busy the machine is
    // (`cargo bench -p instructor --bench settle` measures the default's catch rate). Only that
    // check: the settle applies to every check's last step.
    let app = course_app(Mistake::RevokeGoogleOnLogoutInBackground).await;
    let report = app
        .check_with(checker::Options {
            settle: std::time::Duration::from_secs(1),
            only: Some("no-revoke-on-logout".into()),
            ..checker::Options::default()
        })
        .await;
    assert_eq!(
        report.checks.len(),
        2,
        "it and `logout`, which it needs: {report:#?}"
    );
    assert_eq!(check(&report, NO_REVOKE).status, Fail, "{report:#?}");
    let text = failure(&report, NO_REVOKE);
    assert!(text.contains("token revoked unnecessarily"), "{text}");
    assert!(
        text.contains("step: Some(\"POST /logout of the Google user again\")"),
        "the last step: {text}"
    );
    let bob = app.tokens(Provider::Google, "bob@example.com").await;
    let held = bob.last().expect("bob's tokens");
    let ended = format!(
        ") ended {}, the token the app holds now",
        describe_token(held)
    );
    assert!(text.contains("Google POST /revoke (call #"), "{text}");
    assert!(text.contains(&ended), "{ended} in: {text}");
}

/// A mistake of the logout itself: `logout` fails with `message` (and `detail`), the rest of
/// the course passes, the checks beyond it that need `logout` are skipped.
async fn logout_fails(mistake: Mistake, message: &str, detail: &str) {
    let app = course_app(mistake).await;
    let report = app.check().await;
    assert_eq!(course(&report), [Fail, Skip, Skip, Pass, Pass]);
    assert_eq!(beyond(&report), beyond_after_logout_failed(Fail));
    let text = failure(&report, logout::SPEC.id);
    assert!(text.contains(message), "{text}");
    assert!(text.contains(detail), "{text}");
    // An app at --app-url gets hints in words, never our Rust app's precise ones.
    assert!(!text.contains("app/src/"), "{text}");
    // The course's app leaves tokens alive: advice, whatever its logout does.
    let orphans = failure(&report, no_orphans::SPEC.id);
    assert!(orphans.contains("at GitHub still work"), "{orphans}");
}

#[tokio::test]
async fn keeping_the_server_side_session_is_caught_by_replaying_the_cookie() {
    logout_fails(
        Mistake::KeepServerSession,
        "the old session cookie still works",
        "a copy of it works until the server forgets the session",
    )
    .await;
}

#[tokio::test]
async fn not_clearing_the_cookie_is_caught() {
    logout_fails(
        Mistake::KeepCookie,
        "did not clear the session cookie",
        "actual: no Set-Cookie header",
    )
    .await;
}

#[tokio::test]
async fn clearing_the_cookie_with_another_path_is_caught() {
    logout_fails(
        Mistake::ClearCookieWrongPath,
        "did not clear the session cookie",
        "Path=/auth; Max-Age=0",
    )
    .await;
}

#[tokio::test]
async fn logout_only_on_get_is_caught() {
    logout_fails(
        Mistake::LogoutOnlyOnGet,
        "POST /logout is not a route of the app",
        "405",
    )
    .await;
}

#[tokio::test]
async fn a_huge_answer_is_refused_instead_of_read_whole() {
    let app = course_app(Mistake::HugeMe).await;
    let report = app.check().await;
    let text = failure(&report, logout::SPEC.id);
    assert_says(
        &text,
        &["step: Some(\"GET /me answers", "larger than 8 MiB"],
    );
}

/// A disconnect mistake: `disconnect` fails at `step` with `message`, and with it the
/// orphans and outage checks are skipped.
async fn disconnect_fails(mistake: Mistake, step: &str, message: &str) -> String {
    let app = course_app(mistake).await;
    let report = app.check().await;
    assert_eq!(course(&report), [Pass, Pass, Pass, Fail, Pass]);
    let mut expected = beyond_failing(&[state_bound::SPEC.id, foreign_origin::SPEC.id]);
    expected.insert(no_orphans::SPEC.id, Skip);
    expected.insert(disconnect_outage::SPEC.id, Skip);
    assert_eq!(beyond(&report), expected);
    assert_eq!(
        check(&report, no_orphans::SPEC.id).message.as_deref(),
        Some("depends on `disconnect`, which failed")
    );
    let text = failure(&report, disconnect::SPEC.id);
    assert!(text.contains(message), "{text}");
    assert!(text.contains(&format!("step: Some(\"{step}\")")), "{text}");
    text
}

#[tokio::test]
async fn a_disconnect_that_does_not_revoke_is_caught() {
    let text = disconnect_fails(
        Mistake::DisconnectWithoutRevoke,
        "POST /disconnect/github",
        "POST /disconnect/github revoked no token: no revocation call reached GitHub",
    )
    .await;
    assert_says(
        &text,
        &[
            "still works; the app answered 200",
            "The token the app held at GitHub still works",
        ],
    );
    assert!(!text.contains("Google"), "a hint for GitHub only: {text}");
}

/// The mock's own reason for refusing the call reaches the student.
async fn refused_revocation(mistake: Mistake, step: &str, reason: &str) {
    let text = disconnect_fails(mistake, step, "refused the revocation").await;
    assert!(
        text.to_lowercase().contains(reason),
        "`{reason}` in: {text}"
    );
}

#[tokio::test]
async fn a_github_revocation_without_basic_auth_fails_with_the_mocks_reason() {
    refused_revocation(
        Mistake::GitHubRevokeWithoutBasicAuth,
        "POST /disconnect/github",
        "basic",
    )
    .await;
}

#[tokio::test]
async fn a_github_revocation_without_user_agent_fails_with_the_mocks_reason() {
    refused_revocation(
        Mistake::GitHubRevokeWithoutUserAgent,
        "POST /disconnect/github",
        "user-agent",
    )
    .await;
}

#[tokio::test]
async fn a_google_revocation_sent_as_json_fails_with_the_mocks_reason() {
    refused_revocation(
        Mistake::GoogleRevokeAsJson,
        "POST /disconnect/google",
        "content type",
    )
    .await;
}

#[tokio::test]
async fn a_wrong_answer_fails_only_the_question_with_an_explanation_per_choice() {
    let exercises = exercises_with_answer("answer = [\"a\", \"b\", \"c\", \"d\"]\n");
    let app = course_app(Mistake::None).await;
    let report = app
        .check_with(checker::Options {
            exercises_dir: exercises.path().to_path_buf(),
            ..Default::default()
        })
        .await;
    let text = course_failure(
        &report,
        [Pass, Pass, Pass, Pass, Fail],
        when_to_revoke::SPEC.id,
    );
    assert_says(
        &text,
        &[
            "not quite: a is wrong",
            "a: Logging out ends your app's session only",
        ],
    );
    assert!(
        !text.contains("missing"),
        "b, c and d are all there: {text}"
    );
}

#[tokio::test]
async fn a_missing_right_choice_is_said_but_never_named() {
    let exercises = exercises_with_answer("answer = [\"b\", \"e\"]\n");
    let app = course_app(Mistake::None).await;
    let report = app
        .check_with(checker::Options {
            exercises_dir: exercises.path().to_path_buf(),
            only: Some("when-to-revoke".into()),
            ..Default::default()
        })
        .await;
    let text = failure(&report, when_to_revoke::SPEC.id);
    assert_says(
        &text,
        &[
            "not quite: e is wrong, and a right choice is missing",
            "e: ",
        ],
    );
    for unnamed in [". c:", ". d:", "c is", "d is"] {
        assert!(!text.contains(unnamed), "{unnamed} in: {text}");
    }
}

#[tokio::test]
async fn a_check_that_hangs_fails_at_its_timeout_naming_the_step() {
    let exercises = exercises_with_answer("answer = [\"b\", \"c\", \"d\"]\n");
    let list = exercises.path().join("exercises.toml");
    let text = std::fs::read_to_string(&list).unwrap();
    let text = text.replace(
        "id = \"logout\"\n",
        // Long enough for the login before the hanging logout even on a busy machine.
        "id = \"logout\"\ntimeout_seconds = 5\n",
    );
    std::fs::write(&list, text).unwrap();
    let app = course_app(Mistake::HangingLogout).await;
    let report = app
        .check_with(checker::Options {
            exercises_dir: exercises.path().to_path_buf(),
            only: Some("logout".into()),
            ..Default::default()
        })
        .await;
    assert_eq!(report.checks.len(), 1, "only `logout` ran");
    let text = failure(&report, logout::SPEC.id);
    assert_says(
        &text,
        &["did not finish within 5 s", "step: Some(\"POST /logout\")"],
    );
}

#[tokio::test]
async fn a_me_with_other_key_names_is_told_the_key_the_course_uses() {
    let app = course_app(Mistake::SnakeCaseMe).await;
    let report = app.check().await;
    assert_eq!(
        course(&report),
        [Fail, Skip, Skip, Fail, Pass],
        "{report:#?}"
    );
    for id in [logout::SPEC.id, disconnect::SPEC.id] {
        assert_says(
            &failure(&report, id),
            &[
                r#"GET /me has "github_id": "100000"#,
                r#"but no "githubId""#,
            ],
        );
    }
}
