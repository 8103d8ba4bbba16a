//! The servers under fuzzing: one shared tokio runtime, and per server its own app and mocks
//! (from the API tests' helpers), started once and driven by every case of its property.
//! A panic in a server is caught by a panic hook on the runtime's threads, so the case that
//! caused it fails even though axum only drops the connection.

use std::cell::RefCell;
use std::sync::{LazyLock, Mutex, Once};

use reqwest::StatusCode;
use tokio::runtime::Runtime;

use super::strategies::Known;
use crate::helpers::{Provider, TestApp, cookie_value, set_cookie, spawn_app};

/// The name of the runtime's threads: a panic on one of them is a server's.
const SERVER_THREAD: &str = "bad-input-server";

/// One runtime for every property: the servers run on its workers, each property's cases
/// `block_on` it from their own thread.
pub static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    install_panic_hook();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(SERVER_THREAD)
        .enable_all()
        .build()
        .expect("the tokio runtime")
});

static SERVER_PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(SERVER_THREAD) {
                let mut panics = SERVER_PANICS.lock().unwrap_or_else(|e| e.into_inner());
                panics.push(info.to_string());
            }
            default(info);
        }));
    });
}

/// The panics of server threads since the last call.
pub fn server_panics() -> Vec<String> {
    std::mem::take(&mut *SERVER_PANICS.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Stands for the app's live session id in generated input; replaced by the id of the moment
/// when a case is sent (a case that logs out or disconnects gets a new one logged in).
pub const LIVE_SESSION: &str = "LIVESESSIONID";

/// Which server a lab fuzzes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    App,
    GitHub,
    Google,
}

/// A server under fuzzing: the app and its mocks, and what it issued.
pub struct Lab {
    pub which: Which,
    pub test_app: TestApp,
    /// Where generated requests go: the fuzzed server's URL (the app's `BASE_URL`,
    /// `http://localhost:PORT`; a mock's `http://127.0.0.1:PORT`).
    pub base: String,
    pub known: Known,
    /// The app's live session id (the app's lab only).
    pub session: RefCell<String>,
}

impl Lab {
    /// Starts the app and both mocks, signs in with both providers (so routes that need a
    /// session, a provider session or a token get past their first check now and then), and
    /// gathers the values generated requests may use.
    pub async fn start(which: Which) -> Lab {
        let test_app = spawn_app().await;
        let session = sign_in_with_both(&test_app).await;
        let (base, known) = match which {
            Which::App => {
                let port = test_app.server.as_ref().expect("running").addr().port();
                // A browser's pending login: its binding cookie and its state.
                let start = crate::helpers::browser()
                    .get(test_app.at("/auth/github"))
                    .send()
                    .await
                    .unwrap();
                let binding = cookie_value(&set_cookie(&start, "oauth_state").unwrap());
                let state =
                    crate::helpers::query(&crate::helpers::location(&start))["state"].clone();
                let known = Known {
                    values: vec![LIVE_SESSION.into(), binding.clone(), state],
                    cookies: vec![
                        format!("session={LIVE_SESSION}"),
                        format!("oauth_state={binding}"),
                    ],
                };
                // The app's base URL: another host is sent there (`common::host`).
                (format!("http://localhost:{port}"), known)
            }
            Which::GitHub => {
                let mock = &test_app.mocks.github;
                (
                    mock.url().to_string(),
                    mock_known(mock, "user_session").await,
                )
            }
            Which::Google => {
                let mock = &test_app.mocks.google;
                (mock.url().to_string(), mock_known(mock, "SID").await)
            }
        };
        Lab {
            which,
            test_app,
            base,
            known,
            session: RefCell::new(session),
        }
    }

    /// Signs in again after a case ended the live session or unlinked a provider.
    pub async fn restore(&self) {
        *self.session.borrow_mut() = sign_in_with_both(&self.test_app).await;
    }

    /// The faults armed at either mock, as `endpoint: what` (none may ever be).
    pub fn armed_faults(&self) -> Vec<String> {
        [&self.test_app.mocks.github, &self.test_app.mocks.google]
            .iter()
            .flat_map(|mock| {
                let faults = mock.store().lock().faults.clone();
                faults
                    .into_iter()
                    .map(|f| format!("{}: {}", f.endpoint, mock_providers::faults::describe(&f)))
            })
            .collect()
    }
}

/// Logs the lab's browser in with GitHub (`ada`) and links Google (`ada@example.com`);
/// returns the session id.
async fn sign_in_with_both(app: &TestApp) -> String {
    app.login_ok(Provider::GitHub, "ada").await;
    let cookie = app.login_ok(Provider::Google, "ada@example.com").await;
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "signed in: {me}");
    assert!(
        me["githubId"].is_string() && me["googleId"].is_string(),
        "{me}"
    );
    cookie_value(&cookie)
}

/// A mock's live values from its own `/__mock/state`: provider sessions (as `cookie=ID`),
/// their CSRF tokens, tokens and codes.
async fn mock_known(mock: &mock_providers::MockServer, cookie: &str) -> Known {
    let state: serde_json::Value = reqwest::get(format!("{}/__mock/state", mock.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let strings = |list: &str, field: &str| -> Vec<String> {
        state[list]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| item[field].as_str().map(String::from))
            .collect()
    };
    let sessions = strings("sessions", "id");
    let mut values = sessions.clone();
    values.extend(strings("sessions", "csrf"));
    values.extend(strings("tokens", "token"));
    values.extend(strings("codes", "code"));
    assert!(!sessions.is_empty(), "the mock has a provider session");
    Known {
        values,
        cookies: sessions.iter().map(|id| format!("{cookie}={id}")).collect(),
    }
}
