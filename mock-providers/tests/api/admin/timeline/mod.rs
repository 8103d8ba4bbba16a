//! `GET /__mock/timeline` (both mocks and the app on one page), its stream, and
//! `/__mock/app-events`, the app's own events; its forms are in [`forms`], what it says in
//! [`words`].

mod forms;
mod words;

use common::page::short_token;
use mock_providers::{Options, start_github};
use reqwest::header::{ACCEPT, LOCATION};
use serde_json::{Value, json};
use tokio::net::TcpListener;

use super::stream::Events;
use crate::github::support as gh;
use crate::google::support::{self as google, ADA, ada_tokens};
use crate::helpers::{
    self, Fetch, assert_error, assert_mock_page, get_json, post_json, post_raw, spawn,
};

/// `POST` a form to a timeline route as a browser does: the status, `Location` and body.
async fn submit(base: &str, route: &str, form: &[(&str, &str)]) -> (u16, String, String) {
    let request = helpers::api().post(format!("{base}/__mock/timeline/{route}"));
    let response = request.header(ACCEPT, "text/html").form(form).fetch().await;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    (
        status,
        location.unwrap_or_default(),
        response.text().await.unwrap(),
    )
}

/// Asserts a form's answer is the 303 back to the timeline.
fn assert_back(what: &str, (status, location, _): (u16, String, String)) {
    assert_eq!(
        (status, location.as_str()),
        (303, "/__mock/timeline"),
        "{what}"
    );
}

async fn timeline(base: &str) -> String {
    helpers::api()
        .get(format!("{base}/__mock/timeline"))
        .fetch_text()
        .await
}

fn live_tokens(mock: &mock_providers::MockServer) -> usize {
    let now = mock.store().now();
    let records = mock.store().lock().token_records(now);
    records.iter().filter(|t| t.is_active()).count()
}

#[tokio::test]
async fn the_timeline_shows_both_providers_and_what_the_app_posted_to_the_other_mock() {
    let t = spawn().await;
    let github_token = gh::token(&t.github, "ada", "read:user").await;
    let (_browser, tokens) = ada_tokens(&t).await;
    let google_token = tokens["access_token"].as_str().unwrap();
    assert_eq!(gh::revoke(&t.github, "token", &github_token).await, 204);
    let event = json!({"kind": "logout", "user": ADA, "detail": "the session of the app ended"});
    let url = format!("{}/__mock/app-events", t.google);
    let (status, body) = post_json(&url, event).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["app_event"]["received_by"], "google");
    for base in [&t.github, &t.google] {
        let page = timeline(base).await;
        assert_mock_page("the timeline", &page, "dashboard");
        for token in [github_token.as_str(), google_token] {
            assert!(!page.contains(token), "no whole token at {base}");
        }
        for needle in [
            "Mock GitHub now",
            "Mock Google now",
            &short_token(&github_token),
            &short_token(google_token),
        ] {
            assert!(
                page.contains(needle),
                "the timeline at {base} shows {needle}"
            );
        }
        for needle in [
            r#"<tr class="app-event" data-key="app-1">"#,
            "the session of the app ended",
            r#"<tr class="revocation" data-key="github-"#,
        ] {
            assert!(page.contains(needle), "the timeline at {base} has {needle}");
        }
        let ends = r#"<input type="hidden" name="provider" value="google"><input type="hidden" name="user" value="109876543210987654321">"#;
        assert!(
            page.contains(ends),
            "Google's session has its End button at {base}"
        );
        assert!(page.contains("Remove access"), "grants have their button");
    }
    let (_, listed) = get_json(&format!("{}/__mock/app-events", t.github)).await;
    assert_eq!(
        listed[0]["kind"], "logout",
        "both mocks share the log: {listed}"
    );
    for mock in [&t.mocks.github, &t.mocks.google] {
        let inner = mock.store().lock();
        let stray = inner
            .events
            .iter()
            .any(|e| e.summary.contains("session of the app"));
        assert!(!stray, "an app event stays out of the provider's own log");
    }
}

#[tokio::test]
async fn app_events_are_validated_like_every_mock_body() {
    let t = spawn().await;
    let url = format!("{}/__mock/app-events", t.github);
    let bad_json = post_raw(&url, "application/json", "{\"kind\":").await;
    assert_error("truncated JSON", bad_json, 400, "not valid JSON");
    let cases: [(Value, &str); 4] = [
        (json!({"kind": "reboot"}), "unknown variant"),
        (
            json!({"kind": "login", "provider": "gitlab"}),
            "unknown variant",
        ),
        (json!({"kind": "login", "when": "now"}), "unknown field"),
        (
            json!({"kind": "login", "detail": "x".repeat(501)}),
            "at most 500",
        ),
    ];
    for (body, needle) in cases {
        assert_error(
            &body.to_string(),
            post_json(&url, body.clone()).await,
            422,
            needle,
        );
    }
    assert_error("no kind", post_json(&url, json!({})).await, 422, "kind");
    let login = json!({"kind": "login", "provider": "github", "user": "ada@example.com"});
    assert_eq!(post_json(&url, login).await.0, 201);
    let (status, listed) = get_json(&url).await;
    assert_eq!(status, 200);
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["provider"], "github");
    assert_eq!(listed[0]["seq"], 1);
}

#[tokio::test]
async fn the_timeline_stream_fires_at_either_mock_and_at_the_app() {
    let t = spawn().await;
    let mut events = Events::at(&format!("{}/__mock/timeline/stream", t.github)).await;
    google::signed_in(&t.google, ADA).await;
    assert_eq!(next_source(&mut events, "google").await, "google");
    gh::signed_in(&t.github, "ada").await;
    assert_eq!(next_source(&mut events, "github").await, "github");
    let url = format!("{}/__mock/app-events", t.google);
    assert_eq!(post_json(&url, json!({"kind": "login"})).await.0, 201);
    assert_eq!(next_source(&mut events, "app").await, "app");
    let bad = format!("{}/__mock/timeline/stream?since=0", t.github);
    assert_error("unknown parameter", get_json(&bad).await, 400, "since");
}

/// Messages up to the first from `source`, which must come within the stream's patience.
async fn next_source(events: &mut Events, source: &str) -> String {
    loop {
        let message = events.next().await;
        if message.data["source"] == source {
            return source.to_string();
        }
    }
}

#[tokio::test]
async fn a_mock_alone_shows_itself_and_says_the_other_is_not_here() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let github = start_github(listener, &Options::default()).await.unwrap();
    let page = timeline(github.url()).await;
    assert!(page.contains("Mock GitHub now"));
    assert!(
        page.contains("The mock Google is not in this process"),
        "{page}"
    );
    let session = [("provider", "google"), ("user", ADA)];
    let (status, _, page) = submit(github.url(), "sessions/end", &session).await;
    assert_eq!(status, 404);
    assert!(page.contains("not in this process"));
    github.shutdown().await;
}

#[tokio::test]
async fn every_page_of_the_mocks_links_the_timeline() {
    let t = spawn().await;
    let (github, google) = (&t.github, &t.google);
    for url in [
        format!("{github}/"),
        format!("{github}/__mock/"),
        format!("{google}/"),
        format!("{google}/__mock/"),
    ] {
        let page = helpers::api().get(&url).fetch_text().await;
        assert!(
            page.contains(r#"<a href="/__mock/timeline">"#),
            "{url} links the timeline"
        );
    }
}
