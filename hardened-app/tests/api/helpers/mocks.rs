//! What the mocks recorded (revocations, tokens issued, tokens alive), and faults to arm.

use std::time::Duration;

use reqwest::StatusCode;

use super::{Provider, TestApp};

impl TestApp {
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
            .filter(|t| *t.user == *key && t.kind == mock_providers::api::TokenKind::Access)
            .map(|t| (t.issued_seq, t.token.to_string()))
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
            .push(mock_providers::faults::Fault {
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
}
