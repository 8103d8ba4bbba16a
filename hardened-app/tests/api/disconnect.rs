//! Disconnect, for both providers: the live profile works with the stored token; disconnect
//! revokes exactly that token once (the mock records it as accepted); the token is dead
//! afterwards; the session stays; the only provider cannot be disconnected (409).

use reqwest::StatusCode;

use std::time::Duration;

use crate::helpers::{Provider, TestApp, error, json, spawn_app, spawn_app_with};

/// Ada, linked to both providers, signed in with the last one.
async fn ada_with_both(first: Provider) -> TestApp {
    link_ada_to_both(spawn_app().await, first).await
}

async fn link_ada_to_both(app: TestApp, first: Provider) -> TestApp {
    let (a, b) = match first {
        Provider::GitHub => (
            (Provider::GitHub, "ada"),
            (Provider::Google, "ada@example.com"),
        ),
        Provider::Google => (
            (Provider::Google, "ada@example.com"),
            (Provider::GitHub, "ada"),
        ),
    };
    app.login_ok(a.0, a.1).await;
    app.post("/logout").await;
    app.login_ok(b.0, b.1).await;
    let (_, me) = app.me().await;
    assert!(
        me["githubId"].is_string() && me["googleId"].is_string(),
        "{me}"
    );
    app
}

async fn disconnect_revokes_that_token_once(via: Provider, other: Provider) {
    let app = ada_with_both(other).await;
    let (status, live) = json(app.get(&format!("/me/{}", via.slug())).await).await;
    assert_eq!(status, StatusCode::OK, "live profile: {live}");
    assert_eq!(live["provider"], via.slug());
    let token = app.stored_token(via).unwrap();
    assert!(app.token_alive(via, &token).await);
    assert!(
        app.revocations().is_empty(),
        "nothing revoked before disconnect"
    );

    let (status, body) = json(app.post(&format!("/disconnect/{}", via.slug())).await).await;
    assert_eq!(status, StatusCode::OK, "disconnect: {body}");
    assert_eq!(body["tokenRevoked"], true);

    let revocations = app.revocations();
    assert_eq!(
        revocations.len(),
        1,
        "exactly one revocation call: {revocations:?}"
    );
    let (provider, _, revoked, outcome) = &revocations[0];
    assert_eq!(provider, via.slug());
    assert_eq!(revoked.as_deref(), Some(token.as_str()), "that very token");
    assert_eq!(outcome, "accepted");
    assert!(!app.token_alive(via, &token).await, "the token is dead");
    assert_eq!(app.stored_token(via), None, "the token is forgotten");

    let (status, body) = json(app.get(&format!("/me/{}", via.slug())).await).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "live profile after disconnect: {body}"
    );
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "disconnecting is not logging out");
    let field = match via {
        Provider::GitHub => "githubId",
        Provider::Google => "googleId",
    };
    assert_eq!(me[field], serde_json::Value::Null, "unlinked: {me}");

    // The remaining provider is the only one now.
    let (status, body) = json(app.post(&format!("/disconnect/{}", other.slug())).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(error(&body).contains("only provider"), "{body}");
    assert_eq!(
        app.revocations().len(),
        1,
        "the refused disconnect revoked nothing"
    );
}

#[tokio::test]
async fn disconnect_github_revokes_that_token_once() {
    disconnect_revokes_that_token_once(Provider::GitHub, Provider::Google).await;
}

#[tokio::test]
async fn disconnect_google_revokes_that_token_once() {
    disconnect_revokes_that_token_once(Provider::Google, Provider::GitHub).await;
}

#[tokio::test]
async fn the_only_provider_cannot_be_disconnected() {
    for (via, user) in [
        (Provider::GitHub, "grace"),
        (Provider::Google, "bob@example.com"),
    ] {
        let app = spawn_app().await;
        app.login_ok(via, user).await;
        let (status, body) = json(app.post(&format!("/disconnect/{}", via.slug())).await).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(app.revocations().is_empty());
        assert_eq!(app.me().await.0, StatusCode::OK);
        assert!(app.stored_token(via).is_some(), "the token stays");
    }
}

#[tokio::test]
async fn disconnect_needs_a_session_and_a_linked_provider() {
    let app = spawn_app().await;
    let (status, _) = json(app.post("/disconnect/github").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    app.login_ok(Provider::Google, "bob@example.com").await;
    let (status, body) = json(app.post("/disconnect/github").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "GitHub is not linked to this account");
    let (status, body) = json(app.get("/me/github").await).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (
            StatusCode::NOT_FOUND,
            Some("GitHub is not linked to this account")
        )
    );
}

#[tokio::test]
async fn a_token_revoked_elsewhere_gives_a_clear_error_on_the_live_profile() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.remove_grant_at_provider(Provider::GitHub, "ada").await;
    let (status, body) = json(app.get("/me/github").await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(error(&body).contains("no longer valid"), "{body}");
    // Disconnecting still works: GitHub's 404 for a dead token counts as revoked.
    app.login_ok(Provider::Google, "ada@example.com").await;
    let (status, body) = json(app.post("/disconnect/github").await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["alreadyRevoked"], true);
}

#[tokio::test]
async fn browsers_get_pages_after_the_forms() {
    let app = ada_with_both(Provider::GitHub).await;
    let response = app.post_form("/disconnect/github").await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("GitHub disconnected") && page.contains("still logged in"),
        "{page}"
    );
    let response = app.post_form("/disconnect/google").await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let page = response.text().await.unwrap();
    assert!(page.contains("only provider"), "{page}");
    assert!(
        page.contains("Link the other provider from the home page first"),
        "{page}"
    );
    let response = app.post_form("/logout").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        crate::helpers::set_cookie(&response, "session")
            .unwrap()
            .contains("Max-Age=0")
    );
    let page = response.text().await.unwrap();
    let body = &page[page.find("<body>").expect("a page")..];
    assert_eq!(body.matches("Logged out").count(), 1, "said once: {page}");
    // This session logged in with Google alone (GitHub was linked in an earlier one).
    let google = format!("href=\"{}/\"", app.mocks.google.url());
    let github = format!("href=\"{}/\"", app.mocks.github.url());
    assert!(
        page.contains(&google) && !page.contains(&github),
        "a link to the home of the provider this session used, {google}, alone: {page}"
    );
    assert_eq!(app.me().await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_second_disconnect_while_one_is_under_way_is_refused_and_revokes_nothing() {
    // The mock GitHub holds the first disconnect's revocation call for 1.5 s, far below the
    // app's provider timeout.
    let app = spawn_app_with(|config| config.provider_timeout = Duration::from_secs(30)).await;
    let app = link_ada_to_both(app, Provider::Google).await;
    app.arm_fault(Provider::GitHub, "revoke_token", None, Some(1500));
    let first = app.post("/disconnect/github");
    let second = async {
        // Only once the first disconnect is at the provider does the second start.
        app.fault_applied(Provider::GitHub).await;
        json(app.post("/disconnect/google").await).await
    };
    let (first, (status, body)) = tokio::join!(first, second);
    assert_eq!(first.status(), StatusCode::OK, "the first disconnect");
    assert_eq!(status, StatusCode::CONFLICT, "the second one: {body}");
    let revocations = app.revocations();
    assert_eq!(
        revocations.len(),
        1,
        "only the first disconnect revoked: {revocations:?}"
    );
    assert_eq!(revocations[0].0, "github");
    let (_, me) = app.me().await;
    assert!(
        me["githubId"].is_null() && me["googleId"].is_string(),
        "Google stays linked: {me}"
    );
}
