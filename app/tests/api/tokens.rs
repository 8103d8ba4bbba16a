//! Token hygiene, judged by what is alive at the provider: every token the mock issued is
//! asked of the mock itself (GitHub `GET /user`, Google `GET /v1/userinfo`).
//!
//! GitHub keeps every token of every login alive, so a re-login's superseded token is
//! revoked, or kept in `retired_tokens` while it cannot be; a GitHub disconnect leaves none
//! alive. A superseded Google token is never revoked (it would end the grant, the new token
//! included); a Google disconnect ends the grant and the retired rows with it. A GitHub login
//! that fails after its exchange revokes its token; a Google one keeps it until it expires. A
//! login during a disconnect keeps its token.

use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::{Provider, TestApp, json, spawn_app, spawn_app_with};

/// Logs in, returns the token the app then stores, and logs out.
async fn login_token(app: &TestApp, via: Provider, username: &str) -> String {
    app.login_ok(via, username).await;
    let token = app.stored_token(via).expect("a stored token");
    assert_eq!(app.post("/logout").await.status(), StatusCode::OK);
    token
}

/// The signed-in user's id.
async fn user_id(app: &TestApp) -> String {
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "{me}");
    me["id"].as_str().unwrap().to_string()
}

/// (token, outcome) of every revocation call a mock recorded, in order.
fn revoked_at(app: &TestApp, via: Provider) -> Vec<(String, String)> {
    app.revocations()
        .into_iter()
        .filter(|(provider, ..)| provider == via.slug())
        .map(|(_, _, token, outcome)| (token.unwrap_or_default(), outcome))
        .collect()
}

fn accepted(tokens: &[&String]) -> Vec<(String, String)> {
    tokens
        .iter()
        .map(|t| (t.to_string(), "accepted".to_string()))
        .collect()
}

/// Asserts that none of the tokens the mock issued to `username` still works.
async fn none_alive(app: &TestApp, via: Provider, username: &str) {
    let issued = app.issued_tokens(via, username);
    assert!(!issued.is_empty(), "the mock issued tokens to {username}");
    for (i, token) in issued.iter().enumerate() {
        assert!(
            !app.token_alive(via, token).await,
            "token {} of {} issued to {username} is still alive",
            i + 1,
            issued.len()
        );
    }
}

/// The one token the mock issued to `username` since `before` was listed.
fn newly_issued(app: &TestApp, via: Provider, username: &str, before: &[String]) -> String {
    let new: Vec<_> = app
        .issued_tokens(via, username)
        .into_iter()
        .filter(|t| !before.contains(t))
        .collect();
    assert_eq!(new.len(), 1, "one new token: {new:?}");
    new[0].clone()
}

async fn disconnect(app: &TestApp, via: Provider) -> (StatusCode, serde_json::Value) {
    json(app.post(&format!("/disconnect/{}", via.slug())).await).await
}

#[tokio::test]
async fn three_github_logins_and_a_disconnect_leave_no_github_token_alive() {
    let app = spawn_app().await;
    let t1 = login_token(&app, Provider::GitHub, "ada").await;
    let t2 = login_token(&app, Provider::GitHub, "ada").await;
    let t3 = login_token(&app, Provider::GitHub, "ada").await;
    assert_eq!(
        revoked_at(&app, Provider::GitHub),
        accepted(&[&t1, &t2]),
        "each re-login revoked the token it superseded"
    );
    assert!(!app.token_alive(Provider::GitHub, &t1).await);
    assert!(!app.token_alive(Provider::GitHub, &t2).await);
    assert!(
        app.token_alive(Provider::GitHub, &t3).await,
        "the held one works"
    );
    assert!(app.retired().is_empty(), "nothing left to retry");
    assert_eq!(app.issued_tokens(Provider::GitHub, "ada").len(), 3);

    app.login_ok(Provider::Google, "ada@example.com").await;
    let (status, body) = disconnect(&app, Provider::GitHub).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        serde_json::json!({
            "message": "GitHub disconnected", "tokenRevoked": true,
            "alreadyRevoked": false, "olderTokensRevoked": 0
        })
    );
    assert_eq!(
        revoked_at(&app, Provider::GitHub),
        accepted(&[&t1, &t2, &t3]),
        "the disconnect revoked the stored one"
    );
    none_alive(&app, Provider::GitHub, "ada").await;
    assert!(
        revoked_at(&app, Provider::Google).is_empty(),
        "Google untouched"
    );
}

#[tokio::test]
async fn a_superseded_token_that_cannot_be_revoked_is_kept_and_the_disconnect_revokes_it() {
    let app = spawn_app().await;
    let t1 = login_token(&app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    app.login_ok(Provider::GitHub, "ada").await;
    let ada = user_id(&app).await;
    let t2 = app.stored_token(Provider::GitHub).unwrap();
    assert_ne!(t1, t2);

    let retired = app.retired();
    assert_eq!(retired.len(), 1, "{retired:?}");
    assert_eq!(
        (retired[0].provider.as_str(), retired[0].token.as_str()),
        ("github", t1.as_str())
    );
    assert_eq!(retired[0].user_id.as_deref(), Some(ada.as_str()));
    assert_eq!(retired[0].expires_at, None, "GitHub tokens do not expire");
    assert_eq!(
        retired[0].last_error.as_deref(),
        Some("GitHub failed to revoke the token: HTTP 503")
    );
    assert!(
        app.token_alive(Provider::GitHub, &t1).await,
        "still alive, kept"
    );

    app.login_ok(Provider::Google, "ada@example.com").await;
    let (status, body) = disconnect(&app, Provider::GitHub).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["olderTokensRevoked"], 1, "{body}");
    none_alive(&app, Provider::GitHub, "ada").await;
    assert!(app.retired().is_empty());
}

#[tokio::test]
async fn a_superseded_token_that_could_not_be_revoked_is_swept_at_the_next_github_login() {
    let app = spawn_app().await;
    let t1 = login_token(&app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    let t2 = login_token(&app, Provider::GitHub, "ada").await;
    assert_eq!(app.retired().len(), 1);
    let t3 = login_token(&app, Provider::GitHub, "ada").await;
    // The faulted call is recorded as refused, then the re-login and its sweep succeed.
    let calls = revoked_at(&app, Provider::GitHub);
    assert_eq!(calls[0], (t1.clone(), "rejected".to_string()));
    assert_eq!(calls[1..], accepted(&[&t2, &t1]));
    assert!(!app.token_alive(Provider::GitHub, &t1).await);
    assert!(!app.token_alive(Provider::GitHub, &t2).await);
    assert!(app.token_alive(Provider::GitHub, &t3).await);
    assert!(app.retired().is_empty());
}

#[tokio::test]
async fn a_github_disconnect_that_cannot_revoke_an_older_token_unlinks_nothing_then_finishes() {
    let app = spawn_app().await;
    let t1 = login_token(&app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    let t2 = login_token(&app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    app.login_ok(Provider::GitHub, "ada").await;
    let t3 = app.stored_token(Provider::GitHub).unwrap();
    assert_eq!(app.retired().len(), 2, "t1 and t2 kept");
    app.login_ok(Provider::Google, "ada@example.com").await;

    // The first older token goes through, the second is refused.
    app.arm_fault(Provider::GitHub, "revoke_token", None, Some(0));
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    let (status, body) = disconnect(&app, Provider::GitHub).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(body["error"], "GitHub failed to revoke the token: HTTP 503");
    let (_, me) = app.me().await;
    assert!(me["githubId"].is_string(), "nothing unlinked: {me}");
    assert_eq!(
        app.stored_token(Provider::GitHub).as_deref(),
        Some(t3.as_str())
    );
    assert!(
        app.token_alive(Provider::GitHub, &t3).await,
        "the held one works"
    );
    assert!(
        !app.token_alive(Provider::GitHub, &t1).await,
        "progress is kept"
    );
    assert!(app.token_alive(Provider::GitHub, &t2).await);
    let left: Vec<_> = app.retired().into_iter().map(|r| r.token).collect();
    assert_eq!(left, vec![t2.clone()], "only the refused one is left");

    let (status, body) = disconnect(&app, Provider::GitHub).await;
    assert_eq!(status, StatusCode::OK, "the retry: {body}");
    assert_eq!(
        (
            body["tokenRevoked"].as_bool(),
            body["olderTokensRevoked"].as_u64()
        ),
        (Some(true), Some(1))
    );
    none_alive(&app, Provider::GitHub, "ada").await;
    assert!(app.retired().is_empty());
    let (_, me) = app.me().await;
    assert!(me["githubId"].is_null(), "{me}");
}

#[tokio::test]
async fn a_google_relogin_revokes_nothing_and_a_google_disconnect_ends_every_google_token() {
    let app = spawn_app().await;
    let g1 = login_token(&app, Provider::Google, "ada@example.com").await;
    let before = app::db::now();
    app.login_ok(Provider::Google, "ada@example.com").await;
    let ada = user_id(&app).await;
    let g2 = app.stored_token(Provider::Google).unwrap();
    assert_ne!(g1, g2);
    assert!(app.revocations().is_empty(), "no revocation call at all");
    let (status, live) = json(app.get("/me/google").await).await;
    assert_eq!(status, StatusCode::OK, "the new token works: {live}");
    assert!(
        app.token_alive(Provider::Google, &g1).await,
        "Google keeps it"
    );
    let retired = app.retired();
    assert_eq!(retired.len(), 1, "{retired:?}");
    let row = &retired[0];
    assert_eq!(
        (
            row.provider.as_str(),
            row.token.as_str(),
            row.user_id.as_deref()
        ),
        ("google", g1.as_str(), Some(ada.as_str()))
    );
    // Kept until it expires: 3599 s after its own exchange.
    let expires_at = row.expires_at.expect("a Google row expires");
    assert!(
        (before + 3599 - 60..=before + 3599).contains(&expires_at),
        "expires_at {expires_at}, g1 was exchanged shortly before {before}"
    );

    app.post("/logout").await;
    app.login_ok(Provider::GitHub, "ada").await;
    let (status, body) = disconnect(&app, Provider::Google).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["tokenRevoked"].as_bool(),
            body["olderTokensRevoked"].as_u64()
        ),
        (Some(true), Some(1)),
        "{body}"
    );
    assert_eq!(
        revoked_at(&app, Provider::Google),
        accepted(&[&g2]),
        "one call"
    );
    none_alive(&app, Provider::Google, "ada@example.com").await;
    assert!(app.retired().is_empty(), "the rows went with the grant");
    assert!(
        revoked_at(&app, Provider::GitHub).is_empty(),
        "GitHub untouched"
    );
}

#[tokio::test]
async fn retired_google_tokens_are_purged_once_expired() {
    let app = spawn_app().await;
    let g1 = login_token(&app, Provider::Google, "bob@example.com").await;
    let g2 = login_token(&app, Provider::Google, "bob@example.com").await;
    assert_eq!(app.retired().len(), 1);
    app.sql("UPDATE retired_tokens SET expires_at = strftime('%s','now') - 1");
    // Expired rows are purged where expired sessions are: at the next login.
    app.login_ok(Provider::Google, "bob@example.com").await;
    let left: Vec<_> = app.retired().into_iter().map(|r| r.token).collect();
    assert!(!left.contains(&g1), "the expired row is purged");
    assert_eq!(left, vec![g2], "the one just superseded is kept");
    assert!(app.revocations().is_empty());
}

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

#[tokio::test]
async fn a_github_login_that_fails_after_the_exchange_revokes_its_token() {
    let app = spawn_app().await;
    app.arm_fault(Provider::GitHub, "user", Some(503), None);
    let (status, body) = json(app.login(Provider::GitHub, "ada").await).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(
        body["error"],
        "GitHub failed to fetch the profile: HTTP 503"
    );
    let issued = app.issued_tokens(Provider::GitHub, "ada");
    assert_eq!(issued.len(), 1);
    assert_eq!(revoked_at(&app, Provider::GitHub), accepted(&[&issued[0]]));
    assert!(!app.token_alive(Provider::GitHub, &issued[0]).await);
    assert_eq!(app.stored_token(Provider::GitHub), None, "nothing stored");
    assert!(app.retired().is_empty());
    assert_eq!(app.me().await.0, StatusCode::UNAUTHORIZED);

    // The revocation fails too: the token is kept, without a user, until a sweep.
    app.arm_fault(Provider::GitHub, "user_emails", Some(503), None);
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    let (status, _) = json(app.login(Provider::GitHub, "ada").await).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let orphan = newly_issued(&app, Provider::GitHub, "ada", &issued);
    let retired = app.retired();
    assert_eq!(retired.len(), 1, "{retired:?}");
    assert_eq!(
        (retired[0].token.as_str(), retired[0].user_id.as_deref()),
        (orphan.as_str(), None)
    );
    assert!(
        app.token_alive(Provider::GitHub, &orphan).await,
        "kept while alive"
    );
    assert_eq!(app.stored_token(Provider::GitHub), None);

    // The next GitHub login sweeps it.
    app.login_ok(Provider::GitHub, "ada").await;
    assert!(!app.token_alive(Provider::GitHub, &orphan).await, "swept");
    assert!(app.retired().is_empty());
}

#[tokio::test]
async fn a_google_login_that_fails_after_the_exchange_keeps_its_token_until_it_expires() {
    let app = spawn_app().await;
    // Bob is a returning user: the app holds a Google token for him.
    app.login_ok(Provider::Google, "bob@example.com").await;
    app.post("/logout").await;
    let held = app.stored_token(Provider::Google).unwrap();
    let before = app.issued_tokens(Provider::Google, "bob@example.com");
    app.arm_fault(Provider::Google, "userinfo", Some(503), None);
    let (status, body) = json(app.login(Provider::Google, "bob@example.com").await).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    let orphan = newly_issued(&app, Provider::Google, "bob@example.com", &before);
    // Revoking it would end the grant, and the token the app holds with it.
    assert!(
        revoked_at(&app, Provider::Google).is_empty(),
        "no revocation call"
    );
    assert!(
        app.token_alive(Provider::Google, &held).await,
        "the held token lives"
    );
    assert_eq!(
        app.stored_token(Provider::Google).as_deref(),
        Some(held.as_str())
    );
    let retired = app.retired();
    assert_eq!(retired.len(), 1, "{retired:?}");
    assert_eq!(
        (retired[0].token.as_str(), retired[0].user_id.as_deref()),
        (orphan.as_str(), None)
    );
    assert!(retired[0].expires_at.is_some(), "kept until it expires");
    // A Google login never revokes a retired Google token.
    app.login_ok(Provider::Google, "bob@example.com").await;
    assert!(app.token_alive(Provider::Google, &orphan).await);
    assert!(
        app.retired().iter().any(|r| r.token == orphan),
        "still kept"
    );
}

#[tokio::test]
async fn a_login_whose_database_write_fails_revokes_its_token_and_keeps_the_old_one() {
    let app = spawn_app().await;
    let t1 = login_token(&app, Provider::GitHub, "ada").await;
    app.sql(
        "CREATE TRIGGER no_sessions BEFORE INSERT ON sessions
         BEGIN SELECT RAISE(ABORT, 'the disk is full'); END;",
    );
    let (status, body) = json(app.login(Provider::GitHub, "ada").await).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    let t2 = newly_issued(&app, Provider::GitHub, "ada", std::slice::from_ref(&t1));
    assert_eq!(
        revoked_at(&app, Provider::GitHub),
        accepted(&[&t2]),
        "only the new one"
    );
    assert!(!app.token_alive(Provider::GitHub, &t2).await);
    // All or nothing: the old token is still the stored one, alive, and not retired.
    assert_eq!(
        app.stored_token(Provider::GitHub).as_deref(),
        Some(t1.as_str())
    );
    assert!(app.token_alive(Provider::GitHub, &t1).await);
    assert!(app.retired().is_empty());

    app.sql("DROP TRIGGER no_sessions");
    app.login_ok(Provider::GitHub, "ada").await;
    assert!(
        !app.token_alive(Provider::GitHub, &t1).await,
        "superseded, revoked"
    );
}

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
    assert_eq!(
        (
            body["tokenRevoked"].as_bool(),
            body["olderTokensRevoked"].as_u64()
        ),
        (Some(false), Some(0))
    );
}
