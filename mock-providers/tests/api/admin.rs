//! The `/__mock/` inspection API and dashboard: every route, every refusal, and that what it
//! changes (clients, sessions, clock) really changes what the provider routes do.

mod changes;
mod faults;
mod logs;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{Value, json};

use crate::helpers::{self, spawn};

/// `GET` a `/__mock/` URL: status and JSON.
pub async fn get(url: &str) -> (u16, Value) {
    let response = helpers::api().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `POST` a JSON body: status and JSON.
pub async fn post(url: &str, body: Value) -> (u16, Value) {
    post_raw(url, "application/json", body.to_string()).await
}

/// `POST` any bytes with any content type: status and JSON.
pub async fn post_raw(
    url: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, Value) {
    let response = helpers::api()
        .post(url)
        .header(CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Asserts a 4xx with a JSON `error` that mentions `needle`.
pub fn assert_error(what: &str, (status, body): (u16, Value), expected: u16, needle: &str) {
    assert_eq!(status, expected, "{what}: status (body {body})");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(
        message.contains(needle),
        "{what}: error {message:?} should mention {needle:?}"
    );
}

#[tokio::test]
async fn unknown_routes_wrong_methods_and_bad_queries_are_json_4xx() {
    let t = spawn().await;
    for base in [&t.github, &t.google] {
        let (status, body) = get(&format!("{base}/__mock/nope")).await;
        assert_eq!(status, 404, "unknown /__mock/ path at {base}");
        assert!(body["error"].is_string(), "404 is JSON: {body}");
        let response = helpers::api()
            .delete(format!("{base}/__mock/state"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "DELETE /__mock/state");
        let body: Value = response.json().await.unwrap();
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
                get(&format!("{base}/__mock/{route}?verbose=1")).await,
                400,
                "verbose",
            );
        }
    }
}

#[tokio::test]
async fn state_lists_accounts_clients_sessions_grants_and_tokens() {
    let t = spawn().await;
    let (browser, tokens) = crate::google::ada_tokens(&t).await;
    drop(browser);
    let (status, state) = get(&format!("{}/__mock/state", t.google)).await;
    assert_eq!(status, 200);
    assert_eq!(state["provider"], "google");
    assert_eq!(state["base_url"], t.google.as_str());
    assert_eq!(state["clock"]["offset_seconds"], 0);
    assert_eq!(
        state["accounts"].as_array().unwrap().len(),
        3,
        "seeded accounts"
    );
    let client = &state["clients"][0];
    assert_eq!(
        client["client_secret"], "logout-lab-google-secret",
        "the admin API shows secrets"
    );
    let session = &state["sessions"][0];
    assert_eq!(
        session["username"],
        crate::google::ADA,
        "session: {session}"
    );
    assert_eq!(session["user"], crate::google::ADA_SUB);
    assert_eq!(
        state["grants"][0]["client_id"],
        "logout-lab.apps.googleusercontent.com"
    );
    let listed: Vec<&str> = state["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["token"].as_str().unwrap())
        .collect();
    assert!(
        listed.contains(&tokens["access_token"].as_str().unwrap()),
        "the access token is listed: {listed:?}"
    );
    assert!(
        state["codes"].as_array().is_some_and(|c| c.len() == 1),
        "the used code"
    );
    assert!(state["faults"].as_array().is_some_and(Vec::is_empty));
}

#[tokio::test]
async fn reset_returns_to_the_seeds_and_keeps_sequence_numbers_rising() {
    let t = spawn().await;
    let (_browser, _tokens) = crate::google::ada_tokens(&t).await;
    let base = &t.google;
    let (status, _) = post(
        &format!("{base}/__mock/clients"),
        json!({"client_id": "extra", "client_secret": "s", "redirect_uris": ["http://127.0.0.1:9/cb"]}),
    )
    .await;
    assert_eq!(status, 201);
    let before = t.mocks.google.store().lock().next_seq();
    let (status, body) = post_raw(&format!("{base}/__mock/reset"), "application/json", "").await;
    assert_eq!(status, 200, "reset: {body}");
    let (_, state) = get(&format!("{base}/__mock/state")).await;
    for empty in ["sessions", "grants", "tokens", "codes", "faults"] {
        assert!(
            state[empty].as_array().is_some_and(Vec::is_empty),
            "{empty} after reset: {}",
            state[empty]
        );
    }
    assert_eq!(
        state["clients"].as_array().unwrap().len(),
        1,
        "only the seeded client"
    );
    let (_, events) = get(&format!("{base}/__mock/events")).await;
    let events = events["events"].as_array().unwrap().clone();
    assert_eq!(events.len(), 1, "only the reset event remains: {events:?}");
    assert_eq!(events[0]["kind"], "reset");
    assert!(
        events[0]["seq"].as_u64().unwrap() >= before,
        "seq keeps rising"
    );
}

#[tokio::test]
async fn the_dashboard_shows_users_sessions_tokens_and_highlights_revocations() {
    let t = spawn().await;
    let (_browser, tokens) = crate::google::ada_tokens(&t).await;
    let base = &t.google;
    let revoke = |token: String| {
        let base = base.clone();
        async move {
            helpers::api()
                .post(format!("{base}/revoke"))
                .form(&[("token", token)])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        revoke("not-a-token".into()).await,
        400,
        "unknown token refused"
    );
    let access = tokens["access_token"].as_str().unwrap().to_string();
    assert_eq!(revoke(access.clone()).await, 200, "real token revoked");
    let page = helpers::browser()
        .get(format!("{base}/__mock/"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for expected in [
        "ada@example.com",
        "bob@example.com",
        "NOT verified",
        &access,
    ] {
        assert!(html.contains(expected), "the dashboard shows {expected}");
    }
    assert!(
        html.contains(r#"<tr class="revocation rejected">"#),
        "a rejected revocation is highlighted as rejected"
    );
    assert!(
        html.contains(r#"<tr class="revocation">"#),
        "an accepted revocation is highlighted"
    );
    assert!(html.contains("refused: "), "the refusal's reason is shown");
    assert!(
        html.contains("revoked "),
        "the token shows it was revoked and why"
    );
    assert!(
        html.contains(r#"action="/__mock/sessions/end""#)
            && helpers::hidden_input(&html, "user").as_deref() == Some(crate::google::ADA_SUB),
        "a button ends Ada's provider session"
    );
    assert!(html.contains(r#"action="/__mock/reset""#), "a reset button");
    assert!(
        !html.contains("logout-lab-google-secret"),
        "secrets are masked"
    );
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
    crate::google::sign_in(&browser, &t.google, crate::google::ADA).await;
    let response = browser
        .post(format!("{}/__mock/sessions/end", t.google))
        .header(ACCEPT, "text/html")
        .form(&[("user", crate::google::ADA_SUB)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "a browser is sent back");
    assert_eq!(helpers::location(&response), "/__mock/");
    assert!(
        t.mocks.google.store().lock().sessions.is_empty(),
        "session ended by the form"
    );
    let response = browser
        .post(format!("{}/__mock/reset", t.google))
        .header(ACCEPT, "text/html")
        .form(&[("reset", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "reset from the dashboard");
}
