//! Reporting to the mocks' timeline (`Config::timeline`): a login, a logout and a
//! disconnect each reach the mock's `/__mock/app-events`, naming the token they touched,
//! shortened, and a disconnect during an outage that its revocation is queued; with no
//! timeline nothing is posted; a timeline that refuses or never answers neither slows nor
//! fails the app.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;
use tokio::net::TcpListener;

use crate::helpers::{PAUSED, Provider, TestApp, spawn_app_with};

/// How long a report may take to arrive before the test fails.
const PATIENCE: Duration = Duration::from_secs(10);

/// A token as the app's pages and reports show it: 10 characters and `…`.
fn short(token: &str) -> String {
    format!("{}…", token.chars().take(10).collect::<String>())
}

/// An app whose timeline is the mock GitHub's `/__mock/app-events`, as in mock mode, with
/// `change` made to its configuration.
async fn reporting_app(change: impl FnOnce(&mut hardened_app::Config)) -> TestApp {
    spawn_app_with(|config| {
        let home = config.provider_home(Provider::GitHub);
        config.timeline = Some(format!("{home}__mock/app-events").parse().unwrap());
        change(config);
    })
    .await
}

impl TestApp {
    /// `GET /__mock/app-events` at the mock GitHub.
    async fn app_events(&self) -> Vec<Value> {
        let url = format!("{}/__mock/app-events", self.mocks.github.url());
        let answer = reqwest::get(url).await.unwrap();
        answer.json().await.unwrap()
    }

    /// Polls the mock until it lists an app event of `kind` (and `provider`, when given);
    /// fails once [`PATIENCE`] has passed.
    async fn wait_for_app_event(&self, kind: &str, provider: Option<&str>) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let events = self.app_events().await;
            let found = events
                .into_iter()
                .find(|e| e["kind"] == kind && provider.is_none_or(|p| e["provider"] == p));
            if let Some(event) = found {
                return event;
            }
            assert!(
                Instant::now() < deadline,
                "no app event `{kind}` within {PATIENCE:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn a_login_a_logout_and_a_disconnect_reach_the_timeline() {
    let app = reporting_app(|_| {}).await;
    app.login_ok(Provider::GitHub, "ada").await;
    let login = app.wait_for_app_event("login", Some("github")).await;
    assert_eq!(login["user"], "ada@example.com", "{login}");
    // Each names the token it touched, shortened as the pages show it.
    let github = app.stored_token(Provider::GitHub).unwrap();
    assert_eq!(login["token"], short(&github), "{login}");
    assert_eq!(app.post("/logout").await.status(), StatusCode::OK);
    let logout = app.wait_for_app_event("logout", None).await;
    assert_eq!(logout["user"], "ada@example.com", "{logout}");
    assert_eq!(
        logout.get("token"),
        None,
        "a logout touches no token: {logout}"
    );
    app.login_ok(Provider::Google, "ada@example.com").await;
    let google = app.wait_for_app_event("login", Some("google")).await;
    let google_token = app.stored_token(Provider::Google).unwrap();
    assert_eq!(google["token"], short(&google_token), "{google}");
    let answer = app.post("/disconnect/github").await;
    assert_eq!(answer.status(), StatusCode::OK);
    let disconnect = app.wait_for_app_event("disconnect", Some("github")).await;
    assert_eq!(disconnect["user"], "ada@example.com", "{disconnect}");
    assert_eq!(
        disconnect["token"],
        short(&github),
        "the token revoked: {disconnect}"
    );
    let kinds: Vec<Value> = app
        .app_events()
        .await
        .iter()
        .map(|e| e["kind"].clone())
        .collect();
    assert_eq!(
        kinds,
        ["login", "logout", "login", "disconnect"],
        "in order, once each"
    );
}

#[tokio::test]
async fn a_disconnect_during_an_outage_says_its_revocation_is_queued() {
    let app = reporting_app(|config| config.retry = PAUSED).await;
    app.login_ok(Provider::GitHub, "ada").await;
    let github = app.stored_token(Provider::GitHub).unwrap();
    app.login_ok(Provider::Google, "ada@example.com").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    let answer = app.post("/disconnect/github").await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    let disconnect = app.wait_for_app_event("disconnect", Some("github")).await;
    assert_eq!(disconnect["user"], "ada@example.com", "{disconnect}");
    assert_eq!(disconnect["token"], short(&github), "{disconnect}");
    assert_eq!(disconnect["detail"], "revocation queued", "{disconnect}");
}

#[tokio::test]
async fn with_no_timeline_nothing_is_posted() {
    let app = spawn_app_with(|config| config.timeline = None).await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.post("/logout").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    assert_eq!(
        app.post("/disconnect/google").await.status(),
        StatusCode::OK
    );
    // The log works (a marker posted here is kept) and holds nothing from the app.
    let url = format!("{}/__mock/app-events", app.mocks.github.url());
    let marker = serde_json::json!({"kind": "login", "detail": "marker"});
    let posted = reqwest::Client::new()
        .post(&url)
        .json(&marker)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::CREATED);
    let events = app.app_events().await;
    assert_eq!(events.len(), 1, "only the marker: {events:?}");
    assert!(
        app.mocks.google.app_events().all().len() == 1,
        "one log for both mocks"
    );
}

#[tokio::test]
async fn a_timeline_that_refuses_or_never_answers_does_not_slow_the_app() {
    // Accepts connections (the kernel's backlog) and never answers a byte.
    let silent = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_url = format!("http://{}/__mock/app-events", silent.local_addr().unwrap());
    for timeline in ["http://127.0.0.1:1/__mock/app-events", silent_url.as_str()] {
        let url = timeline.parse().unwrap();
        let app = spawn_app_with(|config| {
            config.timeline = Some(url);
            config.provider_timeout = Duration::from_secs(30);
        })
        .await;
        app.login_ok(Provider::GitHub, "ada").await;
        let started = Instant::now();
        let answer = app.post("/logout").await;
        let took = started.elapsed();
        assert_eq!(answer.status(), StatusCode::OK, "{timeline}");
        assert!(
            took < Duration::from_secs(5),
            "logout took {took:?} with {timeline}"
        );
        let (status, _) = app.me().await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "logged out with {timeline}"
        );
    }
    drop(silent);
}
