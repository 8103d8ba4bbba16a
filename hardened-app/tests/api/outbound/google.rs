//! Google's calls, pinned: the code exchange, userinfo, the revocation.

use reqwest::StatusCode;
use serde_json::json as j;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{answer_in_turn, app_against, come_back, form_has, start_flow, verifier_matches};
use crate::helpers::{FAST, Provider, TestApp, json};

#[tokio::test]
async fn google_calls_have_the_exact_shape_and_logout_revokes_nothing() {
    let server = MockServer::start().await;
    let app = app_against(&server, Provider::Google).await;
    let redirect_uri = app.config.redirect_uri(Provider::Google);
    let q = start_flow(&app, Provider::Google).await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(form_has(vec![
            ("grant_type", "authorization_code".into()),
            ("code", "4/0Acode".into()),
            ("client_id", "logout-lab.apps.googleusercontent.com".into()),
            ("client_secret", "logout-lab-google-secret".into()),
            ("redirect_uri", redirect_uri),
        ]))
        .and(verifier_matches(q["code_challenge"].clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(j!({
            "access_token": "ya29.test", "expires_in": 3599, "token_type": "Bearer",
            "scope": "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile"
        })))
        .expect(1)
        .named("POST /token, form-encoded, grant_type=authorization_code, PKCE verifier")
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/userinfo"))
        .and(header("authorization", "Bearer ya29.test"))
        .respond_with(ResponseTemplate::new(200).set_body_json(j!({
            "sub": "1234", "email": "g@example.com", "email_verified": "true", "name": "G", "picture": "https://example.com/g.png"
        })))
        .expect(1)
        .named("GET /v1/userinfo with Bearer")
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/revoke"))
        .respond_with(ResponseTemplate::new(200).set_body_json(j!({})))
        .expect(0)
        .named("no revocation on logout")
        .mount(&server)
        .await;
    let callback = app
        .get(&format!(
            "/auth/google/callback?code=4/0Acode&state={}",
            q["state"]
        ))
        .await;
    assert_eq!(callback.status(), StatusCode::FOUND);
    let (_, me) = app.me().await;
    assert_eq!(me["googleId"], "1234");
    assert_eq!(app.post("/logout").await.status(), StatusCode::OK);
    server.verify().await;
}

/// Google signed in via wiremock, plus GitHub (the real mock) linked to the same user.
async fn google_and_github(server: &MockServer) -> TestApp {
    let app = app_against(server, Provider::Google).await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(j!({"access_token": "ya29.test", "scope": "openid"})),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/userinfo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(j!({
            "sub": "1234", "email": "ada@example.com", "email_verified": true, "name": "Ada"
        })))
        .mount(server)
        .await;
    let (response, _) = come_back(&app, Provider::Google, "c").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    app.login_ok(Provider::GitHub, "ada").await;
    let (_, me) = app.me().await;
    assert!(
        me["googleId"].is_string() && me["githubId"].is_string(),
        "{me}"
    );
    app
}

#[tokio::test]
async fn google_revocation_has_the_exact_shape() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/revoke"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("token=ya29.test"))
        .respond_with(ResponseTemplate::new(200).set_body_json(j!({})))
        .expect(1)
        .named("POST /revoke, form-encoded token=")
        .mount(&server)
        .await;
    let app = google_and_github(&server).await;
    let (status, body) = json(app.post("/disconnect/google").await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        app.revocations().is_empty(),
        "the GitHub token was not touched"
    );
    server.verify().await;
}

#[tokio::test]
async fn a_failing_google_revocation_is_queued_and_already_revoked_then_counts() {
    let server = MockServer::start().await;
    let expired = j!({"error": "invalid_token", "error_description": "Token expired or revoked"});
    let answers = vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(400).set_body_json(expired),
    ];
    answer_in_turn(&server, "POST", "/revoke", answers).await;
    let app = google_and_github(&server).await;
    let (status, body) = json(app.post("/disconnect/google").await).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(
        body["revocationError"],
        "Google failed to revoke the token: HTTP 503"
    );
    assert_eq!(app.stored_token(Provider::Google), None, "unlinked at once");
    let pending = app.pending();
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0].token, "ya29.test", "kept for the retry");
    assert!(pending[0].expires_at.is_some(), "a Google token expires");

    let app = app.restarted(|c| c.retry = FAST).await;
    app.queue_drained().await;
    assert!(app.retired().is_empty(), "already revoked counts");
}

#[tokio::test]
async fn a_google_refusal_other_than_invalid_token_is_queued_as_refused() {
    let server = MockServer::start().await;
    let refusal = ResponseTemplate::new(401).set_body_json(j!({"error": "unauthorized_client"}));
    answer_in_turn(&server, "POST", "/revoke", vec![refusal]).await;
    let app = google_and_github(&server).await;
    let (status, body) = json(app.post("/disconnect/google").await).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["revocationRefused"], true, "{body}");
    assert_eq!(
        app.pending()[0].refused.as_deref(),
        Some("Google refused to revoke the token: HTTP 401")
    );
}
