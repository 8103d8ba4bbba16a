//! Linking: a new provider identity joins the existing user with the same email only when
//! both the newcomer's and the existing user's emails are verified.

use reqwest::StatusCode;

use crate::helpers::{Provider, TestApp, spawn_app};

async fn me_after_login(app: &TestApp, via: Provider, username: &str) -> serde_json::Value {
    app.login_ok(via, username).await;
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.post("/logout").await.status(), StatusCode::OK);
    me
}

#[tokio::test]
async fn a_verified_email_links_github_and_google() {
    let app = spawn_app().await;
    let github = me_after_login(&app, Provider::GitHub, "ada").await;
    let google = me_after_login(&app, Provider::Google, "ada@example.com").await;
    assert_eq!(google["id"], github["id"], "Ada is one user");
    assert_eq!(google["githubId"], "1000001");
    assert_eq!(google["googleId"], "109876543210987654321");
    let again = me_after_login(&app, Provider::GitHub, "ada").await;
    assert_eq!(
        again["googleId"], "109876543210987654321",
        "found by provider id"
    );
}

#[tokio::test]
async fn an_unverified_google_email_does_not_link() {
    let app = spawn_app().await;
    // GitHub verifies grace@example.com; the Google account claims it unverified.
    let github = me_after_login(&app, Provider::GitHub, "grace").await;
    let google = me_after_login(&app, Provider::Google, "grace@example.com").await;
    assert_ne!(google["id"], github["id"], "unverified email must not link");
    assert_eq!(google["githubId"], serde_json::Value::Null);
    assert_eq!(github["googleId"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_verified_newcomer_does_not_join_an_unverified_user() {
    let app = spawn_app().await;
    // The unverified Google account came first: a verified GitHub identity must not be
    // captured by it.
    let google = me_after_login(&app, Provider::Google, "grace@example.com").await;
    let github = me_after_login(&app, Provider::GitHub, "grace").await;
    assert_ne!(google["id"], github["id"]);
}

/// Adds a Google account whose email is `linus@example.com`, verified by Google: the same
/// address as GitHub's `linus`, whose primary address is *not* verified at GitHub.
fn add_verified_google_linus(app: &TestApp) {
    app.mocks
        .google
        .store()
        .lock()
        .accounts
        .push(mock_providers::api::Account::Google(
            mock_providers::config::GoogleUser {
                sub: "109876543210987654399".into(),
                email: "linus@example.com".into(),
                email_verified: true,
                name: "Linus Verified".into(),
                given_name: None,
                family_name: None,
                picture: None,
            },
        ));
}

#[tokio::test]
async fn an_unverified_github_primary_email_is_not_used_and_does_not_link() {
    // GitHub first: its unverified primary address is not the user's email (the course uses
    // the primary *verified* one), and a verified Google identity with that address does not
    // join it.
    let app = spawn_app().await;
    add_verified_google_linus(&app);
    let linus = me_after_login(&app, Provider::GitHub, "linus").await;
    assert_eq!(linus["githubId"], "1000003");
    assert_eq!(
        linus["email"],
        serde_json::Value::Null,
        "an unverified primary address is not used: {linus}"
    );
    let google = me_after_login(&app, Provider::Google, "linus@example.com").await;
    assert_eq!(google["email"], "linus@example.com");
    assert_ne!(linus["id"], google["id"], "unverified email must not link");
    assert_eq!(google["githubId"], serde_json::Value::Null);

    // Google first: the GitHub identity with the unverified address does not join it.
    let app = spawn_app().await;
    add_verified_google_linus(&app);
    let google = me_after_login(&app, Provider::Google, "linus@example.com").await;
    let linus = me_after_login(&app, Provider::GitHub, "linus").await;
    assert_ne!(linus["id"], google["id"], "unverified email must not link");
    assert_eq!(linus["googleId"], serde_json::Value::Null);
}
