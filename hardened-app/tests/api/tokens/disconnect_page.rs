//! What the disconnect page tells a person about each token.

use super::*;

/// A disconnect from a browser: the page's text.
async fn disconnect_page(app: &TestApp, via: Provider) -> String {
    let response = app
        .browser
        .post(app.at(&format!("/disconnect/{}", via.slug())))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_disconnect_page_says_exactly_what_was_revoked() {
    let app = spawn_app().await;
    login_token(&app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    login_token(&app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    login_token(&app, Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    let page = disconnect_page(&app, Provider::GitHub).await;
    assert!(
        page.contains(
            "GitHub disconnected: the access token this app held was revoked at GitHub and \
             deleted here, and so were 2 older tokens from earlier logins. You are still \
             logged in here."
        ),
        "{page}"
    );
    none_alive(&app, Provider::GitHub, "ada").await;

    // Google, with one superseded token: the whole grant ended.
    app.post("/logout").await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.post("/logout").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    let page = disconnect_page(&app, Provider::Google).await;
    assert!(
        page.contains(
            "Google disconnected: the access token this app held was revoked at Google, which \
             ended the whole grant (every token Google issued this app for you, 1 older token \
             from an earlier login among them), and they are deleted here."
        ),
        "{page}"
    );
    none_alive(&app, Provider::Google, "ada@example.com").await;
}

#[tokio::test]
async fn the_disconnect_page_says_when_the_token_was_already_revoked() {
    let app = spawn_app().await;
    let token = login_token(&app, Provider::GitHub, "ada").await;
    app.remove_grant_at_provider(Provider::GitHub, "ada").await;
    assert!(!app.token_alive(Provider::GitHub, &token).await);
    app.login_ok(Provider::Google, "ada@example.com").await;
    let page = disconnect_page(&app, Provider::GitHub).await;
    assert!(
        page.contains(
            "GitHub disconnected: the access token this app held was already revoked at \
             GitHub, and is deleted here. You are still logged in here."
        ),
        "{page}"
    );
    // And in JSON, for the no-token case: a link whose token was never stored.
    app.login_ok(Provider::GitHub, "ada").await;
    app.sql("UPDATE linked_accounts SET access_token = NULL WHERE provider = 'github'");
    let (status, body) = disconnect(&app, Provider::GitHub).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(revoked(&body), (Some(false), Some(0)));
}
