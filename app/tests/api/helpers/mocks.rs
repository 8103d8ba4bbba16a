//! What the mocks recorded, read through their inspection API (`/__mock/`, the same JSON a
//! `curl` shows), and what a test does to them: arm a fault, remove a grant.

use mock_providers::api::TokensDoc;
use mock_providers::api::{EventsDoc, RevocationRecord, RevocationsDoc, TokenKind, TokenRecord};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::{Provider, TestApp};

impl TestApp {
    /// The base URL of a provider's mock.
    pub fn mock_url(&self, provider: Provider) -> &str {
        match provider {
            Provider::GitHub => self.mocks.github.url(),
            Provider::Google => self.mocks.google.url(),
        }
    }

    /// `GET {mock}/__mock/{path}`, read as `T`.
    async fn inspect<T: DeserializeOwned>(&self, provider: Provider, path: &str) -> T {
        let url = format!("{}/__mock/{path}", self.mock_url(provider));
        let response = reqwest::get(&url).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "GET {url}");
        response.json().await.unwrap()
    }

    /// `POST {mock}/__mock/{path}` with a JSON body; the mock must accept it.
    async fn act(&self, provider: Provider, path: &str, body: Value) {
        let url = format!("{}/__mock/{path}", self.mock_url(provider));
        let response = reqwest::Client::new().post(&url).json(&body).send().await.unwrap();
        assert!(response.status().is_success(), "POST {url} {body}: {}", response.status());
    }

    /// Every revocation call the provider received, accepted or refused, oldest first.
    pub async fn revocations(&self, provider: Provider) -> Vec<RevocationRecord> {
        self.inspect::<RevocationsDoc>(provider, "revocations").await.revocations
    }

    /// The revocation calls both providers received.
    pub async fn all_revocations(&self) -> Vec<RevocationRecord> {
        let mut all = self.revocations(Provider::GitHub).await;
        all.extend(self.revocations(Provider::Google).await);
        all
    }

    /// The access tokens the provider issued to `user`, oldest first, each with its state.
    pub async fn tokens(&self, provider: Provider, user: &str) -> Vec<TokenRecord> {
        let doc: TokensDoc = self.inspect(provider, &format!("tokens?user={user}")).await;
        doc.tokens.into_iter().filter(|t| t.kind == TokenKind::Access).collect()
    }

    /// The token the app holds for `user` after one login: the only one the provider issued.
    pub async fn only_token(&self, provider: Provider, user: &str) -> TokenRecord {
        let mut tokens = self.tokens(provider, user).await;
        assert_eq!(tokens.len(), 1, "one token issued to {user}: {tokens:?}");
        tokens.remove(0)
    }

    /// How many events of `kind` (`code_exchanged`, `code_refused`...) the provider logged.
    pub async fn count_events(&self, provider: Provider, kind: &str) -> usize {
        self.inspect::<EventsDoc>(provider, &format!("events?kind={kind}")).await.events.len()
    }

    /// Makes the next call of a mock endpoint (`revoke_token`, `revoke`...) answer `status`.
    pub async fn arm_fault(&self, provider: Provider, endpoint: &str, status: u16) {
        let fault = json!({ "endpoint": endpoint, "count": 1, "status": status });
        self.act(provider, "faults", fault).await;
    }

    /// `user` removes the app at the provider (GitHub's *Authorized OAuth Apps*, Google's
    /// *Third-party access*): every token of the grant dies, and the app is told nothing.
    pub async fn remove_grant_at_provider(&self, provider: Provider, user: &str) {
        let client_id = &self.config.at_provider(provider).client_id;
        let body = json!({ "user": user, "client_id": client_id });
        self.act(provider, "grants/remove", body).await;
    }
}
