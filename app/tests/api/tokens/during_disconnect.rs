//! A login while a disconnect is under way keeps its own token, linked or not forgotten.

use super::*;

#[tokio::test]
async fn a_login_during_a_github_disconnect_keeps_its_new_token_linked() {
    // The mock holds the disconnect's revocation call for 5 s, far more than a login takes
    // and far below the app's provider timeout.
    let app = spawn_app_with(|config| config.provider_timeout = Duration::from_secs(60)).await;
    let t1 = login_token(&app, Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    app.arm_fault(Provider::GitHub, "revoke_token", None, Some(5000));
    let first = disconnect(&app, Provider::GitHub);
    let login = async {
        app.fault_applied(Provider::GitHub).await;
        app.login_ok(Provider::GitHub, "ada").await;
        app.stored_token(Provider::GitHub).unwrap()
    };
    let ((status, body), t2) = tokio::join!(first, login);
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        body["error"],
        "The old GitHub access token was revoked, but GitHub was linked again with a new token during the disconnect: disconnect again to unlink it"
    );
    assert_ne!(t1, t2);
    assert!(
        !app.token_alive(Provider::GitHub, &t1).await,
        "the old one is dead"
    );
    assert!(
        app.token_alive(Provider::GitHub, &t2).await,
        "the new one works"
    );
    assert_eq!(
        app.stored_token(Provider::GitHub).as_deref(),
        Some(t2.as_str())
    );
    let (_, me) = app.me().await;
    assert!(me["githubId"].is_string(), "still linked: {me}");
    assert!(app.retired().is_empty(), "{:?}", app.retired());

    let (status, body) = disconnect(&app, Provider::GitHub).await;
    assert_eq!(status, StatusCode::OK, "disconnecting again: {body}");
    none_alive(&app, Provider::GitHub, "ada").await;
}

#[tokio::test]
async fn a_login_during_a_google_disconnect_keeps_the_link_and_nothing_is_forgotten() {
    let app = spawn_app_with(|config| config.provider_timeout = Duration::from_secs(60)).await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.post("/logout").await;
    let g1 = login_token(&app, Provider::Google, "ada@example.com").await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.arm_fault(Provider::Google, "revoke", None, Some(5000));
    let first = disconnect(&app, Provider::Google);
    let login = async {
        app.fault_applied(Provider::Google).await;
        app.login_ok(Provider::Google, "ada@example.com").await;
        app.stored_token(Provider::Google).unwrap()
    };
    let ((status, body), g2) = tokio::join!(first, login);
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("Google was linked again with a new token"),
        "{body}"
    );
    assert_ne!(g1, g2);
    assert_eq!(
        app.stored_token(Provider::Google).as_deref(),
        Some(g2.as_str())
    );
    // Google ended the whole grant when the held revocation went through, so the new token
    // died with it; disconnecting again finds it already revoked and unlinks.
    let (status, body) = disconnect(&app, Provider::Google).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["alreadyRevoked"], true, "{body}");
    none_alive(&app, Provider::Google, "ada@example.com").await;
    // The row of g1, retired during the disconnect, waits for its expiry.
    assert!(app.retired().iter().all(|r| r.expires_at.is_some()));
}
