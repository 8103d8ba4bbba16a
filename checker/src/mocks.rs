//! The mock providers' inspection API (`/__mock/`), read over HTTP so the checker works the
//! same against in-process mocks and mocks someone started by hand.

use anyhow::{Context, bail};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use crate::client::{Browser, Request};

/// Which provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    GitHub,
    Google,
}

impl Provider {
    pub const BOTH: [Provider; 2] = [Provider::GitHub, Provider::Google];

    /// As in the app's routes: `github`, `google`.
    pub fn slug(self) -> &'static str {
        match self {
            Provider::GitHub => "github",
            Provider::Google => "google",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Provider::GitHub => "GitHub",
            Provider::Google => "Google",
        }
    }

    /// The authorize path on the provider's browser host.
    pub fn authorize_path(self) -> &'static str {
        match self {
            Provider::GitHub => "/login/oauth/authorize",
            Provider::Google => "/o/oauth2/v2/auth",
        }
    }

    /// The name of the sign-in form's field for the account.
    pub fn login_field(self) -> &'static str {
        match self {
            Provider::GitHub => "login",
            Provider::Google => "email",
        }
    }

    /// The provider's own session cookie.
    pub fn session_cookie(self) -> &'static str {
        match self {
            Provider::GitHub => "user_session",
            Provider::Google => "SID",
        }
    }
}

/// One call to a revocation endpoint, as a mock recorded it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Revocation {
    pub seq: u64,
    #[serde(default)]
    pub provider: String,
    /// `METHOD /path` as called.
    pub endpoint: String,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub user: Option<String>,
    /// `accepted` or `rejected`.
    pub outcome: String,
    pub status: u16,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub revoked_tokens: Vec<String>,
}

impl Revocation {
    pub fn accepted(&self) -> bool {
        self.outcome == "accepted"
    }

    /// One line: the call, its outcome, whose token.
    pub fn describe(&self, provider: Provider) -> String {
        let mut line = format!("{} {} ({}", provider.name(), self.endpoint, self.outcome);
        line.push_str(&format!(", HTTP {}", self.status));
        if let Some(reason) = &self.reason {
            line.push_str(&format!(": {reason}"));
        }
        line.push(')');
        if let Some(token) = &self.token {
            line.push_str(&format!(", token {}", short(token)));
        }
        if let Some(user) = &self.user {
            line.push_str(&format!(" of {user}"));
        }
        line
    }
}

/// A token shortened for messages: enough to tell tokens apart, not enough to use one.
pub fn short(token: &str) -> String {
    let head: String = token.chars().take(10).collect();
    if head.len() < token.len() {
        format!("{head}…")
    } else {
        head
    }
}

#[derive(Deserialize)]
struct RevocationLog {
    revocations: Vec<Revocation>,
}

/// A token as `GET /__mock/state` lists it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct TokenInfo {
    pub token: String,
    pub kind: String,
    pub client_id: String,
    pub user: String,
    #[serde(default)]
    pub revoked: Option<Value>,
}

/// One mock's inspection API.
#[derive(Debug, Clone)]
pub struct MockApi {
    pub provider: Provider,
    pub base: Url,
}

impl MockApi {
    pub fn new(provider: Provider, base: &Url) -> MockApi {
        MockApi {
            provider,
            base: base.clone(),
        }
    }

    fn url(&self, path: &str) -> Url {
        self.base.join(path).expect("a valid path")
    }

    async fn get_json(&self, browser: &mut Browser, path: &str) -> anyhow::Result<Value> {
        let response = browser.send(Request::get(self.url(path))).await?;
        if response.status != 200 {
            bail!(
                "the mock {} answered {} to GET {path}",
                self.provider.name(),
                response.describe()
            );
        }
        serde_json::from_str(&response.body)
            .with_context(|| format!("GET {path} at the mock {}: not JSON", self.provider.name()))
    }

    async fn post_json(
        &self,
        browser: &mut Browser,
        path: &str,
        body: Value,
    ) -> anyhow::Result<Value> {
        let mut request = Request::get(self.url(path));
        request.method = "POST";
        request.headers = vec![("Content-Type".into(), "application/json".into())];
        request.body = Some(body.to_string());
        let response = browser.send(request).await?;
        if !(200..300).contains(&response.status) {
            bail!(
                "the mock {} answered {} to POST {path}",
                self.provider.name(),
                response.describe()
            );
        }
        Ok(response.json().unwrap_or(Value::Null))
    }

    /// Every revocation call the mock remembers, oldest first.
    pub async fn revocations(&self, browser: &mut Browser) -> anyhow::Result<Vec<Revocation>> {
        let value = self.get_json(browser, "/__mock/revocations").await?;
        let log: RevocationLog = serde_json::from_value(value).with_context(|| {
            format!(
                "unexpected shape of the mock {}'s /__mock/revocations",
                self.provider.name()
            )
        })?;
        Ok(log.revocations)
    }

    /// The mock's whole state (users, sessions, grants, tokens).
    pub async fn state(&self, browser: &mut Browser) -> anyhow::Result<Value> {
        self.get_json(browser, "/__mock/state").await
    }

    /// Every token the mock issued that it still remembers.
    pub async fn tokens(&self, browser: &mut Browser) -> anyhow::Result<Vec<TokenInfo>> {
        let state = self.state(browser).await?;
        let tokens = match &state["tokens"] {
            Value::Array(items) => items.clone(),
            Value::Object(map) => map.values().cloned().collect(),
            _ => bail!(
                "the mock {}'s /__mock/state has no tokens",
                self.provider.name()
            ),
        };
        tokens
            .into_iter()
            .map(serde_json::from_value)
            .collect::<Result<_, _>>()
            .with_context(|| {
                format!(
                    "unexpected token shape in the mock {}'s state",
                    self.provider.name()
                )
            })
    }

    /// Registers (or adds redirect URIs to) an OAuth client.
    pub async fn register_client(
        &self,
        browser: &mut Browser,
        client_id: &str,
        client_secret: &str,
        redirect_uri: &str,
    ) -> anyhow::Result<()> {
        let body = json!({
            "client_id": client_id,
            "client_secret": client_secret,
            "name": "Logout Lab (registered by the checker)",
            "redirect_uris": [redirect_uri],
        });
        self.post_json(browser, "/__mock/clients", body)
            .await
            .map(drop)
    }

    /// Ends a user's session at the provider, as signing out there would.
    pub async fn end_session(&self, browser: &mut Browser, user: &str) -> anyhow::Result<()> {
        self.post_json(browser, "/__mock/sessions/end", json!({ "user": user }))
            .await
            .map(drop)
    }
}
