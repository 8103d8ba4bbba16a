//! Linking: a new provider identity joins the existing user with the same email only when
//! both the newcomer's and the existing user's emails are verified.

use reqwest::StatusCode;

use crate::helpers::{TestApp, Via, spawn_app};

async fn me_after_login(app: &TestApp, via: Via, username: &str) -> serde_json::Value {
    app.login_ok(via, username).await;
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.post("/logout").await.status(), StatusCode::OK);
    me
}

#[tokio::test]
async fn a_verified_email_links_github_and_google() {
    let app = spawn_app().await;
    let github = me_after_login(&app, Via::GitHub, "ada").await;
    let google = me_after_login(&app, Via::Google, "ada@example.com").await;
    assert_eq!(google["id"], github["id"], "Ada is one user");
    assert_eq!(google["githubId"], "1000001");
    assert_eq!(google["googleId"], "109876543210987654321");
    let again = me_after_login(&app, Via::GitHub, "ada").await;
    assert_eq!(
        again["googleId"], "109876543210987654321",
        "found by provider id"
    );
}

#[tokio::test]
async fn an_unverified_google_email_does_not_link() {
    let app = spawn_app().await;
    // GitHub verifies grace@example.com; the Google account claims it unverified.
    let github = me_after_login(&app, Via::GitHub, "grace").await;
    let google = me_after_login(&app, Via::Google, "grace@example.com").await;
    assert_ne!(google["id"], github["id"], "unverified email must not link");
    assert_eq!(google["githubId"], serde_json::Value::Null);
    assert_eq!(github["googleId"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_verified_newcomer_does_not_join_an_unverified_user() {
    let app = spawn_app().await;
    // The unverified Google account came first: a verified GitHub identity must not be
    // captured by it.
    let google = me_after_login(&app, Via::Google, "grace@example.com").await;
    let github = me_after_login(&app, Via::GitHub, "grace").await;
    assert_ne!(google["id"], github["id"]);
}

#[tokio::test]
async fn an_unverified_github_primary_email_creates_its_own_user() {
    let app = spawn_app().await;
    let linus = me_after_login(&app, Via::GitHub, "linus").await;
    assert_eq!(linus["githubId"], "1000003");
    assert_eq!(linus["email"], "linus@example.com");
    let bob = me_after_login(&app, Via::Google, "bob@example.com").await;
    assert_ne!(linus["id"], bob["id"]);
}
