//! Telling the mocks' timeline (`/__mock/timeline`) what the app did: in mock mode, each
//! login, logout and disconnect is posted to `Config::timeline` (the mock GitHub's
//! `/__mock/app-events`), with the token it touched, shortened, so an instructor sees the
//! app's side beside both providers' and can tell which token each row is about.
//!
//! Fire and forget: the post runs in its own task with the provider timeout, a failure is
//! logged at debug level, and no answer of the app waits for it or depends on it.

use serde_json::json;

use crate::providers::Provider;
use crate::state::AppState;

/// Reports `kind` (`login`, `logout`, `disconnect`) for `user` (the app's user email or id),
/// at `provider`, naming the `token` it touched (the login's new one, the disconnect's held
/// one), shortened as the pages show it, when a timeline is configured; returns at once.
pub fn report(
    state: &AppState,
    kind: &'static str,
    provider: Option<Provider>,
    user: Option<String>,
    token: Option<&str>,
) {
    let Some(url) = state.config().timeline.clone() else {
        return;
    };
    let token = token.map(common::page::short_token);
    let body = json!({
        "kind": kind,
        "provider": provider.map(Provider::slug),
        "user": user,
        "token": token,
    });
    // The providers' client: it has the provider timeout, for the connection and the answer.
    let http = state.providers.http.clone();
    tokio::spawn(async move {
        let answer = http.post(url.clone()).json(&body).send().await;
        match answer {
            Ok(a) if a.status().is_success() => {}
            Ok(a) => {
                tracing::debug!(%url, status = %a.status(), kind, "the timeline refused an app event")
            }
            Err(error) => {
                tracing::debug!(%url, %error, kind, "could not report an app event to the timeline")
            }
        }
    });
}
