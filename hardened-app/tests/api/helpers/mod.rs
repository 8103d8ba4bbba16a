//! Shared test helpers: the real mock providers and the app, both on port 0, and a
//! browser-like client that follows every hop by hand and fills in the mocks' forms
//! (`testkit`'s [`browser`], with its readers of an answer: [`json`], [`location`],
//! [`set_cookie`], [`cookie_value`], [`query`]).
//!
//! [`login`]: the browser's journey through the mocks' pages; [`mocks`]: what the mocks
//! recorded, and faults to arm; [`database`]: what the app stored.

mod database;
mod login;
mod mocks;
mod queue;

pub use queue::{FAST, PAUSED};
pub use testkit::{browser, cookie_value, json, location, query, set_cookie};

use std::time::Duration;

use hardened_app::{Config, Server};
use mock_providers::{MockProviders, Options};
use reqwest::{Response, StatusCode};
use serde_json::Value;
use tokio::net::TcpListener;

/// The app under test, the mocks it talks to, and a browser with a cookie jar.
pub struct TestApp {
    /// The app in this process; `None` once [`TestApp::stop`]ped (a test may then point
    /// `url` at the app's binary, on the same database).
    pub server: Option<Server>,
    /// The app's public URL, `http://localhost:PORT` (the mocks' default clients register
    /// `localhost` callbacks; GitHub accepts any loopback port).
    pub url: String,
    pub config: Config,
    pub mocks: MockProviders,
    pub browser: reqwest::Client,
    /// Holds the database file; removed when the test ends.
    pub _dir: tempfile::TempDir,
}

pub use common::Provider;

/// Starts the mocks and an app configured with their URLs.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// As [`spawn_app`], letting the test change the configuration first (e.g. point a provider
/// URL at a wiremock server).
pub async fn spawn_app_with(change: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_with_mocks(&Options::default(), change).await
}

/// As [`spawn_app_with`], with the mocks started with `options` (e.g. other seeded accounts).
pub async fn spawn_app_with_mocks(options: &Options, change: impl FnOnce(&mut Config)) -> TestApp {
    let mocks = MockProviders::start_on_free_ports(options)
        .await
        .expect("mock providers start");
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(
        "http://localhost:1",
        dir.path().join("app.db"),
        mocks.github.url(),
        mocks.google.url(),
    );
    // The production default: no test against the mocks expects a timeout.
    config.provider_timeout = Duration::from_secs(10);
    change(&mut config);
    let (server, url, config) = start(&mocks, config).await;
    TestApp {
        server: Some(server),
        url,
        config,
        mocks,
        browser: browser(),
        _dir: dir,
    }
}

/// Serves the app with `config` on a new port of `localhost`, its callback registered with
/// the mock Google (which matches redirect URIs exactly; GitHub accepts any loopback port).
async fn start(mocks: &MockProviders, mut config: Config) -> (Server, String, Config) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("http://localhost:{port}");
    config.base_url = url.parse().unwrap();
    mocks
        .google
        .store()
        .lock()
        .clients
        .get_mut(&config.google.client_id)
        .expect("the Google mock's default client")
        .redirect_uris
        .push(config.redirect_uri(Provider::Google));
    let server = hardened_app::serve(listener, config.clone())
        .await
        .expect("app starts");
    (server, url, config)
}

impl TestApp {
    /// Stops the app and starts it again on the same database (and the same mocks, and
    /// browser: cookies ignore ports), on a new port, with the configuration changed.
    pub async fn restarted(mut self, change: impl FnOnce(&mut Config)) -> TestApp {
        self.stop().await;
        let mut config = self.config;
        change(&mut config);
        let (server, url, config) = start(&self.mocks, config).await;
        TestApp {
            server: Some(server),
            url,
            config,
            ..self
        }
    }

    /// Shuts the in-process app down (the mocks, the browser and the database stay).
    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }
}

impl TestApp {
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.browser.get(self.at(path)).send().await.unwrap()
    }

    pub async fn post(&self, path: &str) -> Response {
        self.browser.post(self.at(path)).send().await.unwrap()
    }

    /// `POST path` as a browser's form sends it, asking for a page (`Accept: text/html`).
    pub async fn post_form(&self, path: &str) -> Response {
        let request = self.browser.post(self.at(path));
        let accept = "text/html,application/xhtml+xml";
        request.header("accept", accept).send().await.unwrap()
    }

    /// `GET /me` as JSON, with its status.
    pub async fn me(&self) -> (StatusCode, Value) {
        json(self.get("/me").await).await
    }
}

/// The message of a JSON error body, `{"error": "..."}`.
pub fn error(body: &Value) -> &str {
    body["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error message: {body}"))
}

/// What a disconnect answered it revoked: `(tokenRevoked, olderTokensRevoked)`.
pub fn revoked(body: &Value) -> (Option<bool>, Option<u64>) {
    (
        body["tokenRevoked"].as_bool(),
        body["olderTokensRevoked"].as_u64(),
    )
}
