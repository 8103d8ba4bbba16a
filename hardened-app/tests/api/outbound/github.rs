//! GitHub's calls, pinned: the code exchange, `/user`, `/user/emails`, the revocation.

use base64::Engine;
use reqwest::StatusCode;
use serde_json::json as j;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    UA, app_against, come_back, form_has, github_profile, signed_in_with_github, start_flow,
    verifier_matches,
};
use crate::helpers::{FAST, Provider, json};

#[tokio::test]
async fn github_calls_have_the_exact_shape_and_logout_revokes_nothing() {
    let server = MockServer::start().await;
    let app = app_against(&server, Provider::GitHub).await;
    let redirect_uri = app.config.redirect_uri(Provider::GitHub);
    // The challenge is only known once the flow starts; match the verifier in a closure.
    let q = start_flow(&app, Provider::GitHub).await;
    Mock::given(method("POST"))
        .and(path("/login/oauth/access_token"))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header("user-agent", UA))
        .and(form_has(vec![
            ("client_id", "logout-lab-github".into()),
            ("client_secret", "logout-lab-github-secret".into()),
            ("code", "the-code".into()),
            ("redirect_uri", redirect_uri),
        ]))
        .and(verifier_matches(q["code_challenge"].clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(j!({
            "access_token": "gho_test", "scope": "read:user,user:email", "token_type": "bearer"
        })))
        .expect(1)
        .named("POST /login/oauth/access_token, form, Accept: application/json, PKCE verifier")
        .mount(&server)
        .await;
    github_profile(&server, "octo@example.com").await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .named("no revocation on logout")
        .mount(&server)
        .await;
    let callback = app
        .get(&format!(
            "/auth/github/callback?code=the-code&state={}",
            q["state"]
        ))
        .await;
    assert_eq!(
        callback.status(),
        StatusCode::FOUND,
        "{:?}",
        callback.text().await
    );
    let (_, me) = app.me().await;
    assert_eq!(
        (me["githubId"].as_str(), me["email"].as_str()),
        (Some("42"), Some("octo@example.com"))
    );
    assert_eq!(app.post("/logout").await.status(), StatusCode::OK);
    server.verify().await;
}

#[tokio::test]
async fn github_revocation_has_the_exact_shape() {
    let server = MockServer::start().await;
    let basic = base64::engine::general_purpose::STANDARD
        .encode("logout-lab-github:logout-lab-github-secret");
    Mock::given(method("DELETE"))
        .and(path("/applications/logout-lab-github/token"))
        .and(header("authorization", format!("Basic {basic}").as_str()))
        .and(header("user-agent", UA))
        .and(header("accept", "application/vnd.github+json"))
        .and(header("content-type", "application/json"))
        .and(body_json(j!({ "access_token": "gho_test" })))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .named("DELETE /applications/{client_id}/token, Basic auth, JSON body, User-Agent")
        .mount(&server)
        .await;
    let app = signed_in_with_github(&server, "bob@example.com").await;
    // A second provider (the real Google mock, same verified email), so that GitHub is
    // not the only one.
    app.login_ok(Provider::Google, "bob@example.com").await;
    let (_, me) = app.me().await;
    assert_eq!(
        (me["githubId"].as_str(), me["googleId"].is_string()),
        (Some("42"), true),
        "{me}"
    );
    let (status, body) = json(app.post("/disconnect/github").await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    server.verify().await;
}

#[tokio::test]
async fn github_error_in_a_200_is_a_failed_exchange() {
    let server = MockServer::start().await;
    let app = app_against(&server, Provider::GitHub).await;
    Mock::given(method("POST"))
        .and(path("/login/oauth/access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(j!({
            "error": "bad_verification_code",
            "error_description": "The code passed is incorrect or expired.",
            "error_uri": "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .named("no profile call after a refused exchange")
        .mount(&server)
        .await;
    let (response, _) = come_back(&app, Provider::GitHub, "old").await;
    assert_eq!(
        json(response).await,
        (
            StatusCode::BAD_REQUEST,
            j!({ "error": "GitHub code exchange failed: bad_verification_code (The code passed is incorrect or expired.)" })
        )
    );
    server.verify().await;
}

#[tokio::test]
async fn a_github_404_for_a_token_that_still_works_is_a_refusal_queued_and_not_retried() {
    // GitHub answers 404 to wrong client credentials too (a rotated secret, say): a token that
    // `/user` still accepts was not revoked, and must not be forgotten, nor retried in a loop.
    let server = MockServer::start().await;
    let app = linked_where_revocation_answers_404(&server).await;
    let (status, body) = json(app.post("/disconnect/github").await).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let refusal = "GitHub refused to revoke the token: HTTP 404, yet the token still works: \
                   the client id or secret is wrong";
    assert_eq!(body["revocationError"], refusal, "{body}");
    assert_eq!(body["revocationRefused"], true, "{body}");
    let (_, me) = app.me().await;
    assert!(me["githubId"].is_null(), "unlinked: {me}");
    assert_eq!(me["pendingRevocations"][0]["refused"], refusal, "{me}");
    assert_eq!(me["pendingRevocations"][0]["nextAttemptAtMs"], j!(null));
    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("Revocation refused"), "{page}");
    let pending = app.pending();
    assert_eq!(pending.len(), 1, "a live token is kept: {pending:?}");
    assert_eq!(pending[0].token, "gho_test");

    // Restarted, the app tries a refused revocation once more (its configuration may have
    // been fixed), then leaves it refused: two calls in all, not one per backoff step.
    let app = app.restarted(|c| c.retry = FAST).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while revocations(&server).await < 2 || app.pending()[0].refused.is_none() {
        assert!(std::time::Instant::now() < deadline, "{:?}", app.pending());
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(revocations(&server).await, 2, "not retried while refused");
    assert_eq!(app.pending()[0].attempts, 2);
}

#[tokio::test]
async fn a_404_counts_as_already_revoked_only_when_github_says_so_for_that_token() {
    let server = MockServer::start().await;
    let app = linked_where_revocation_answers_404(&server).await;
    // A 401 that is not GitHub's "Bad credentials" (a proxy's, a fault's) says nothing of the
    // token: it stays queued, to try again.
    let not_github = ResponseTemplate::new(401).set_body_json(j!({"error": "proxy says no"}));
    let bad_credentials = ResponseTemplate::new(401).set_body_json(j!({
        "message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"
    }));
    Mock::given(method("GET"))
        .and(path("/user"))
        .respond_with(not_github)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let (status, body) = json(app.post("/disconnect/github").await).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["revocationRefused"], false, "{body}");
    assert_eq!(app.pending().len(), 1, "kept");

    // Then GitHub says the token is dead: already revoked, and forgotten.
    Mock::given(method("GET"))
        .and(path("/user"))
        .respond_with(bad_credentials)
        .with_priority(1)
        .mount(&server)
        .await;
    let app = app.restarted(|c| c.retry = FAST).await;
    app.queue_drained().await;
    assert!(app.retired().is_empty());
}

/// Bob signed in with GitHub through `server`, whose revocation endpoint answers 404, and
/// with the mock Google, so that GitHub may be disconnected.
async fn linked_where_revocation_answers_404(server: &MockServer) -> crate::helpers::TestApp {
    let app = signed_in_with_github(server, "bob@example.com").await;
    Mock::given(method("DELETE"))
        .and(path("/applications/logout-lab-github/token"))
        .respond_with(ResponseTemplate::new(404).set_body_json(j!({"message": "Not Found"})))
        .mount(server)
        .await;
    app.login_ok(Provider::Google, "bob@example.com").await;
    app
}

/// How many revocation calls the wiremock server received.
async fn revocations(server: &MockServer) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.method.as_str() == "DELETE")
        .count()
}
