//! The timeline in words, as a class reads it off the projector: a tidy-up, a disconnect, a
//! logout with no provider call, the provider's own ending and the user's; routine reads
//! folded into a count; the endpoints' names in words; and everything a request brought,
//! escaped.

use common::page::short_token;
use mock_providers::Options;
use mock_providers::store::Limits;
use serde_json::{Value, json};

use super::{submit, timeline};
use crate::github::support as gh;
use crate::google::support as google;
use crate::helpers::{self, Fetch, post_json, spawn, spawn_with};

/// A token as the page shows it, in its code element.
fn shown(token: &str) -> String {
    format!(r#"<code class="token">{}</code>"#, short_token(token))
}

/// The `<li>` of the provider lanes' token list that shows `token`.
fn lane_token<'a>(page: &'a str, token: &str) -> &'a str {
    let start = format!("<li>{}", shown(token));
    let at = page
        .find(&start)
        .unwrap_or_else(|| panic!("{token} in a lane: {page}"));
    let end = page[at..].find("</li>").map_or(page.len(), |e| at + e);
    &page[at..end]
}

/// Reports an app event to the mock GitHub, as the hardened app does.
async fn report(github: &str, event: Value) {
    let url = format!("{github}/__mock/app-events");
    let (status, body) = post_json(&url, event).await;
    assert_eq!(status, 201, "{body}");
}

/// Moves the mock GitHub's clock a second on, so that what follows is strictly later.
async fn a_second_later(github: &str) {
    let url = format!("{github}/__mock/clock");
    let (status, body) = post_json(&url, json!({"advance_seconds": 1})).await;
    assert_eq!(status, 200, "{body}");
}

fn assert_has(page: &str, needle: &str) {
    assert!(
        page.contains(needle),
        "the timeline says {needle:?}:\n{page}"
    );
}

#[tokio::test]
async fn a_tidy_up_and_a_disconnect_read_apart_by_the_mocks_own_records() {
    let t = spawn().await;
    let first = gh::token(&t.github, "ada", "read:user").await;
    let second = gh::token(&t.github, "ada", "read:user").await;
    let login = json!({"kind": "login", "provider": "github", "user": "ada", "token": short_token(&second)});
    report(&t.github, login).await;
    let page = timeline(&t.github).await;
    assert_has(lane_token(&page, &second), "the app holds it");
    assert!(
        !lane_token(&page, &first).contains("holds"),
        "only the token the app reported"
    );
    assert_eq!(gh::revoke(&t.github, "token", &first).await, 204);
    assert_eq!(gh::revoke(&t.github, "token", &second).await, 204);
    let page = timeline(&t.github).await;
    let tidy = "tidy-up: the app revoked the token its new login replaced";
    let held = "disconnect: the app revoked the token it held";
    assert_has(&page, &format!("{tidy}, {}", shown(&first)));
    assert_has(&page, &format!("{held}, {}", shown(&second)));
    for (token, words) in [(&first, tidy), (&second, held)] {
        let lane = lane_token(&page, token);
        assert_has(lane, r#"<span class="tag status revoked">revoked</span>"#);
        assert_has(lane, words);
    }
}

#[tokio::test]
async fn a_google_revocation_says_the_grant_ended_with_the_token() {
    let t = spawn().await;
    let (_browser, tokens) = google::ada_tokens(&t).await;
    let [access, refresh] = google::fields(&tokens, ["access_token", "refresh_token"]);
    assert_eq!(google::revoke(&t.google, access).await.0, 200);
    let page = timeline(&t.github).await;
    assert_has(
        &page,
        &format!(
            "disconnect: the app revoked the token it held, {}; Google ended one other token of the grant with it",
            shown(access)
        ),
    );
    let lane = lane_token(&page, refresh);
    assert_has(lane, "ended with its grant, by the app's revocation call");
}

#[tokio::test]
async fn a_logout_reads_as_no_provider_call_unless_a_revocation_came_around_it() {
    let t = spawn().await;
    let token = gh::token(&t.github, "ada", "read:user").await;
    let login = json!({"kind": "login", "provider": "github", "user": "ada"});
    let logout = json!({"kind": "logout", "user": "ada"});
    for event in [&login, &logout, &login, &logout] {
        report(&t.github, event.clone()).await;
        a_second_later(&t.github).await;
    }
    let page = timeline(&t.github).await;
    assert_has(&page, "the app logged ada out: no provider call");
    assert!(!page.contains("meanwhile"), "no call yet: {page}");
    assert_eq!(gh::revoke(&t.github, "token", &token).await, 204);
    let page = timeline(&t.github).await;
    assert_has(
        &page,
        "the app logged ada out; meanwhile a revocation call reached GitHub",
    );
    assert_eq!(
        page.matches("no provider call").count(),
        1,
        "the first logout still made none"
    );
    assert_has(
        &page,
        r#"<span class="tag who app">app</span> <span class="tag kind">logout</span>"#,
    );
}

#[tokio::test]
async fn the_providers_own_ending_and_the_users_read_as_theirs() {
    let options = Options {
        limits: Limits {
            tokens_per_scope_set: 2,
            ..Limits::default()
        },
        ..Options::default()
    };
    let t = spawn_with(options).await;
    let oldest = gh::token(&t.github, "ada", "read:user").await;
    for _ in 0..2 {
        gh::token(&t.github, "ada", "read:user").await;
    }
    let page = timeline(&t.github).await;
    assert_has(&page, "GitHub ended the oldest of two tokens itself");
    let lane = lane_token(&page, &oldest);
    assert_has(lane, r#"<span class="tag status ended">ended</span>"#);
    assert_has(
        lane,
        "GitHub ended it itself: the oldest past its limit of two",
    );
    let grant = [
        ("provider", "github"),
        ("user", "ada"),
        ("client_id", gh::CLIENT),
    ];
    assert_eq!(submit(&t.google, "grants/remove", &grant).await.0, 303);
    let page = timeline(&t.github).await;
    assert_has(
        &page,
        "ada removed the app's access at GitHub (two tokens ended)",
    );
    assert_eq!(
        page.matches(r#"<span class="tag status ended">ended</span>"#)
            .count(),
        3,
        "the oldest by the limit, the two others by Ada"
    );
}

#[tokio::test]
async fn routine_reads_are_a_count_on_the_row_before_them_not_rows() {
    let t = spawn().await;
    let token = gh::token(&t.github, "ada", "read:user").await;
    for _ in 0..3 {
        assert_eq!(gh::user_status(&t.github, &token).await, 200);
    }
    let page = timeline(&t.github).await;
    assert_has(
        &page,
        &format!(
            "the app got a new token for ada: {}<span class=\"reads\"> · then three profile reads at GitHub</span>",
            shown(&token)
        ),
    );
    for row in ["read ada", "token_used"] {
        assert!(!page.contains(row), "no row for a read ({row}): {page}");
    }
}

#[tokio::test]
async fn times_are_one_format_and_endpoints_have_names_in_words() {
    let t = spawn().await;
    gh::token(&t.github, "ada", "read:user").await;
    let fault = [
        ("provider", "github"),
        ("endpoint", "revoke_token"),
        ("effect", "503"),
        ("count", "1"),
    ];
    assert_eq!(submit(&t.github, "faults", &fault).await.0, 303);
    let page = timeline(&t.github).await;
    let revocation = "token revocation (DELETE /applications/{client_id}/token)";
    assert_has(
        &page,
        &format!(r#"<option value="revoke_token">{revocation}</option>"#),
    );
    assert_has(
        &page,
        r#"<option value="authorize_decision">consent answer (POST /login/oauth/authorize)</option>"#,
    );
    assert_has(
        &page,
        &format!("fault armed on {revocation} for the next 1 call(s)"),
    );
    assert_has(
        &page,
        r#"<span class="note" id="time-zone">(times in UTC)</span>"#,
    );
    let times: Vec<&str> = page.split("<time datetime=\"").skip(1).collect();
    assert!(times.len() >= 3, "the rows' and the lanes' times: {page}");
    for time in times {
        let (instant, rest) = time.split_once("\">").unwrap();
        let shown = &rest[..rest.find('<').unwrap()];
        assert_eq!(shown, &instant[11..19], "the time of day of {instant}");
    }
    assert_has(&page, "This app reports nothing here: its own home page");
}

#[tokio::test]
async fn everything_a_request_brought_is_escaped() {
    let t = spawn().await;
    let event = json!({
        "kind": "login",
        "provider": "github",
        "user": "<script>alert(1)</script>",
        "token": "<img src=x onerror=alert(2)>",
        "detail": "<b>bold</b>",
    });
    report(&t.github, event).await;
    let (status, _) = google::revoke(&t.google, "\"><svg onload=alert(3)>").await;
    assert_eq!(status, 400, "an unknown token is refused");
    let fragment = format!("{}/__mock/timeline/fragment", t.github);
    let fragment = helpers::api().get(fragment).fetch_text().await;
    for page in [timeline(&t.github).await, fragment] {
        for raw in ["<script>alert", "<img src", "<b>bold", "<svg"] {
            assert!(!page.contains(raw), "{raw} is escaped: {page}");
        }
        for escaped in [
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "&lt;img src=x…",
            "&lt;b&gt;bold&lt;/b&gt;",
            "&quot;&gt;&lt;svg onl…",
        ] {
            assert_has(&page, escaped);
        }
    }
}
