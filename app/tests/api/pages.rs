//! The home page (the two layers, with Log out and Disconnect) and the live profile the app
//! keeps its token for.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{Provider, json, spawn_app};

#[tokio::test]
async fn the_home_page_signed_out_offers_both_logins() {
    let app = spawn_app().await;
    let page = app.get("/").await.text().await.unwrap();
    assert!(
        page.contains("href=\"/auth/github\"") && page.contains("href=\"/auth/google\""),
        "{page}"
    );
    assert!(!page.contains("action=\"/logout\""), "no Log out without a session: {page}");
}

#[tokio::test]
async fn the_home_page_signed_in_shows_the_token_shortened_and_the_buttons() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    let token = app.only_token(Provider::GitHub, "ada").await.token;
    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("Ada Lovelace") && page.contains("action=\"/logout\""), "{page}");
    let short: String = token.chars().take(10).collect();
    assert!(page.contains(&format!("<code>{short}…</code>")), "{short}… in {page}");
    assert!(!page.contains(&token), "never the whole token");
    // GitHub is the only way in: no Disconnect button for it yet.
    assert!(
        !page.contains("action=\"/disconnect/github\"") && page.contains("Link Google"),
        "{page}"
    );
    assert!(page.contains("It is your only way to log in here"), "{page}");

    app.login_ok(Provider::Google, "ada@example.com").await;
    let page = app.get("/").await.text().await.unwrap();
    let both = ["action=\"/disconnect/github\"", "action=\"/disconnect/google\""];
    assert!(both.iter().all(|b| page.contains(b)) && !page.contains("Link "), "{page}");
    let google = app.only_token(Provider::Google, "ada@example.com").await.token;
    assert!(!page.contains(&token) && !page.contains(&google), "never a whole token");
}

#[tokio::test]
async fn the_live_profile_is_the_providers_answer_and_404_when_not_linked() {
    let app = spawn_app().await;
    let unauthorized = (StatusCode::UNAUTHORIZED, json!({ "error": "Unauthorized" }));
    assert_eq!(json(app.get("/me/github").await).await, unauthorized);
    app.login_ok(Provider::GitHub, "ada").await;
    let (status, profile) = json(app.get("/me/github").await).await;
    assert_eq!(
        (status, &profile["login"], &profile["id"]),
        (StatusCode::OK, &json!("ada"), &json!(1000001))
    );
    let not_linked =
        (StatusCode::NOT_FOUND, json!({ "error": "Google is not linked to your account" }));
    assert_eq!(json(app.get("/me/google").await).await, not_linked);
}
