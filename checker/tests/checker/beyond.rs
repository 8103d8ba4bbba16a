//! The checks beyond the course, each against the hardened app with exactly one of its
//! safeguards undone: each fails exactly its own check (the other eleven pass), with a
//! message naming the problem and the hint of `exercises.toml` that says what to change. Run
//! with `--strict`, so the one failure fails the run.

use checker::exercises::ExerciseId::{
    self, CookieFlags, ForeignOrigin, GetLogout, NoOrphanedTokens, NoSecretsInBrowser,
    SessionRotates, StateBound,
};
use checker::exercises::Hint;
use checker::mocks::Provider;
use checker::report::{Report, Status::Pass};

use crate::fixture_app::Mistake;
use crate::helpers::{
    all_notes, assert_hint, beyond, beyond_failing, course, failure, hardened_app,
};

/// Runs the hardened app with `mistake` under `--strict`: only `id` fails. Returns the
/// report and `id`'s failure text.
async fn only_fails(mistake: Mistake, id: ExerciseId) -> (Report, String) {
    let app = hardened_app(mistake).await;
    let report = app.check_strict().await;
    assert_eq!(course(&report), [Pass; 5], "{report:#?}");
    assert_eq!(beyond(&report), beyond_failing(&[id]), "{report:#?}");
    assert_eq!(report.exit_code(), 1, "counted with --strict");
    let text = failure(&report, id);
    (report, text)
}

#[tokio::test]
async fn keeping_superseded_github_tokens_leaves_orphans_after_a_disconnect() {
    let (report, text) = only_fails(Mistake::KeepSupersededTokens, NoOrphanedTokens).await;
    assert!(
        text.contains("3 tokens of ada's at GitHub still work"),
        "{text}"
    );
    assert!(text.contains("actual: alive: gho_"), "{text}");
    assert_hint(
        &report,
        NoOrphanedTokens,
        Hint::OrphanGithub,
        "revoke the token you are replacing (DELETE /applications/{client_id}/token)",
    );
    assert!(
        all_notes(&report).iter().all(|n| !n.starts_with("tidy-up")),
        "no tidy-up at all"
    );
}

#[tokio::test]
async fn removing_the_github_grant_at_disconnect_leaves_nothing_alive_without_tidy_up() {
    let app = hardened_app(Mistake::RemoveGrantInsteadOfTidyUp).await;
    let report = app.check_strict().await;
    assert_eq!(course(&report), [Pass; 5], "{report:#?}");
    assert_eq!(beyond(&report), beyond_failing(&[]), "{report:#?}");
    // What made it pass: the grant removed, not a token revoked at a re-login.
    assert!(all_notes(&report).iter().all(|n| !n.starts_with("tidy-up")));
    let calls = app.revocations(Provider::GitHub).await;
    let endpoints: Vec<&str> = calls.iter().map(|c| c.endpoint.as_str()).collect();
    let grant = "DELETE /applications/logout-lab-github/grant";
    assert!(!endpoints.is_empty(), "GitHub revocations were made");
    assert!(endpoints.iter().all(|e| *e == grant), "{endpoints:#?}");
    assert!(calls.iter().all(|c| c.accepted()), "{calls:#?}");
    let ended: usize = calls.iter().map(|c| c.revoked_tokens.len()).sum();
    assert!(ended > calls.len(), "a grant removal ends older tokens too");
}

#[tokio::test]
async fn a_state_accepted_from_another_browser_is_login_csrf() {
    let (report, text) = only_fails(Mistake::StateNotBound, StateBound).await;
    assert!(
        text.contains("step: Some(\"a callback opened in another browser is refused\")"),
        "{text}"
    );
    assert!(
        text.contains("the app logged in a browser that never started the login"),
        "{text}"
    );
    assert!(
        text.contains("expected: 403 {\"error\":\"Invalid state\"}"),
        "{text}"
    );
    assert_hint(
        &report,
        StateBound,
        Hint::OtherBrowser,
        "refuse a state whose cookie is missing or different",
    );
}

#[tokio::test]
async fn a_state_kept_after_its_use_lets_a_replayed_callback_reach_the_code_exchange() {
    let (report, text) = only_fails(Mistake::StateNotDeleted, StateBound).await;
    assert!(
        text.contains("step: Some(\"the same callback again is refused\")"),
        "{text}"
    );
    assert!(
        text.contains(
            "the state was accepted twice: the app went on to exchange the code a second time"
        ),
        "{text}"
    );
    assert_hint(
        &report,
        StateBound,
        Hint::ReusedState,
        "Delete the state when the callback first reads it",
    );
}

#[tokio::test]
async fn adopting_a_session_id_the_browser_brings_is_session_fixation() {
    let (report, text) = only_fails(Mistake::AdoptPlantedSession, SessionRotates).await;
    assert!(
        text.contains("the login kept a session id the browser had before"),
        "{text}"
    );
    assert!(
        text.contains("actual: Set-Cookie: session=planted-by-another-site-"),
        "{text}"
    );
    assert_hint(
        &report,
        SessionRotates,
        Hint::Planted,
        "Never reuse the session id the browser sends at the callback",
    );
}

#[tokio::test]
async fn a_session_cookie_without_http_only_is_caught() {
    let (report, text) = only_fails(Mistake::CookieWithoutHttpOnly, CookieFlags).await;
    assert!(
        text.contains("the session cookie is not HttpOnly: scripts can read it"),
        "{text}"
    );
    assert!(
        text.contains("; SameSite=Lax; Path=/; Max-Age=86400"),
        "{text}"
    );
    assert_hint(&report, CookieFlags, Hint::HttpOnly, "Add HttpOnly");
}

#[tokio::test]
async fn a_session_cookie_without_same_site_is_caught() {
    let (report, text) = only_fails(Mistake::CookieWithoutSameSite, CookieFlags).await;
    assert!(
        text.contains("the session cookie has no SameSite=Lax or Strict"),
        "{text}"
    );
    assert!(text.contains("; HttpOnly; Path=/; Max-Age=86400"), "{text}");
    assert_hint(&report, CookieFlags, Hint::SameSite, "Add SameSite=Lax");
}

#[tokio::test]
async fn a_logout_served_on_get_as_well_as_post_is_caught() {
    let (report, text) = only_fails(Mistake::LogoutOnGetToo, GetLogout).await;
    assert!(text.contains("GET /logout logged the user out"), "{text}");
    assert!(text.contains("then GET /me: 401"), "{text}");
    assert_hint(
        &report,
        GetLogout,
        Hint::Default,
        "Serve logout on POST only",
    );
}

#[tokio::test]
async fn the_access_token_in_the_json_of_me_is_caught() {
    let (report, text) = only_fails(Mistake::TokenInMe, NoSecretsInBrowser).await;
    assert!(
        text.contains("the GitHub access token gho_"),
        "names the token: {text}"
    );
    assert!(
        text.contains("reached the browser, in the answer to GET http://"),
        "{text}"
    );
    assert!(text.contains("/me\n"), "the answer to /me: {text}");
    assert_hint(
        &report,
        NoSecretsInBrowser,
        Hint::Token,
        "/me answers the user's fields, never the token",
    );
}

#[tokio::test]
async fn the_client_secret_in_the_authorize_redirect_is_caught() {
    let (report, text) = only_fails(Mistake::SecretInAuthorizeUrl, NoSecretsInBrowser).await;
    assert!(
        text.contains("the GitHub client secret reached the browser, in the answer to GET http://"),
        "{text}"
    );
    assert!(
        text.contains("/auth/github\n"),
        "the authorize redirect: {text}"
    );
    assert!(
        text.contains("client_secret=logout-lab-github-secret"),
        "{text}"
    );
    assert_hint(
        &report,
        NoSecretsInBrowser,
        Hint::Secret,
        "never in the authorize URL",
    );
}

#[tokio::test]
async fn a_post_from_another_site_served_without_an_origin_check_is_caught() {
    let (report, text) = only_fails(Mistake::NoOriginCheck, ForeignOrigin).await;
    assert!(
        text.contains("a POST from https://evil.example logged the user out"),
        "{text}"
    );
    assert!(text.contains("POST /logout: 200"), "{text}");
    assert_hint(
        &report,
        ForeignOrigin,
        Hint::Default,
        "Refuse a state-changing request whose Origin is not your app's own",
    );
}
