//! A mock that runs all day keeps bounded records: ended tokens, spent codes and idle
//! provider sessions go after the retention (on the mock's clock), and never more than the
//! caps are kept however fast they come. Counted through `/__mock/state`, not RSS.

use mock_providers::Options;
use mock_providers::store::Retention;
use serde_json::Value;

use crate::github::support as gh;
use crate::google::support as g;
use crate::helpers::{TestMocks, get_json};

/// One class cycle at the mock GitHub: a new browser signs in, authorizes, the code is
/// exchanged and the token revoked (an app's disconnect).
async fn github_cycle(t: &TestMocks) {
    let code = gh::code(&t.github, "ada", &[("scope", "read:user")]).await;
    let answer = gh::exchange(&t.github, &gh::client_form(&code)).await;
    let token = &answer["access_token"];
    assert_eq!(gh::revoke(&t.github, "token", token).await, 204);
}

/// One at the mock Google: a new browser signs in, authorizes, the code is exchanged; the
/// access token is left to expire.
async fn google_cycle(t: &TestMocks) {
    let browser = g::signed_in(&t.google, g::ADA).await;
    let back = g::authorize(&browser, &t.google, &[]).await;
    let (status, body) = g::exchange(&t.google, &back["code"], &[]).await;
    assert_eq!(status, 200, "{body}");
}

/// How many tokens, codes and provider sessions `/__mock/state` lists.
async fn counts(base: &str) -> [usize; 3] {
    let (_, state) = get_json(&format!("{base}/__mock/state")).await;
    let len = |field: &str| state[field].as_array().map_or(0, Vec::len);
    [len("tokens"), len("codes"), len("sessions")]
}

/// Moves both mocks' clocks forward.
fn advance(t: &TestMocks, seconds: u64) {
    t.mocks.github.store().clock.advance(seconds);
    t.mocks.google.store().clock.advance(seconds);
}

#[tokio::test]
async fn after_the_retention_ended_tokens_spent_codes_and_idle_sessions_are_gone() {
    let t = crate::helpers::spawn().await;
    for _ in 0..20 {
        github_cycle(&t).await;
        google_cycle(&t).await;
    }
    assert_eq!(counts(&t.github).await, [20, 20, 20], "all kept meanwhile");
    assert_eq!(counts(&t.google).await, [20, 20, 20], "all kept meanwhile");
    // A day later (past every default retention), one more cycle each.
    advance(&t, 24 * 60 * 60);
    github_cycle(&t).await;
    google_cycle(&t).await;
    let [tokens, codes, sessions] = counts(&t.github).await;
    assert_eq!(
        (tokens, codes, sessions),
        (1, 1, 1),
        "GitHub keeps the new cycle's"
    );
    let [tokens, codes, sessions] = counts(&t.google).await;
    assert_eq!(
        (tokens, codes, sessions),
        (1, 1, 1),
        "Google keeps the new cycle's"
    );
    // What the judge reads stays whole: the new token's ending names its call.
    let (_, doc) = get_json(&format!("{}/__mock/tokens?user=ada", t.github)).await;
    let ended: &Value = &doc["tokens"][0]["ended"];
    assert_eq!(ended["cause"], "revoked", "{doc}");
}

/// However fast they come, never more than the caps: a class of cycles within the
/// retention keeps at most `max_ended` ended tokens (plus those ended since the last one was
/// issued, when the cap is checked), `max_ended` codes and `max_sessions` sessions.
#[tokio::test]
async fn however_many_cycles_the_records_stay_within_the_caps() {
    let retention = Retention {
        max_ended: 10,
        max_sessions: 10,
        ..Retention::default()
    };
    let t = crate::helpers::spawn_with(Options {
        retention,
        ..Options::default()
    })
    .await;
    for _ in 0..60 {
        github_cycle(&t).await;
        google_cycle(&t).await;
    }
    let [tokens, codes, sessions] = counts(&t.github).await;
    assert!(tokens <= 11, "GitHub tokens: {tokens}");
    assert_eq!((codes, sessions), (10, 10), "GitHub codes and sessions");
    // Google's tokens live an hour: the live ones all stay, whatever the cap.
    let [tokens, codes, sessions] = counts(&t.google).await;
    assert_eq!((tokens, codes, sessions), (60, 10, 10), "Google");
    let events = t.mocks.github.store().lock().events.len();
    assert!(events <= 2000, "and the event log its own bound: {events}");
}
