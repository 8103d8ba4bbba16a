//! What the app reports to the mocks' timeline (`common::app_events`, the mock GitHub's
//! `/__mock/app-events`): each login, logout and disconnect its answers show, with the
//! provider and no user or token (the app attaches none: the timeline reads "someone"); a
//! browser's forms, answered with a redirect, too; nothing for a failed login, or a logout or
//! disconnect answered 4xx; and nothing at all from an app whose GitHub is not on this
//! machine. Reports are posted after the answer, one after the other: a test polls the mock
//! until the one it waits for is there.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, ORIGIN};
use serde_json::{Value, json};

use crate::helpers::{Provider, TestApp, spawn_app, spawn_app_with};

/// How long a report may take to arrive before the test fails.
const PATIENCE: Duration = Duration::from_secs(10);

impl TestApp {
    /// `GET /__mock/app-events` at the mock GitHub: every report, oldest first, as the app
    /// sent it.
    async fn app_events(&self) -> Vec<Value> {
        let url = format!("{}/__mock/app-events", self.mocks.github.url());
        let events: Vec<Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
        events.into_iter().map(as_sent).collect()
    }

    /// Polls the mock until it lists `count` reports; fails once [`PATIENCE`] has passed.
    async fn wait_for_app_events(&self, count: usize) -> Vec<Value> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let events = self.app_events().await;
            if events.len() >= count {
                return events;
            }
            assert!(Instant::now() < deadline, "{count} reports within {PATIENCE:?}: {events:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// `POST path` as the home page's form sends it: a browser, answered with a redirect.
    async fn press(&self, path: &str) -> StatusCode {
        let request = self.browser.post(self.at(path)).header(ORIGIN, &self.url);
        request.header(ACCEPT, "text/html").send().await.unwrap().status()
    }
}

/// A report without what the mock added to it (`seq`, `time`, `received_by`).
fn as_sent(mut event: Value) -> Value {
    let fields = event.as_object_mut().expect("an object");
    for added in ["seq", "time", "received_by"] {
        fields.remove(added);
    }
    event
}

#[tokio::test]
async fn a_login_a_logout_and_a_disconnect_reach_the_timeline_in_order() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    let login = json!({ "kind": "login", "provider": "github" });
    assert_eq!(app.wait_for_app_events(1).await[0], login, "no user, no token");
    assert_eq!(app.post("/logout").await.status(), StatusCode::OK);
    let logout = json!({ "kind": "logout" });
    assert_eq!(app.wait_for_app_events(2).await[1], logout);
    app.login_ok(Provider::Google, "ada@example.com").await;
    assert_eq!(app.post("/disconnect/github").await.status(), StatusCode::OK);
    let google = json!({ "kind": "login", "provider": "google" });
    let disconnect = json!({ "kind": "disconnect", "provider": "github" });
    let all = app.wait_for_app_events(4).await;
    assert_eq!(all, [login, logout, google, disconnect], "in order, once each");
}

#[tokio::test]
async fn a_browsers_logout_and_disconnect_are_reported_from_their_redirects() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    assert_eq!(app.press("/disconnect/google").await, StatusCode::SEE_OTHER);
    assert_eq!(app.press("/logout").await, StatusCode::SEE_OTHER);
    let kinds: Vec<Value> = app.wait_for_app_events(4).await.into_iter().skip(2).collect();
    let disconnect = json!({ "kind": "disconnect", "provider": "google" });
    assert_eq!(kinds, [disconnect, json!({ "kind": "logout" })]);
}

#[tokio::test]
async fn a_failed_login_and_a_refused_logout_or_disconnect_report_nothing() {
    let app = spawn_app().await;
    let forged = app.get("/auth/github/callback?code=abc&state=forged").await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN, "a failed login");
    let elsewhere = app.browser.post(app.at("/logout")).header(ORIGIN, "https://evil.example");
    let refused = elsewhere.send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "a logout from another site");
    let stranger = app.post("/disconnect/github").await;
    assert_eq!(stranger.status(), StatusCode::UNAUTHORIZED, "a disconnect with no session");
    // The reports are posted in the order of the answers: had any of those been reported,
    // it would come before this login's.
    app.login_ok(Provider::GitHub, "ada").await;
    let login = json!({ "kind": "login", "provider": "github" });
    assert_eq!(app.wait_for_app_events(1).await, [login]);
}

#[tokio::test]
async fn an_app_whose_github_is_not_on_this_machine_reports_nothing() {
    // The real GitHub's API, every other URL the mocks': the app decides from its GitHub API
    // URL alone (`common::app_events::mock_url`, whose tests cover the rule).
    let app =
        spawn_app_with(|config| config.github.api_url = "https://api.github.com".into()).await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    assert_eq!(app.post("/logout").await.status(), StatusCode::OK);
    // The log works (a report posted here is kept) and holds nothing from the app.
    let url = format!("{}/__mock/app-events", app.mocks.github.url());
    let marker = json!({ "kind": "login", "detail": "marker" });
    let posted = reqwest::Client::new().post(url).json(&marker).send().await.unwrap();
    assert_eq!(posted.status(), StatusCode::CREATED);
    assert_eq!(app.app_events().await, [marker]);
}
