//! A login that fails after its exchange: GitHub's token revoked, Google's kept until it
//! expires, and the token the app held before stays.

use super::*;

#[tokio::test]
async fn a_github_login_that_fails_after_the_exchange_revokes_its_token() {
    let app = spawn_app_with(|c| c.retry = PAUSED).await;
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

    // The revocation fails too: the token is kept, without a user, pending in the queue.
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
    assert!(retired[0].pending);
    assert!(
        app.token_alive(Provider::GitHub, &orphan).await,
        "kept while alive"
    );
    assert_eq!(app.stored_token(Provider::GitHub), None);

    // The queue revokes it once it retries (here after a restart with a short schedule).
    let app = app.restarted(|c| c.retry = FAST).await;
    app.queue_drained().await;
    assert!(!app.token_alive(Provider::GitHub, &orphan).await, "revoked");
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
    let calls = revoked_at(&app, Provider::Google);
    assert!(calls.is_empty(), "no revocation call: {calls:?}");
    assert!(
        app.token_alive(Provider::Google, &held).await,
        "the held token lives"
    );
    assert!(
        app.holds(Provider::Google, &held),
        "the app still holds its token"
    );
    let retired = app.retired();
    assert_eq!(retired.len(), 1, "{retired:?}");
    assert_eq!(
        (retired[0].token.as_str(), retired[0].user_id.as_deref()),
        (orphan.as_str(), None)
    );
    assert!(!retired[0].pending, "left to expire, never revoked");
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
    assert!(app.holds(Provider::GitHub, &t1), "the app holds t1");
    assert!(app.token_alive(Provider::GitHub, &t1).await);
    assert!(app.retired().is_empty());

    app.sql("DROP TRIGGER no_sessions");
    app.login_ok(Provider::GitHub, "ada").await;
    assert!(
        !app.token_alive(Provider::GitHub, &t1).await,
        "superseded, revoked"
    );
}
