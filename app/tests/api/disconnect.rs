//! `POST /disconnect/{provider}`: the token the app holds is revoked at the provider, then
//! the provider is unlinked; the session stays. A revocation that fails unlinks nothing.

use mock_providers::api::{EndCause, Outcome, TokenState};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Provider, TestApp, json, spawn_app};

/// Ada, signed in, with GitHub and Google linked to one user (the same verified email).
async fn ada_with_both_providers() -> TestApp {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    let (_, me) = app.me().await;
    assert!(me["githubId"].is_string() && me["googleId"].is_string(), "both linked: {me}");
    app
}

/// Ada's account at `provider`: her GitHub login or her Google email.
fn ada(provider: Provider) -> &'static str {
    match provider {
        Provider::GitHub => "ada",
        Provider::Google => "ada@example.com",
    }
}

/// `/me`'s id of `provider`: `githubId` or `googleId`.
fn id_of(me: &Value, provider: Provider) -> &Value {
    &me[format!("{}Id", provider.slug())]
}

async fn disconnect_revokes_the_token_and_keeps_the_session(provider: Provider) {
    let app = ada_with_both_providers().await;
    let held = app.only_token(provider, ada(provider)).await;

    let answer = json(app.post(&format!("/disconnect/{}", provider.slug())).await).await;
    let message = format!("{provider} disconnected");
    assert_eq!(answer, (StatusCode::OK, json!({ "message": message })));

    let token = app.only_token(provider, ada(provider)).await;
    assert_eq!(token.state, TokenState::Revoked, "dead at {provider}: {token:?}");
    assert_eq!(token.ended.map(|e| e.cause), Some(EndCause::Revoked));
    let calls = app.all_revocations().await;
    assert_eq!(calls.len(), 1, "one revocation call: {calls:?}");
    assert_eq!((calls[0].provider, calls[0].outcome), (provider, Outcome::Accepted));
    assert_eq!(calls[0].token.as_deref(), Some(held.token.as_str()), "of the token the app held");

    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "the session stays");
    assert_eq!(id_of(&me, provider), &Value::Null, "unlinked: {me}");
    assert!(id_of(&me, other(provider)).is_string(), "the other stays linked: {me}");
}

#[tokio::test]
async fn disconnecting_github_revokes_its_token_and_keeps_the_session() {
    disconnect_revokes_the_token_and_keeps_the_session(Provider::GitHub).await;
}

#[tokio::test]
async fn disconnecting_google_revokes_its_token_and_keeps_the_session() {
    disconnect_revokes_the_token_and_keeps_the_session(Provider::Google).await;
}

async fn a_failed_revocation_keeps_the_link_and_the_token(provider: Provider, endpoint: &str) {
    let app = ada_with_both_providers().await;
    app.arm_fault(provider, endpoint, 503).await;

    let (status, body) = json(app.post(&format!("/disconnect/{}", provider.slug())).await).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    let error = body["error"].as_str().unwrap();
    assert!(error.contains(&format!("{provider} is still linked")), "{error}");

    assert!(app.only_token(provider, ada(provider)).await.is_active(), "alive at {provider}");
    let calls = app.revocations(provider).await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!((calls[0].outcome, calls[0].status), (Outcome::Rejected, 503));
    let (_, me) = app.me().await;
    assert!(id_of(&me, provider).is_string(), "still linked: {me}");
    // The app still holds the token: its live profile still works.
    assert_eq!(app.get(&format!("/me/{}", provider.slug())).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_failed_github_revocation_keeps_the_link_and_the_token() {
    a_failed_revocation_keeps_the_link_and_the_token(Provider::GitHub, "revoke_token").await;
}

#[tokio::test]
async fn a_failed_google_revocation_keeps_the_link_and_the_token() {
    a_failed_revocation_keeps_the_link_and_the_token(Provider::Google, "revoke").await;
}

async fn a_token_revoked_elsewhere_is_unlinked_anyway(provider: Provider) {
    let app = ada_with_both_providers().await;
    app.remove_grant_at_provider(provider, ada(provider)).await;

    let answer = json(app.post(&format!("/disconnect/{}", provider.slug())).await).await;
    let message = format!("{provider} disconnected");
    assert_eq!(answer, (StatusCode::OK, json!({ "message": message })));
    let (_, me) = app.me().await;
    assert_eq!(id_of(&me, provider), &Value::Null, "unlinked: {me}");
    // The app tried, and the provider said there was nothing left to revoke.
    let calls = app.revocations(provider).await;
    let refused: Vec<_> = calls.iter().map(|c| (c.outcome, c.reason.as_deref())).collect();
    assert_eq!(refused, [(Outcome::Rejected, Some("token already revoked"))]);
}

#[tokio::test]
async fn a_github_token_revoked_elsewhere_is_unlinked_anyway() {
    a_token_revoked_elsewhere_is_unlinked_anyway(Provider::GitHub).await;
}

#[tokio::test]
async fn a_google_token_revoked_elsewhere_is_unlinked_anyway() {
    a_token_revoked_elsewhere_is_unlinked_anyway(Provider::Google).await;
}

#[tokio::test]
async fn disconnecting_a_provider_not_linked_is_404_and_the_only_one_409() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    let expected = json!({ "error": "Google is not linked to your account" });
    assert_eq!(json(app.post("/disconnect/google").await).await, (StatusCode::NOT_FOUND, expected));
    let (status, body) = json(app.post("/disconnect/github").await).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["error"].as_str().unwrap().starts_with("GitHub is the only way you log in"));
    assert_eq!(app.all_revocations().await, [], "nothing revoked");
    assert!(app.only_token(Provider::GitHub, "ada").await.is_active());
}

#[tokio::test]
async fn a_cross_site_disconnect_is_refused_and_revokes_nothing() {
    let app = ada_with_both_providers().await;
    let request = app.browser.post(app.at("/disconnect/github"));
    let answer = request.header("origin", "https://evil.example").send().await.unwrap();
    let (status, body) = json(answer).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["error"].as_str().unwrap().starts_with("Cross-site request refused"), "{body}");
    assert_eq!(app.all_revocations().await, [], "nothing revoked");
    assert!(app.me().await.1["githubId"].is_string(), "still linked");
}

#[tokio::test]
async fn disconnecting_needs_a_session() {
    let app = spawn_app().await;
    let expected = json!({ "error": "Unauthorized" });
    assert_eq!(
        json(app.post("/disconnect/github").await).await,
        (StatusCode::UNAUTHORIZED, expected)
    );
}

fn other(provider: Provider) -> Provider {
    match provider {
        Provider::GitHub => Provider::Google,
        Provider::Google => Provider::GitHub,
    }
}
