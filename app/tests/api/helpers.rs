//! Shared test helpers: the real mock providers and the app, both on port 0, and a
//! browser-like client that follows every hop by hand and fills in the mocks' forms.

use std::time::Duration;

use app::{Config, Server};
use mock_providers::{MockProviders, Options};
use reqwest::{Response, StatusCode};
use serde_json::Value;
use tokio::net::TcpListener;

/// The app under test, the mocks it talks to, and a browser with a cookie jar.
pub struct TestApp {
    pub server: Server,
    /// The app's public URL, `http://localhost:PORT` (the mocks' default clients register
    /// `localhost` callbacks; GitHub accepts any loopback port).
    pub url: String,
    pub config: Config,
    pub mocks: MockProviders,
    pub browser: reqwest::Client,
    /// Holds the database file; removed when the test ends.
    pub _dir: tempfile::TempDir,
}

pub use app::providers::Provider;

/// Starts the mocks and an app configured with their URLs.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// As [`spawn_app`], letting the test change the configuration first (e.g. point a provider
/// URL at a wiremock server).
pub async fn spawn_app_with(change: impl FnOnce(&mut Config)) -> TestApp {
    let mocks = MockProviders::start_on_free_ports(&Options::default())
        .await
        .expect("mock providers start");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("http://localhost:{port}");
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(
        &url,
        dir.path().join("app.db"),
        mocks.github.url(),
        mocks.google.url(),
    );
    // The production default: no test against the mocks expects a timeout.
    config.provider_timeout = Duration::from_secs(10);
    change(&mut config);
    // Google matches redirect URIs exactly: register this app's port with the default client.
    mocks
        .google
        .store()
        .lock()
        .clients
        .get_mut(&config.google.client_id)
        .expect("the Google mock's default client")
        .redirect_uris
        .push(config.redirect_uri(Provider::Google));
    let server = app::serve(listener, config.clone())
        .await
        .expect("app starts");
    TestApp {
        server,
        url,
        config,
        mocks,
        browser: browser(),
        _dir: dir,
    }
}

/// A client like a browser: a cookie jar, redirects *not* followed, so each hop is seen.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
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

    /// `GET /me` as JSON, with its status.
    pub async fn me(&self) -> (StatusCode, Value) {
        json(self.get("/me").await).await
    }

    /// Logs in at the mock as `username` (GitHub login or Google email) and approves the
    /// consent page if one shows. Returns the app's answer to the callback.
    pub async fn login(&self, via: Provider, username: &str) -> Response {
        self.login_deciding(via, username, true).await
    }

    /// As [`TestApp::login`], but `approve == false` presses Cancel on the consent page.
    pub async fn login_deciding(&self, via: Provider, username: &str, approve: bool) -> Response {
        let start = self.get(&format!("/auth/{}", via.slug())).await;
        assert_eq!(
            start.status(),
            StatusCode::FOUND,
            "GET /auth/{}",
            via.slug()
        );
        let mut url = location(&start);
        for _ in 0..12 {
            if url.starts_with(&self.url) {
                return self.browser.get(&url).send().await.unwrap();
            }
            let response = self.browser.get(&url).send().await.unwrap();
            let status = response.status();
            if status.is_redirection() {
                url = resolve(&url, &location(&response));
                continue;
            }
            let page = response.text().await.unwrap();
            assert_eq!(status, StatusCode::OK, "mock page {url}: {page}");
            let next = if page.contains("action=\"/session\"") {
                let form = [
                    ("login", username.to_string()),
                    ("return_to", hidden_input(&page, "return_to").unwrap()),
                ];
                self.browser.post(resolve(&url, "/session")).form(&form)
            } else if page.contains("action=\"/ServiceLogin\"") {
                let form = [
                    ("email", username.to_string()),
                    ("continue", hidden_input(&page, "continue").unwrap()),
                ];
                self.browser
                    .post(resolve(&url, "/ServiceLogin"))
                    .form(&form)
            } else {
                let action = form_action(&page).unwrap_or_else(|| panic!("no form in {page}"));
                let mut form = hidden_inputs(&page);
                form.push(("authorize".into(), if approve { "1" } else { "0" }.into()));
                self.browser.post(resolve(&url, &action)).form(&form)
            };
            let response = next.send().await.unwrap();
            assert!(
                response.status().is_redirection(),
                "form at {url} answered {}",
                response.status()
            );
            url = resolve(&url, &location(&response));
        }
        panic!("the login did not come back to the app");
    }

    /// Logs in and checks that the app answered 302 to `/` with a session cookie.
    pub async fn login_ok(&self, via: Provider, username: &str) -> String {
        let response = self.login(via, username).await;
        let status = response.status();
        let session = set_cookie(&response, "session");
        let body = if status == StatusCode::FOUND {
            String::new()
        } else {
            response.text().await.unwrap_or_default()
        };
        assert_eq!(
            status,
            StatusCode::FOUND,
            "callback answered {status}: {body}"
        );
        session.expect("the callback sets the session cookie")
    }

    /// The mock's revocation records: (provider, endpoint, token, outcome).
    pub fn revocations(&self) -> Vec<(String, String, Option<String>, String)> {
        let mut all = Vec::new();
        for (name, mock) in [
            ("github", &self.mocks.github),
            ("google", &self.mocks.google),
        ] {
            for r in mock.store().lock().revocations.iter() {
                let outcome = serde_json::to_value(r.outcome).unwrap();
                all.push((
                    name.to_string(),
                    r.endpoint.clone(),
                    r.token.clone(),
                    outcome.as_str().unwrap_or_default().to_string(),
                ));
            }
        }
        all
    }

    /// The access token the app stored for a provider (tests read the database directly).
    pub fn stored_token(&self, via: Provider) -> Option<String> {
        let conn = rusqlite::Connection::open(&self.config.database_path).unwrap();
        conn.query_row(
            "SELECT access_token FROM linked_accounts WHERE provider = ?1",
            [via.slug()],
            |row| row.get(0),
        )
        .ok()
    }

    /// The mock of a provider.
    pub fn mock(&self, via: Provider) -> &mock_providers::MockServer {
        match via {
            Provider::GitHub => &self.mocks.github,
            Provider::Google => &self.mocks.google,
        }
    }

    /// Whether a token still works, asked of the mock itself (GitHub `GET /user`, Google
    /// `GET /v1/userinfo`): 200 alive, 401 dead.
    pub async fn token_alive(&self, via: Provider, token: &str) -> bool {
        let url = match via {
            Provider::GitHub => format!("{}/user", self.mocks.github.url()),
            Provider::Google => format!("{}/v1/userinfo", self.mocks.google.url()),
        };
        let response = reqwest::Client::new()
            .get(url)
            .bearer_auth(token)
            .header("user-agent", "app-tests")
            .send()
            .await
            .unwrap();
        match response.status() {
            StatusCode::OK => true,
            StatusCode::UNAUTHORIZED => false,
            other => panic!("the mock's profile endpoint answered {other}"),
        }
    }

    /// Every access token the mock issued to an account (GitHub login or Google email),
    /// oldest first.
    pub fn issued_tokens(&self, via: Provider, username: &str) -> Vec<String> {
        let inner = self.mock(via).store().lock();
        let key = inner
            .account_by_username(username)
            .unwrap_or_else(|| panic!("no mock account {username}"))
            .key()
            .to_string();
        let mut tokens: Vec<_> = inner
            .tokens
            .values()
            .filter(|t| t.user == key && t.kind == mock_providers::api::TokenKind::Access)
            .map(|t| (t.issued_seq, t.token.clone()))
            .collect();
        tokens.sort();
        tokens.into_iter().map(|(_, token)| token).collect()
    }

    /// The user removes the app in their account settings at the provider: the grant goes
    /// and every token of it dies, and the app is told nothing.
    pub async fn remove_grant_at_provider(&self, via: Provider, username: &str) {
        let client_id = match via {
            Provider::GitHub => &self.config.github.client_id,
            Provider::Google => &self.config.google.client_id,
        };
        let removed = reqwest::Client::new()
            .post(format!("{}/__mock/grants/remove", self.mock(via).url()))
            .json(&serde_json::json!({ "user": username, "client_id": client_id }))
            .send()
            .await
            .unwrap();
        assert_eq!(removed.status(), StatusCode::OK, "the grant was removed");
    }

    /// Arms a fault for the next call of a mock endpoint: answer `status`, after `delay_ms`.
    pub fn arm_fault(
        &self,
        via: Provider,
        endpoint: &str,
        status: Option<u16>,
        delay_ms: Option<u64>,
    ) {
        self.mock(via)
            .store()
            .lock()
            .faults
            .push(mock_providers::api::Fault {
                endpoint: endpoint.into(),
                remaining: 1,
                status,
                delay_ms,
                drop_connection: false,
            });
    }

    /// Waits until a mock has applied a fault (the call it holds has reached it); any fault
    /// counts, so arm only the one to wait for.
    pub async fn fault_applied(&self, via: Provider) {
        for _ in 0..3000 {
            let applied = self
                .mock(via)
                .store()
                .lock()
                .events
                .iter()
                .any(|e| e.kind == mock_providers::api::EventKind::FaultApplied);
            if applied {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the mock never applied the fault");
    }

    /// The rows of `retired_tokens`, oldest first.
    pub fn retired(&self) -> Vec<RetiredRow> {
        let conn = rusqlite::Connection::open(&self.config.database_path).unwrap();
        let mut statement = conn
            .prepare(
                "SELECT provider, user_id, access_token, expires_at, last_error
                 FROM retired_tokens ORDER BY id",
            )
            .unwrap();
        statement
            .query_map([], |row| {
                Ok(RetiredRow {
                    provider: row.get(0)?,
                    user_id: row.get(1)?,
                    token: row.get(2)?,
                    expires_at: row.get(3)?,
                    last_error: row.get(4)?,
                })
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// Runs SQL against the app's database (to expire things without waiting).
    pub fn sql(&self, sql: &str) {
        let conn = rusqlite::Connection::open(&self.config.database_path).unwrap();
        conn.execute_batch(sql).unwrap();
    }
}

/// One row of the app's `retired_tokens` table.
#[derive(Debug, Clone)]
pub struct RetiredRow {
    pub provider: String,
    pub user_id: Option<String>,
    pub token: String,
    pub expires_at: Option<i64>,
    pub last_error: Option<String>,
}

/// Status and JSON body of a response.
pub async fn json(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, value)
}

/// The `Location` header of a response.
pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The whole `Set-Cookie` line for cookie `name`, if the response sets it.
pub fn set_cookie(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The value of a `Set-Cookie` line.
pub fn cookie_value(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap_or_default();
    pair.split_once('=')
        .map(|(_, v)| v)
        .unwrap_or_default()
        .to_string()
}

/// The query parameters of a URL.
pub fn query(url: &str) -> std::collections::HashMap<String, String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

fn resolve(base: &str, target: &str) -> String {
    url::Url::parse(base)
        .unwrap()
        .join(target)
        .unwrap()
        .to_string()
}

/// The `value` of `<input type="hidden" name="NAME" value="...">` in a page.
pub fn hidden_input(html: &str, name: &str) -> Option<String> {
    hidden_inputs(html)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

/// Every hidden input of a page, in order.
pub fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    const OPEN: &str = "<input type=\"hidden\" name=\"";
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        rest = &rest[start + OPEN.len()..];
        let Some(name_end) = rest.find('"') else {
            break;
        };
        let name = &rest[..name_end];
        let after = &rest[name_end..];
        let Some(value_start) = after.strip_prefix("\" value=\"") else {
            continue;
        };
        let Some(value_end) = value_start.find('"') else {
            break;
        };
        found.push((unescape(name), unescape(&value_start[..value_end])));
    }
    found
}

fn form_action(html: &str) -> Option<String> {
    let start = html.find("<form")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let action = tag.split("action=\"").nth(1)?;
    Some(unescape(&action[..action.find('"')?]))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
