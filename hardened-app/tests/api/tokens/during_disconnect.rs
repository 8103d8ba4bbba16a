//! A login while a disconnect is under way keeps its own token, linked or not forgotten.

use super::*;

/// Disconnects `via` while the mock holds the revocation call for 5 s, and logs `username`
/// in with `via` again once the call is held; the disconnect's answer and the new token.
async fn login_during_disconnect(
    app: &TestApp,
    via: Provider,
    username: &str,
    revocation: &str,
) -> ((StatusCode, serde_json::Value), String) {
    app.arm_fault(via, revocation, None, Some(5000));
    let login = async {
        app.fault_applied(via).await;
        app.login_ok(via, username).await;
        app.stored_token(via).unwrap()
    };
    tokio::join!(disconnect(app, via), login)
}

#[tokio::test]
async fn a_login_during_a_github_disconnect_keeps_its_new_token_linked() {
    // The mock holds the disconnect's revocation call for 5 s, far more than a login takes
    // and far below the app's provider timeout.
    let app = spawn_app_with(|config| config.provider_timeout = Duration::from_secs(60)).await;
    let t1 = login_token(&app, Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    let ((status, body), t2) =
        login_during_disconnect(&app, Provider::GitHub, "ada", "revoke_token").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        body["error"],
        "The old GitHub access token was revoked, but GitHub was linked again with a new token during the disconnect: disconnect again to unlink it"
    );
    assert_ne!(t1, t2);
    assert!(!app.token_alive(Provider::GitHub, &t1).await, "t1 is dead");
    assert!(app.token_alive(Provider::GitHub, &t2).await, "t2 works");
    assert!(app.holds(Provider::GitHub, &t2), "the app holds t2");
    let (_, me) = app.me().await;
    assert!(me["githubId"].is_string(), "still linked: {me}");
    assert!(app.retired().is_empty(), "{:?}", app.retired());

    let (status, body) = disconnect(&app, Provider::GitHub).await;
    assert_eq!(status, StatusCode::OK, "disconnecting again: {body}");
    none_alive(&app, Provider::GitHub, "ada").await;
}

#[tokio::test]
async fn a_login_during_a_google_disconnect_keeps_no_dead_token_linked() {
    let app = spawn_app_with(|config| config.provider_timeout = Duration::from_secs(60)).await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.post("/logout").await;
    let g1 = login_token(&app, Provider::Google, "ada@example.com").await;
    app.login_ok(Provider::GitHub, "ada").await;
    let ((status, body), g2) =
        login_during_disconnect(&app, Provider::Google, "ada@example.com", "revoke").await;
    assert_ne!(g1, g2);
    // Google ended the whole grant when the held revocation went through, so the new token
    // died with it: the disconnect checks it, unlinks it and says so, rather than answer
    // "disconnect again" with a dead token linked.
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["newerTokensEnded"], 1, "{body}");
    assert!(!app.token_alive(Provider::Google, &g2).await);
    assert_eq!(
        app.stored_token(Provider::Google),
        None,
        "no dead token kept"
    );
    let (_, me) = app.me().await;
    assert!(me["googleId"].is_null(), "unlinked: {me}");
    none_alive(&app, Provider::Google, "ada@example.com").await;
    // The row of g1, retired during the disconnect, waits for its expiry.
    assert!(app.retired().iter().all(|r| r.expires_at.is_some()));
}
