//! A re-login's superseded token: GitHub's revoked or kept until it can be, Google's never
//! revoked; disconnects that leave nothing alive.

use super::*;

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
            "alreadyRevoked": false, "olderTokensRevoked": 0, "newerTokensEnded": 0,
            "revocationsPending": 0,
            "revocationError": null, "revocationRefused": false
        })
    );
    assert_eq!(
        revoked_at(&app, Provider::GitHub),
        accepted(&[&t1, &t2, &t3]),
        "the disconnect revoked the stored one"
    );
    none_alive(&app, Provider::GitHub, "ada").await;
    let calls = revoked_at(&app, Provider::Google);
    assert!(calls.is_empty(), "Google untouched: {calls:?}");
}

#[tokio::test]
async fn a_superseded_token_that_cannot_be_revoked_is_kept_and_the_disconnect_revokes_it() {
    let app = spawn_app_with(|c| c.retry = PAUSED).await;
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
    assert!(retired[0].pending, "queued for revocation");
    assert_eq!(retired[0].attempts, 1);
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
async fn a_superseded_token_that_could_not_be_revoked_is_revoked_by_the_queue() {
    let app = spawn_app_with(|c| c.retry = FAST).await;
    let t1 = login_token(&app, Provider::GitHub, "ada").await;
    for _ in 0..3 {
        app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    }
    let t2 = login_token(&app, Provider::GitHub, "ada").await;
    app.queue_drained().await;
    // The re-login's call and two of the queue's meet the fault; the third retry goes through.
    let calls = revoked_at(&app, Provider::GitHub);
    let rejected = (t1.clone(), "rejected".to_string());
    assert_eq!(calls[..3], [rejected.clone(), rejected.clone(), rejected]);
    assert_eq!(
        calls[3..],
        accepted(&[&t1]),
        "confirmed once, never sent again"
    );
    assert!(!app.token_alive(Provider::GitHub, &t1).await);
    assert!(app.token_alive(Provider::GitHub, &t2).await, "the held one");
    assert!(app.retired().is_empty());
}

#[tokio::test]
async fn a_github_disconnect_during_an_outage_unlinks_at_once_and_the_queue_finishes_after_a_restart()
 {
    let app = spawn_app_with(|c| c.retry = PAUSED).await;
    let t1 = login_token(&app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    let t2 = login_token(&app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    app.login_ok(Provider::GitHub, "ada").await;
    let t3 = app.stored_token(Provider::GitHub).unwrap();
    assert_eq!(app.pending().len(), 2, "t1 and t2 queued");
    app.login_ok(Provider::Google, "ada@example.com").await;

    // The first older token goes through, the second meets the outage.
    app.arm_fault(Provider::GitHub, "revoke_token", None, Some(0));
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    let (status, body) = disconnect(&app, Provider::GitHub).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["olderTokensRevoked"], 1, "{body}");
    assert_eq!(
        body["revocationsPending"], 2,
        "t2, and t3 not tried: {body}"
    );
    assert_eq!(
        body["revocationError"],
        "not tried yet: an older token's failed first (GitHub failed to revoke the token: HTTP 503)"
    );
    assert_eq!(body["revocationRefused"], false);
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "the session stays: {me}");
    assert!(me["githubId"].is_null(), "unlinked at once: {me}");
    let pending = me["pendingRevocations"].as_array().expect("shown in /me");
    assert_eq!(pending.len(), 2, "{me}");
    assert_eq!(pending[0]["provider"], "github");
    assert_eq!(
        (&pending[0]["attempts"], &pending[1]["attempts"]),
        (&2.into(), &0.into())
    );
    assert!(
        !app.token_alive(Provider::GitHub, &t1).await,
        "progress is kept"
    );
    assert!(app.token_alive(Provider::GitHub, &t2).await, "pending");
    assert!(app.token_alive(Provider::GitHub, &t3).await, "pending");
    let left: Vec<_> = app.pending().into_iter().map(|r| r.token).collect();
    assert_eq!(left, vec![t2.clone(), t3.clone()], "nothing forgotten");

    // Restarted (with a schedule that retries at once), the queue finishes the job.
    let app = app.restarted(|c| c.retry = FAST).await;
    app.queue_drained().await;
    none_alive(&app, Provider::GitHub, "ada").await;
    assert!(app.retired().is_empty());
    let (_, me) = app.me().await;
    assert!(me.get("pendingRevocations").is_none(), "{me}");
    let accepted_t2 = revoked_at(&app, Provider::GitHub)
        .into_iter()
        .filter(|call| *call == (t2.clone(), "accepted".to_string()))
        .count();
    assert_eq!(accepted_t2, 1, "revoked exactly once");
}

#[tokio::test]
async fn a_google_relogin_revokes_nothing_and_a_google_disconnect_ends_every_google_token() {
    let app = spawn_app().await;
    let g1 = login_token(&app, Provider::Google, "ada@example.com").await;
    let before = hardened_app::db::now();
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
    assert_eq!(revoked(&body), (Some(true), Some(1)), "{body}");
    assert_eq!(
        revoked_at(&app, Provider::Google),
        accepted(&[&g2]),
        "one call"
    );
    none_alive(&app, Provider::Google, "ada@example.com").await;
    assert!(app.retired().is_empty(), "the rows went with the grant");
    let calls = revoked_at(&app, Provider::GitHub);
    assert!(calls.is_empty(), "GitHub untouched: {calls:?}");
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
