//! Token hygiene, judged by what is alive at the provider: every token the mock issued is
//! asked of the mock itself (GitHub `GET /user`, Google `GET /v1/userinfo`).
//!
//! GitHub keeps every token of every login alive, so a re-login's superseded token is
//! revoked, or kept in `retired_tokens` while it cannot be; a GitHub disconnect leaves none
//! alive. A superseded Google token is never revoked (it would end the grant, the new token
//! included); a Google disconnect ends the grant and the retired rows with it. A GitHub login
//! that fails after its exchange revokes its token; a Google one keeps it until it expires. A
//! login during a disconnect keeps its token. A disconnect during an outage unlinks at once
//! and leaves the revocation to the queue.

mod binary;
mod disconnect_page;
mod during_disconnect;
mod failed_login;
mod in_flight;
mod outage;
mod relogin;
mod unreadable;

use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::{FAST, PAUSED, Provider, TestApp, json, revoked, spawn_app, spawn_app_with};

/// Logs in, returns the token the app then stores, and logs out.
async fn login_token(app: &TestApp, via: Provider, username: &str) -> String {
    app.login_ok(via, username).await;
    let token = app.stored_token(via).expect("a stored token");
    assert_eq!(app.post("/logout").await.status(), StatusCode::OK);
    token
}

/// The signed-in user's id.
async fn user_id(app: &TestApp) -> String {
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "{me}");
    me["id"].as_str().unwrap().to_string()
}

/// (token, outcome) of every revocation call a mock recorded, in order.
fn revoked_at(app: &TestApp, via: Provider) -> Vec<(String, String)> {
    app.revocations()
        .into_iter()
        .filter(|(provider, ..)| provider == via.slug())
        .map(|(_, _, token, outcome)| (token.unwrap_or_default(), outcome))
        .collect()
}

fn accepted(tokens: &[&String]) -> Vec<(String, String)> {
    tokens
        .iter()
        .map(|t| (t.to_string(), "accepted".to_string()))
        .collect()
}

/// Asserts that none of the tokens the mock issued to `username` still works.
async fn none_alive(app: &TestApp, via: Provider, username: &str) {
    let issued = app.issued_tokens(via, username);
    assert!(!issued.is_empty(), "the mock issued tokens to {username}");
    for (i, token) in issued.iter().enumerate() {
        assert!(
            !app.token_alive(via, token).await,
            "token {} of {} issued to {username} is still alive",
            i + 1,
            issued.len()
        );
    }
}

/// The one token the mock issued to `username` since `before` was listed.
fn newly_issued(app: &TestApp, via: Provider, username: &str, before: &[String]) -> String {
    let new: Vec<_> = app
        .issued_tokens(via, username)
        .into_iter()
        .filter(|t| !before.contains(t))
        .collect();
    assert_eq!(new.len(), 1, "one new token: {new:?}");
    new[0].clone()
}

async fn disconnect(app: &TestApp, via: Provider) -> (StatusCode, serde_json::Value) {
    json(app.post(&format!("/disconnect/{}", via.slug())).await).await
}
