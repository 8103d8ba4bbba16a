//! The timeline's forms, each acting on the mock that owns what it names and answering 303
//! back to the timeline: end a provider session, remove a grant, arm a fault, reset both
//! (once confirmed).

use serde_json::json;

use super::{assert_back, live_tokens, submit};
use crate::github::support as gh;
use crate::google::support::{self as google, ada_tokens};
use crate::helpers::{self, Fetch, get_json, post_json, spawn};

/// The fault form's fields: which mock, which endpoint, what answer, how many calls.
fn fault_form<'a>(
    provider: &'a str,
    endpoint: &'a str,
    effect: &'a str,
    count: &'a str,
) -> [(&'a str, &'a str); 4] {
    [
        ("provider", provider),
        ("endpoint", endpoint),
        ("effect", effect),
        ("count", count),
    ]
}

#[tokio::test]
async fn ending_a_session_and_removing_a_grant_act_on_the_mock_that_owns_them() {
    let t = spawn().await;
    let (_browser, _tokens) = ada_tokens(&t).await;
    assert!(live_tokens(&t.mocks.google) > 0);
    let session = [("provider", "google"), ("user", google::ADA_SUB)];
    assert_back(
        "end session",
        submit(&t.github, "sessions/end", &session).await,
    );
    assert!(
        t.mocks.google.store().lock().sessions.is_empty(),
        "the session is gone"
    );
    let client = "logout-lab.apps.googleusercontent.com";
    let grant = [
        ("provider", "google"),
        ("user", google::ADA_SUB),
        ("client_id", client),
    ];
    assert_back(
        "remove grant",
        submit(&t.github, "grants/remove", &grant).await,
    );
    assert_eq!(live_tokens(&t.mocks.google), 0, "the grant's tokens ended");
    let (status, _, page) = submit(&t.github, "grants/remove", &grant).await;
    assert_eq!(status, 404, "a grant already removed");
    assert!(page.contains("has not authorized") && page.contains("Back to the timeline"));
    let unknown = [("provider", "github"), ("user", "nobody")];
    let (status, _, page) = submit(&t.google, "sessions/end", &unknown).await;
    assert_eq!(status, 404);
    assert!(
        page.contains("no user `nobody`"),
        "an HTML page says why: {page}"
    );
    let request = helpers::api().post(format!("{}/__mock/timeline/sessions/end", t.github));
    let (status, body) = request.form(&[("provider", "gitlab")]).fetch_json().await;
    assert_eq!(status, 422, "a program gets JSON: {body}");
}

#[tokio::test]
async fn a_fault_form_makes_the_next_call_fail_as_asked() {
    let t = spawn().await;
    let token = gh::token(&t.github, "ada", "read:user").await;
    let fault = fault_form("github", "user", "503", "1");
    assert_back("arm fault", submit(&t.google, "faults", &fault).await);
    assert_eq!(
        gh::user_status(&t.github, &token).await,
        503,
        "the next call fails"
    );
    assert_eq!(
        gh::user_status(&t.github, &token).await,
        200,
        "count 1: then it works"
    );
    let dropped = fault_form("github", "user", "drop", "1");
    assert_back("drop", submit(&t.github, "faults", &dropped).await);
    let call = helpers::api()
        .get(format!("{}/user", t.github))
        .header("User-Agent", "t");
    assert!(
        call.bearer_auth(&token).send().await.is_err(),
        "the connection drops"
    );
    let cases = [
        (fault_form("google", "user", "503", "1"), "unknown endpoint"),
        (
            fault_form("github", "user", "200", "1"),
            "between 400 and 599",
        ),
        (fault_form("github", "user", "503", "0"), "at least 1"),
        (fault_form("github", "user", "slow", "1"), "`effect`"),
    ];
    for (form, needle) in cases {
        let (got, _, page) = submit(&t.github, "faults", &form).await;
        assert_eq!(got, 422, "{form:?}");
        assert!(page.contains(needle), "{form:?}: {page}");
    }
}

#[tokio::test]
async fn reset_sends_both_mocks_back_to_the_seeds_and_forgets_the_app() {
    let t = spawn().await;
    gh::token(&t.github, "ada", "read:user").await;
    ada_tokens(&t).await;
    let url = format!("{}/__mock/app-events", t.github);
    post_json(&url, json!({"kind": "disconnect", "provider": "google"})).await;
    assert_back(
        "reset",
        submit(&t.google, "reset", &[("confirm", "yes")]).await,
    );
    for mock in [&t.mocks.github, &t.mocks.google] {
        let inner = mock.store().lock();
        assert!(
            inner.tokens.is_empty() && inner.sessions.is_empty(),
            "{:?} reset",
            mock.url()
        );
    }
    assert_eq!(
        get_json(&url).await.1,
        json!([]),
        "the app's events forgotten"
    );
}

#[tokio::test]
async fn a_reset_asks_first_and_resets_nothing_until_confirmed() {
    let t = spawn().await;
    gh::token(&t.github, "ada", "read:user").await;
    let page = super::timeline(&t.github).await;
    let form = r#"<form class="inline" method="post" action="/__mock/timeline/reset" data-confirm="Reset both mocks? "#;
    assert!(page.contains(form), "the script asks: {page}");
    let disabled = r#"<input type="hidden" name="confirm" value="yes" disabled>"#;
    assert!(page.contains(disabled), "sent only once confirmed: {page}");
    let (status, _, asks) = submit(&t.github, "reset", &[]).await;
    assert_eq!(status, 200, "without a script, a page asks: {asks}");
    assert!(asks.contains("Reset both mocks?") && asks.contains("No, back to the timeline"));
    let confirm = r#"<input type="hidden" name="confirm" value="yes"><button type="submit">Yes, reset both mocks</button>"#;
    assert!(asks.contains(confirm), "{asks}");
    assert_eq!(live_tokens(&t.mocks.github), 1, "nothing reset yet");
    let (status, _, page) = submit(&t.github, "reset", &[("confirm", "maybe")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("`confirm` must be `yes`"), "{page}");
    assert_eq!(
        live_tokens(&t.mocks.github),
        1,
        "nothing reset by a wrong answer"
    );
    assert_back(
        "confirmed",
        submit(&t.github, "reset", &[("confirm", "yes")]).await,
    );
    assert_eq!(live_tokens(&t.mocks.github), 0, "reset once confirmed");
}
