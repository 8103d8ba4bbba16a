//! Helpers for the app's tests: the mock providers and the app, each on a free port with a
//! fresh database, and a browser that walks every hop by hand (`testkit`'s).
//!
//! - here: [`spawn_app`] (or [`spawn_app_with`] a configuration of its own) and [`TestApp`],
//!   requests as a browser sends them; from `testkit`, the [`browser`] and small readers of an
//!   answer ([`json`], [`location`], [`set_cookie`], [`cookie_value`]);
//! - [`login`]: logging in through the mocks' sign-in and consent pages;
//! - [`mocks`]: what the mocks recorded (tokens, revocations, events), and faults to arm.
//!
//! A test file uses only some of them (the student edition's `yours.rs` fewer still): those
//! left unused are no warning.
#![allow(dead_code, unused_imports)]

mod login;
mod mocks;

pub use common::Provider;
pub use login::Login;
pub use testkit::{browser, cookie_value, json, location, set_cookie};

use app::Config;
use common::Server;
use mock_providers::config::SeedFile;
use mock_providers::{MockProviders, Options};
use reqwest::header::ORIGIN;
use reqwest::{Response, StatusCode};
use serde_json::Value;
use tokio::net::TcpListener;

/// The app under test, the mocks it talks to, and a browser with a cookie jar.
pub struct TestApp {
    /// Where the app answers: `http://localhost:PORT`, also its `BASE_URL`.
    pub url: String,
    pub config: Config,
    pub mocks: MockProviders,
    /// The browser every helper sends with: see [`browser`].
    pub browser: reqwest::Client,
    /// Stops the app when the test ends.
    _server: Server,
    /// Holds the database file; deleted when the test ends.
    _dir: tempfile::TempDir,
}

/// Starts the mock GitHub and Google, then the app against them, with an empty database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// As [`spawn_app`], with the app's configuration changed first (a provider URL elsewhere).
pub async fn spawn_app_with(change: impl FnOnce(&mut Config)) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://localhost:{}", listener.local_addr().unwrap().port());
    // The mocks' default clients accept this app's callbacks, as if it had registered them:
    // the mock Google, like Google, matches a redirect URI exactly, port included.
    let options = Options { seeds: SeedFile::default().with_app(&url), ..Options::default() };
    let mocks = MockProviders::start_on_free_ports(&options).await.expect("the mocks start");
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("app.db");
    let mut config = Config::mock(&url, database, mocks.github.url(), mocks.google.url());
    change(&mut config);
    let server = app::serve(listener, config.clone()).await.expect("the app starts");
    TestApp { url, config, mocks, browser: browser(), _server: server, _dir: dir }
}

impl TestApp {
    /// The app's URL of `path`.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// `GET path` in the browser.
    pub async fn get(&self, path: &str) -> Response {
        self.browser.get(self.at(path)).send().await.unwrap()
    }

    /// `POST path` in the browser, with the `Origin` a browser sends from the app's own page.
    pub async fn post(&self, path: &str) -> Response {
        self.browser.post(self.at(path)).header(ORIGIN, &self.url).send().await.unwrap()
    }

    /// `GET /me`: its status and JSON.
    pub async fn me(&self) -> (StatusCode, Value) {
        json(self.get("/me").await).await
    }
}
