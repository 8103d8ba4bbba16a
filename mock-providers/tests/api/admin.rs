//! The `/__mock/` inspection API and dashboard: every route, every refusal, and that what it
//! changes (clients, sessions, clock) really changes what the provider routes do; the live
//! event stream (`stream`), the stylesheets and avatars the pages use (`assets`), and the
//! timeline of both mocks and the app, with its forms and the app's events (`timeline`);
//! a reset that keeps the registered clients (`reset`).

mod assets;
mod changes;
mod clients;
mod cross_site;
mod faults;
mod logs;
mod reset;
mod retention;
mod stream;
mod timeline;

use reqwest::header::ACCEPT;
use serde_json::json;

use crate::google::support::{ADA, ADA_SUB, ada_tokens, revoke, sign_in};
use crate::helpers::{
    self, Fetch, assert_error, get_json, hidden_input, post_json, post_raw, spawn, strings,
};

#[tokio::test]
async fn unknown_routes_wrong_methods_and_bad_queries_are_json_4xx() {
    let t = spawn().await;
    for base in [&t.github, &t.google] {
        let (status, body) = get_json(&format!("{base}/__mock/nope")).await;
        assert_eq!(status, 404, "unknown /__mock/ path at {base}");
        assert!(body["error"].is_string(), "404 is JSON: {body}");
        let delete = helpers::api().delete(format!("{base}/__mock/state"));
        let (status, body) = delete.fetch_json().await;
        assert_eq!(status, 405, "DELETE /__mock/state");
        assert!(body["error"].is_string(), "405 is JSON: {body}");
        for route in [
            "state",
            "events",
            "revocations",
            "clients",
            "faults",
            "sessions",
            "clock",
        ] {
            assert_error(
                &format!("unknown query parameter on /__mock/{route}"),
                get_json(&format!("{base}/__mock/{route}?verbose=1")).await,
                400,
                "verbose",
            );
        }
    }
}

#[tokio::test]
async fn state_lists_accounts_clients_sessions_grants_and_tokens() {
    let t = spawn().await;
    let (browser, tokens) = ada_tokens(&t).await;
    drop(browser);
    let (status, state) = get_json(&format!("{}/__mock/state", t.google)).await;
    assert_eq!(status, 200);
    assert_eq!(state["provider"], "google");
    assert_eq!(state["base_url"], t.google.as_str());
    assert_eq!(state["clock"]["offset_seconds"], 0);
    let accounts = state["accounts"].as_array().unwrap().len();
    assert_eq!(accounts, 3, "seeded accounts");
    let client = &state["clients"][0];
    let secret = &client["client_secret"];
    assert_eq!(
        secret, "logout-lab-google-secret",
        "the admin API shows secrets"
    );
    let session = &state["sessions"][0];
    assert_eq!(session["username"], ADA, "session: {session}");
    assert_eq!(session["user"], ADA_SUB);
    let granted = &state["grants"][0]["client_id"];
    assert_eq!(granted, "logout-lab.apps.googleusercontent.com");
    let listed = strings(&state["tokens"], "token");
    let access = tokens["access_token"].as_str().unwrap();
    assert!(
        listed.contains(&access),
        "the access token is listed: {listed:?}"
    );
    let codes = state["codes"].as_array().is_some_and(|c| c.len() == 1);
    assert!(codes, "the used code");
    assert!(state["faults"].as_array().is_some_and(Vec::is_empty));
}

#[tokio::test]
async fn reset_returns_to_the_seeds_and_keeps_sequence_numbers_rising() {
    let t = spawn().await;
    let (_browser, _tokens) = ada_tokens(&t).await;
    let base = &t.google;
    let extra = json!({"client_id": "extra", "client_secret": "s", "redirect_uris": ["http://127.0.0.1:9/cb"]});
    let (status, _) = post_json(&format!("{base}/__mock/clients"), extra).await;
    assert_eq!(status, 201);
    let before = t.mocks.google.store().lock().next_seq();
    let (status, body) = post_raw(&format!("{base}/__mock/reset"), "application/json", "").await;
    assert_eq!(status, 200, "reset: {body}");
    let (_, state) = get_json(&format!("{base}/__mock/state")).await;
    for empty in ["sessions", "grants", "tokens", "codes", "faults"] {
        let emptied = state[empty].as_array().is_some_and(Vec::is_empty);
        assert!(emptied, "{empty} after reset: {}", state[empty]);
    }
    let clients = state["clients"].as_array().unwrap().len();
    assert_eq!(clients, 2, "the seeded client, and the registered one kept");
    let (_, events) = get_json(&format!("{base}/__mock/events")).await;
    let events = events["events"].as_array().unwrap().clone();
    assert_eq!(events.len(), 1, "only the reset event remains: {events:?}");
    assert_eq!(events[0]["kind"], "reset");
    let rising = events[0]["seq"].as_u64().unwrap() >= before;
    assert!(rising, "seq keeps rising");
}

#[tokio::test]
async fn the_dashboard_shows_users_sessions_tokens_and_highlights_revocations() {
    let t = spawn().await;
    let (_browser, tokens) = ada_tokens(&t).await;
    let base = &t.google;
    let unknown = revoke(base, "not-a-token").await.0;
    assert_eq!(unknown, 400, "unknown token refused");
    let access = tokens["access_token"].as_str().unwrap().to_string();
    assert_eq!(revoke(base, &access).await.0, 200, "real token revoked");
    let page = helpers::browser()
        .get(format!("{base}/__mock/"))
        .fetch()
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let shown = [
        "ada@example.com",
        "bob@example.com",
        "NOT verified",
        &access,
    ];
    for expected in shown {
        assert!(html.contains(expected), "the dashboard shows {expected}");
    }
    let rejected = html.contains(r#"<tr class="revocation rejected">"#);
    assert!(rejected, "a rejected revocation is highlighted as rejected");
    let accepted = html.contains(r#"<tr class="revocation">"#);
    assert!(accepted, "an accepted revocation is highlighted");
    assert!(html.contains("refused: "), "the refusal's reason is shown");
    let why = html.contains("revoked ");
    assert!(why, "the token shows it was revoked and why");
    assert!(
        html.contains(r#"action="/__mock/sessions/end""#)
            && hidden_input(&html, "user").as_deref() == Some(ADA_SUB),
        "a button ends Ada's provider session"
    );
    assert!(html.contains(r#"action="/__mock/reset""#), "a reset button");
    let masked = !html.contains("logout-lab-google-secret");
    assert!(masked, "secrets are masked");
    let last = t.mocks.google.store().lock().next_seq() - 1;
    let first_row = html.find("<td>1</td>").expect("event 1 is shown");
    let last_row = html
        .find(&format!("<td>{last}</td>"))
        .expect("the last event is shown");
    assert!(last_row < first_row, "newest events first");
}

#[tokio::test]
async fn dashboard_forms_post_to_the_json_routes_and_come_back() {
    let t = spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let end = browser.post(format!("{}/__mock/sessions/end", t.google));
    let response = end.header(ACCEPT, "text/html").form(&[("user", ADA_SUB)]);
    let response = response.fetch().await;
    assert_eq!(response.status(), 303, "a browser is sent back");
    assert_eq!(helpers::location(&response), "/__mock/");
    let ended = t.mocks.google.store().lock().sessions.is_empty();
    assert!(ended, "session ended by the form");
    let reset = browser.post(format!("{}/__mock/reset", t.google));
    let reset = reset.header(ACCEPT, "text/html").form(&[("reset", "1")]);
    assert_eq!(reset.fetch_status().await, 303, "reset from the dashboard");
}
