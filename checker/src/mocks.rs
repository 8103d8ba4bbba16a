//! The mock providers' inspection API (`/__mock/`), read over HTTP through the typed
//! documents of `mock_providers::api`, so the checker works the same against in-process mocks
//! and mocks someone started by hand.

use std::time::Duration;

use anyhow::{Context, bail};
use common::Provider;
use mock_providers::api::{
    Client, ClientsDoc, EventsDoc, RevocationRecord, StateDoc, TokenRecord, TokensDoc,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use url::Url;

use crate::client::{Browser, Request};

/// What the checker needs to know of each provider's pages, beside the mocks' API (and the
/// paths of `common::Provider`; the sign-in form's field is `testkit::walk::login_field`).
pub trait ProviderPages {
    /// The provider's own session cookie.
    fn session_cookie(self) -> &'static str;
    /// `githubId` or `googleId`, as the course's `/me` names the link.
    fn id_field(self) -> &'static str;
}

impl ProviderPages for Provider {
    fn session_cookie(self) -> &'static str {
        match self {
            Provider::GitHub => "user_session",
            Provider::Google => "SID",
        }
    }

    fn id_field(self) -> &'static str {
        match self {
            Provider::GitHub => "githubId",
            Provider::Google => "googleId",
        }
    }
}

/// One line for a revocation call: the call, its number, its outcome, and the token it
/// named (shortened).
pub fn describe_call(call: &RevocationRecord) -> String {
    let outcome = if call.accepted() {
        "accepted"
    } else {
        "refused"
    };
    let mut line = format!(
        "{} {} (call #{}, {outcome}, HTTP {}",
        call.provider.name(),
        call.endpoint,
        call.seq,
        call.status
    );
    if let Some(reason) = &call.reason {
        line.push_str(&format!(": {reason}"));
    }
    line.push(')');
    if let Some(token) = &call.token {
        line.push_str(&format!(" naming {}", short(token)));
    }
    line
}

/// A token as messages name it: shortened, its owner, and when it was issued.
pub fn describe_token(token: &TokenRecord) -> String {
    let owner = token.username.as_deref().unwrap_or(&token.user);
    format!(
        "{} of {owner} (issued #{})",
        short(&token.token),
        token.issued_seq
    )
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

/// Whether the events come with each call the mock kept in full
/// ([`EventRecord::exchange`](mock_providers::api::EventRecord::exchange)): only a report
/// that opens the app's calls (`--html`) shows them; a run that only judges reads far less
/// without them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Calls {
    #[default]
    LeftOut,
    InFull,
}

impl Calls {
    /// What the events' query says of it.
    fn query(self) -> &'static str {
        match self {
            Calls::LeftOut => "&exchange=0",
            Calls::InFull => "",
        }
    }
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

    /// `GET path` answered 200 with a document of type `T`.
    async fn get<T: DeserializeOwned>(
        &self,
        browser: &mut Browser,
        path: &str,
    ) -> anyhow::Result<T> {
        let name = self.provider.name();
        let response = browser.send(Request::get(self.url(path))).await?;
        if response.status != 200 {
            bail!(
                "the mock {name} answered {} to GET {path}",
                response.describe()
            );
        }
        serde_json::from_str(&response.body)
            .with_context(|| format!("unexpected answer of the mock {name} to GET {path}"))
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

    /// The events after `since`, and the sequence number the next one will get.
    pub async fn events(
        &self,
        browser: &mut Browser,
        since: u64,
        calls: Calls,
    ) -> anyhow::Result<EventsDoc> {
        let path = format!("/__mock/events?since={since}{}", calls.query());
        self.get(browser, &path).await
    }

    /// The events after `since`, once the mock has logged none for `quiet` (at most ten
    /// times as long: `quiet_ms`).
    pub async fn events_once_quiet(
        &self,
        browser: &mut Browser,
        since: u64,
        quiet: Duration,
        calls: Calls,
    ) -> anyhow::Result<EventsDoc> {
        let ms = quiet.as_millis();
        let path = format!(
            "/__mock/events?since={since}&quiet_ms={ms}{}",
            calls.query()
        );
        self.get(browser, &path).await
    }

    /// The sequence number the next event will get.
    pub async fn next_seq(&self, browser: &mut Browser) -> anyhow::Result<u64> {
        let doc = self.events(browser, u64::MAX, Calls::LeftOut).await?;
        Ok(doc.next_seq)
    }

    /// The tokens of one user (a login or an email), in the order they were issued.
    pub async fn tokens(
        &self,
        browser: &mut Browser,
        user: &str,
    ) -> anyhow::Result<Vec<TokenRecord>> {
        let mut url = self.url("/__mock/tokens");
        url.query_pairs_mut().append_pair("user", user);
        let path = format!("/__mock/tokens?{}", url.query().unwrap_or_default());
        let doc: TokensDoc = self.get(browser, &path).await?;
        Ok(doc.tokens)
    }

    /// The OAuth clients the mock knows.
    pub async fn clients(&self, browser: &mut Browser) -> anyhow::Result<Vec<Client>> {
        let doc: ClientsDoc = self.get(browser, "/__mock/clients").await?;
        Ok(doc.clients)
    }

    /// The mock's whole state (users, sessions, grants, tokens).
    pub async fn state(&self, browser: &mut Browser) -> anyhow::Result<StateDoc> {
        self.get(browser, "/__mock/state").await
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

    /// The next `count` calls of `endpoint` answer `status`: the provider is down there.
    pub async fn arm_fault(
        &self,
        browser: &mut Browser,
        endpoint: &str,
        count: u32,
        status: u16,
    ) -> anyhow::Result<()> {
        let body = json!({ "endpoint": endpoint, "count": count, "status": status });
        self.post_json(browser, "/__mock/faults", body)
            .await
            .map(drop)
    }

    /// Disarms every fault: the provider is back.
    pub async fn clear_faults(&self, browser: &mut Browser) -> anyhow::Result<()> {
        let mut request = Request::get(self.url("/__mock/faults"));
        request.method = "DELETE";
        let response = browser.send(request).await?;
        if response.status != 200 {
            bail!(
                "the mock {} answered {} to DELETE /__mock/faults",
                self.provider.name(),
                response.describe()
            );
        }
        Ok(())
    }

    /// Ends a user's session at the provider, as signing out there would.
    pub async fn end_session(&self, browser: &mut Browser, user: &str) -> anyhow::Result<()> {
        self.post_json(browser, "/__mock/sessions/end", json!({ "user": user }))
            .await
            .map(drop)
    }
}
