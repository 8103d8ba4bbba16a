//! One user, two providers: a new provider identity links to the user with the same
//! *verified* email; any other makes a new user.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Provider, TestApp, spawn_app};

/// Logs in with GitHub as `github_user`, then with Google as `google_user`: `/me` after each.
async fn github_then_google(app: &TestApp, github_user: &str, google_user: &str) -> (Value, Value) {
    app.login_ok(Provider::GitHub, github_user).await;
    let (status, first) = app.me().await;
    assert_eq!(status, StatusCode::OK);
    app.login_ok(Provider::Google, google_user).await;
    let (status, second) = app.me().await;
    assert_eq!(status, StatusCode::OK);
    (first, second)
}

#[tokio::test]
async fn the_same_verified_email_links_google_to_the_github_user() {
    let app = spawn_app().await;
    let (github, both) = github_then_google(&app, "ada", "ada@example.com").await;
    assert_eq!(both["id"], github["id"], "one user");
    assert_eq!(both["githubId"], json!("1000001"));
    assert_eq!(both["googleId"], json!("109876543210987654321"));
    // Returning by either provider finds the same user.
    app.login_ok(Provider::GitHub, "ada").await;
    assert_eq!(app.me().await.1, both);
}

#[tokio::test]
async fn an_unverified_google_email_does_not_link() {
    let app = spawn_app().await;
    // Grace's address is verified at GitHub, not at Google.
    let (github, google) = github_then_google(&app, "grace", "grace@example.com").await;
    assert_ne!(google["id"], github["id"], "a new user");
    assert_eq!(
        (&google["githubId"], &google["googleId"]),
        (&Value::Null, &json!("109876543210987654322"))
    );
}

#[tokio::test]
async fn another_email_does_not_link() {
    let app = spawn_app().await;
    let (github, google) = github_then_google(&app, "ada", "bob@example.com").await;
    assert_ne!(google["id"], github["id"], "a new user");
    assert_eq!((&google["githubId"], &google["email"]), (&Value::Null, &json!("bob@example.com")));
}
