//! The checks beyond the course, each against the hardened app with exactly one of its
//! safeguards undone: each fails exactly its own check (the other twelve pass), with a
//! message naming the problem and the hint of `exercises.toml` that says what to change. Run
//! with `--strict`, so the one failure fails the run.

use checker::exercises::{
    ExerciseId, Hint, cookie_flags, disconnect_outage, foreign_origin, get_logout, no_orphans,
    no_secrets, session_rotates, state_bound,
};
use checker::report::{Report, Status::Pass};
use common::Provider;

use crate::helpers::{
    assert_hint, beyond, beyond_failing, course, failure, hardened_app, no_tidy_up, passes_strict,
};
use fixture_app::Mistake;

/// Runs the hardened app with `mistake` under `--strict`: only `id` fails. Returns the
/// report and `id`'s failure text.
async fn only_fails(mistake: Mistake, id: ExerciseId) -> (Report, String) {
    let app = hardened_app(mistake).await;
    let report = app.check_strict().await;
    assert_eq!(course(&report), [Pass; 5], "{report:#?}");
    assert_eq!(beyond(&report), beyond_failing(&[id]), "{report:#?}");
    assert_eq!(report.exit_code(), 1, "counted with --strict");
    // However a check ends, the faults it armed are disarmed: the next run meets the
    // providers up.
    assert_eq!(app.armed_faults().await, Vec::<String>::new());
    let text = failure(&report, id);
    (report, text)
}

/// As [`only_fails`], and the failure says each of `says`, with the hint of `exercises.toml`
/// that says `hint.1`.
async fn caught(mistake: Mistake, id: ExerciseId, says: &[&str], hint: (Hint, &str)) -> Report {
    let (report, text) = only_fails(mistake, id).await;
    for words in says {
        assert!(text.contains(words), "{words:?} in {text}");
    }
    assert_hint(&report, id, hint.0, hint.1);
    report
}

#[tokio::test]
async fn keeping_superseded_github_tokens_leaves_orphans_after_a_disconnect() {
    let says = [
        "2 tokens of ada's at GitHub still work",
        "actual: alive: gho_",
    ];
    let hint = "revoke the token you are replacing (DELETE /applications/{client_id}/token)";
    let mistake = Mistake::KeepSupersededTokens;
    let report = caught(
        mistake,
        no_orphans::SPEC.id,
        &says,
        (no_orphans::ORPHAN_GITHUB, hint),
    )
    .await;
    assert!(no_tidy_up(&report), "no tidy-up at all");
}

#[tokio::test]
async fn removing_the_github_grant_at_disconnect_leaves_nothing_alive_without_tidy_up() {
    let (app, report) = passes_strict(Mistake::RemoveGrantInsteadOfTidyUp).await;
    // What made it pass: the grant removed, not a token revoked at a re-login.
    assert!(no_tidy_up(&report), "{report:#?}");
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
    let says = [
        "step: Some(\"a callback opened in another browser is refused\")",
        "the app logged in a browser that never started the login",
        "expected: 403 {\"error\":\"Invalid state\"}",
    ];
    let hint = (
        state_bound::OTHER_BROWSER,
        "refuse a state whose cookie is missing or different",
    );
    caught(Mistake::StateNotBound, state_bound::SPEC.id, &says, hint).await;
}

#[tokio::test]
async fn a_state_kept_after_its_use_lets_a_replayed_callback_reach_the_code_exchange() {
    let says = [
        "step: Some(\"the same callback again is refused\")",
        "the state was accepted twice: the app went on to exchange the code a second time",
    ];
    let hint = (
        state_bound::REUSED_STATE,
        "Delete the state when the callback first reads it",
    );
    caught(Mistake::StateNotDeleted, state_bound::SPEC.id, &says, hint).await;
}

#[tokio::test]
async fn adopting_a_session_id_the_browser_brings_is_session_fixation() {
    let says = [
        "the login kept a session id the browser had before",
        "actual: Set-Cookie: session=planted-by-another-site-",
    ];
    let hint = "Never reuse the session id the browser sends at the callback";
    let mistake = Mistake::AdoptPlantedSession;
    caught(
        mistake,
        session_rotates::SPEC.id,
        &says,
        (session_rotates::PLANTED, hint),
    )
    .await;
}

#[tokio::test]
async fn a_session_cookie_without_http_only_is_caught() {
    let says = [
        "the session cookie is not HttpOnly: scripts can read it",
        "; SameSite=Lax; Path=/; Max-Age=86400",
    ];
    let hint = (cookie_flags::HTTP_ONLY, "Add HttpOnly");
    caught(
        Mistake::CookieWithoutHttpOnly,
        cookie_flags::SPEC.id,
        &says,
        hint,
    )
    .await;
}

#[tokio::test]
async fn a_session_cookie_without_same_site_is_caught() {
    let says = [
        "the session cookie has no SameSite=Lax or Strict",
        "; HttpOnly; Path=/; Max-Age=86400",
    ];
    let hint = (cookie_flags::SAME_SITE, "Add SameSite=Lax");
    caught(
        Mistake::CookieWithoutSameSite,
        cookie_flags::SPEC.id,
        &says,
        hint,
    )
    .await;
}

#[tokio::test]
async fn a_logout_served_on_get_as_well_as_post_is_caught() {
    let says = ["GET /logout logged the user out", "then GET /me: 401"];
    let hint = (Hint::DEFAULT, "Serve logout on POST only");
    caught(Mistake::LogoutOnGetToo, get_logout::SPEC.id, &says, hint).await;
}

#[tokio::test]
async fn the_access_token_in_the_json_of_me_is_caught() {
    let says = [
        "the GitHub access token gho_",
        "reached the browser, in the answer to GET http://",
        "/me\n",
    ];
    let hint = (
        no_secrets::TOKEN,
        "/me answers the user's fields, never the token",
    );
    caught(Mistake::TokenInMe, no_secrets::SPEC.id, &says, hint).await;
}

#[tokio::test]
async fn the_client_secret_in_the_authorize_redirect_is_caught() {
    let says = [
        "the GitHub client secret reached the browser, in the answer to GET http://",
        "/auth/github\n",
        "client_secret=logout-lab-github-secret",
    ];
    let hint = (no_secrets::SECRET, "never in the authorize URL");
    caught(
        Mistake::SecretInAuthorizeUrl,
        no_secrets::SPEC.id,
        &says,
        hint,
    )
    .await;
}

#[tokio::test]
async fn a_post_from_another_site_served_without_an_origin_check_is_caught() {
    let says = [
        "a POST from https://evil.example logged the user out",
        "POST /logout: 200",
    ];
    let hint = "Refuse a state-changing request whose Origin is not your app's own";
    caught(
        Mistake::NoOriginCheck,
        foreign_origin::SPEC.id,
        &says,
        (Hint::DEFAULT, hint),
    )
    .await;
}

#[tokio::test]
async fn a_disconnect_that_answers_an_error_during_an_outage_leaves_the_user_to_retry() {
    let says = [
        "POST /disconnect/github failed while GitHub was down",
        "actual: 502",
    ];
    let hint = "unlink the provider anyway and answer 202";
    caught(
        Mistake::ErrorOnOutage,
        disconnect_outage::SPEC.id,
        &says,
        (disconnect_outage::QUEUE, hint),
    )
    .await;
}

#[tokio::test]
async fn a_revocation_forgotten_after_an_outage_leaves_the_token_alive() {
    let says = [
        "never arrived once GitHub was back",
        "actual: no revocation call since GitHub came back, and the token still works",
    ];
    let hint = "Retry the pending revocations in the background";
    let mistake = Mistake::ForgetFailedRevocation;
    caught(
        mistake,
        disconnect_outage::SPEC.id,
        &says,
        (disconnect_outage::RETRY, hint),
    )
    .await;
}

#[tokio::test]
async fn a_revocation_sent_again_after_it_was_confirmed_is_caught() {
    let says = ["was sent again after GitHub had confirmed it"];
    let hint = "never run two attempts at the same token at once";
    caught(
        Mistake::RevokeTwice,
        disconnect_outage::SPEC.id,
        &says,
        (disconnect_outage::ONCE, hint),
    )
    .await;
}
