//! Deliberately broken apps, one classic mistake each: each fails exactly the right check,
//! with a message that names the mistake, and passes every other check it should.

use checker::report::Status::{Fail, Pass, Skip};

use crate::fixture_app::Mistake;
use crate::helpers::{broken_app, exercises_with_answer, expect, failure, statuses};

#[tokio::test]
async fn an_app_that_makes_no_mistake_passes_everything() {
    let app = broken_app(Mistake::None).await;
    let report = app.check().await;
    assert_eq!(statuses(&report), expect([Pass; 5]), "{report:#?}");
}

#[tokio::test]
async fn revoking_the_github_token_on_logout_is_reported_as_unnecessary() {
    let app = broken_app(Mistake::RevokeGitHubOnLogout).await;
    let report = app.check().await;
    assert_eq!(statuses(&report), expect([Fail, Skip, Fail, Pass, Pass]));
    for id in ["logout", "no-revoke-on-logout"] {
        let text = failure(&report, id);
        assert!(text.contains("token revoked unnecessarily"), "{text}");
        assert!(text.contains("step: Some(\"POST /logout"), "{text}");
        assert!(
            text.contains("GitHub DELETE /applications/logout-lab-github/token"),
            "{text}"
        );
        assert!(
            text.contains("Revoke a provider's token only when"),
            "the rule: {text}"
        );
    }
    let skipped = &report.checks[1];
    assert_eq!(
        skipped.message.as_deref(),
        Some("depends on `logout`, which failed")
    );
}

#[tokio::test]
async fn revoking_the_google_token_on_logout_is_reported_as_unnecessary() {
    let app = broken_app(Mistake::RevokeGoogleOnLogout).await;
    let report = app.check().await;
    assert_eq!(statuses(&report), expect([Pass, Pass, Fail, Pass, Pass]));
    let text = failure(&report, "no-revoke-on-logout");
    assert!(text.contains("token revoked unnecessarily"), "{text}");
    assert!(
        text.contains("step: Some(\"POST /logout of the Google user\")"),
        "{text}"
    );
    assert!(text.contains("Google POST /revoke"), "{text}");
}

#[tokio::test]
async fn a_revocation_sent_in_the_background_after_the_last_logout_is_caught() {
    let app = broken_app(Mistake::RevokeGoogleOnLogoutInBackground).await;
    // The app revokes 5 ms after answering; a settle time far above that keeps the test
    // independent of how busy the machine is.
    let report = checker::run(&checker::Options {
        targets: app.targets(),
        settle: std::time::Duration::from_secs(3),
        ..checker::Options::default()
    })
    .await;
    assert_eq!(
        statuses(&report),
        expect([Pass, Pass, Fail, Pass, Pass]),
        "{report:#?}"
    );
    let text = failure(&report, "no-revoke-on-logout");
    assert!(text.contains("token revoked unnecessarily"), "{text}");
    assert!(
        text.contains("step: Some(\"POST /logout of the Google user\")"),
        "{text}"
    );
}

#[tokio::test]
async fn keeping_the_server_side_session_is_caught_by_replaying_the_cookie() {
    let app = broken_app(Mistake::KeepServerSession).await;
    let report = app.check().await;
    assert_eq!(statuses(&report), expect([Fail, Skip, Pass, Pass, Pass]));
    let text = failure(&report, "logout");
    assert!(
        text.contains("the old session cookie still works"),
        "{text}"
    );
    assert!(text.contains("deleteSession"), "the hint: {text}");
}

#[tokio::test]
async fn not_clearing_the_cookie_is_caught() {
    let app = broken_app(Mistake::KeepCookie).await;
    let report = app.check().await;
    assert_eq!(statuses(&report), expect([Fail, Skip, Pass, Pass, Pass]));
    let text = failure(&report, "logout");
    assert!(text.contains("did not clear the session cookie"), "{text}");
    assert!(text.contains("actual: no Set-Cookie header"), "{text}");
}

#[tokio::test]
async fn clearing_the_cookie_with_another_path_is_caught() {
    let app = broken_app(Mistake::ClearCookieWrongPath).await;
    let report = app.check().await;
    assert_eq!(statuses(&report), expect([Fail, Skip, Pass, Pass, Pass]));
    let text = failure(&report, "logout");
    assert!(text.contains("did not clear the session cookie"), "{text}");
    assert!(text.contains("Path=/auth; Max-Age=0"), "{text}");
}

#[tokio::test]
async fn a_huge_answer_is_refused_instead_of_read_whole() {
    let app = broken_app(Mistake::HugeMe).await;
    let report = app.check().await;
    let text = failure(&report, "logout");
    assert!(text.contains("step: Some(\"GET /me answers"), "{text}");
    assert!(text.contains("larger than 8 MiB"), "{text}");
}

#[tokio::test]
async fn logout_only_on_get_is_caught() {
    let app = broken_app(Mistake::LogoutOnlyOnGet).await;
    let report = app.check().await;
    assert_eq!(statuses(&report), expect([Fail, Skip, Pass, Pass, Pass]));
    let text = failure(&report, "logout");
    assert!(
        text.contains("POST /logout is not a route of the app"),
        "{text}"
    );
    assert!(text.contains("405"), "{text}");
}

#[tokio::test]
async fn a_disconnect_that_does_not_revoke_is_caught() {
    let app = broken_app(Mistake::DisconnectWithoutRevoke).await;
    let report = app.check().await;
    assert_eq!(statuses(&report), expect([Pass, Pass, Pass, Fail, Pass]));
    let text = failure(&report, "disconnect");
    assert!(
        text.contains("POST /disconnect/github revoked no token"),
        "{text}"
    );
}

/// The mock's own reason for refusing the call reaches the student.
async fn refused_revocation(mistake: Mistake, step: &str, reason: &str) {
    let app = broken_app(mistake).await;
    let report = app.check().await;
    assert_eq!(statuses(&report), expect([Pass, Pass, Pass, Fail, Pass]));
    let text = failure(&report, "disconnect");
    assert!(text.contains("refused the revocation"), "{text}");
    assert!(text.contains(&format!("step: Some(\"{step}\")")), "{text}");
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
    let app = broken_app(Mistake::None).await;
    let report = checker::run(&checker::Options {
        targets: app.targets(),
        exercises_dir: exercises.path().to_path_buf(),
        ..Default::default()
    })
    .await;
    assert_eq!(statuses(&report), expect([Pass, Pass, Pass, Pass, Fail]));
    let text = failure(&report, "when-to-revoke");
    assert!(text.contains("1 wrong choice picked"), "{text}");
    assert!(
        text.contains("a is wrong: Logging out ends your app's session only"),
        "{text}"
    );
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
    let app = broken_app(Mistake::HangingLogout).await;
    let report = checker::run(&checker::Options {
        targets: app.targets(),
        exercises_dir: exercises.path().to_path_buf(),
        only: Some("logout".into()),
        ..Default::default()
    })
    .await;
    let text = failure(&report, "logout");
    assert!(text.contains("did not finish within 5 s"), "{text}");
    assert!(text.contains("step: Some(\"POST /logout\")"), "{text}");
}
