//! A disconnect that meets an outage: unlinked at once, the token pending in the revocation
//! queue, shown to the user, and revoked exactly once when the provider is back, across a
//! restart and a `SIGKILL`.

use super::binary::Binary;
use super::*;

#[tokio::test]
async fn the_pages_say_what_is_pending_and_the_queue_revokes_it_exactly_once() {
    let app = spawn_app_with(|c| c.retry = PAUSED).await;
    app.login_ok(Provider::GitHub, "ada").await;
    let token = app.stored_token(Provider::GitHub).unwrap();
    app.login_ok(Provider::Google, "ada@example.com").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);

    let response = app.post_form("/disconnect/github").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("GitHub is unlinked from your account")
            && page.contains("revocation queue")
            && page.contains("You are still logged in here"),
        "{page}"
    );
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("Revocation pending"), "{home}");
    assert!(home.contains("1 failed attempt"), "{home}");
    assert!(app.token_alive(Provider::GitHub, &token).await, "pending");

    let app = app.restarted(|c| c.retry = FAST).await;
    app.queue_drained().await;
    assert!(!app.token_alive(Provider::GitHub, &token).await);
    let calls = revoked_at(&app, Provider::GitHub);
    let rejected = (token.clone(), "rejected".to_string());
    assert_eq!(calls, [rejected, (token, "accepted".to_string())]);
    let home = app.get("/").await.text().await.unwrap();
    assert!(!home.contains("Revocation pending"), "{home}");
    assert_eq!(app.me().await.0, StatusCode::OK, "the session stayed");
}

#[tokio::test]
async fn a_google_login_while_its_revocation_is_pending_keeps_the_new_grant_alive() {
    let app = spawn_app_with(|c| c.retry = PAUSED).await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    let g1 = app.stored_token(Provider::Google).unwrap();
    app.arm_fault(Provider::Google, "revoke", Some(503), None);
    let (status, body) = disconnect(&app, Provider::Google).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(app.pending().len(), 1);

    // Ada links Google again before the queue retries: revoking g1 now would end the grant,
    // and g2 with it. The pending revocation is cancelled; g1 is kept until it expires.
    app.login_ok(Provider::Google, "ada@example.com").await;
    let g2 = app.stored_token(Provider::Google).unwrap();
    assert!(app.pending().is_empty(), "{:?}", app.retired());
    let kept = app.retired();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].token, g1);
    assert!(kept[0].expires_at.is_some(), "left to expire");

    let app = app.restarted(|c| c.retry = FAST).await;
    app.queue_drained().await;
    assert!(
        app.token_alive(Provider::Google, &g2).await,
        "the new grant works"
    );
    let calls = revoked_at(&app, Provider::Google);
    assert_eq!(calls.len(), 1, "only the failed call: {calls:?}");
}

#[tokio::test]
async fn a_sigkill_between_the_failed_revocation_and_its_retry_loses_nothing() {
    // Signed in with both providers through the in-process app, which then stops; its
    // binary takes over the same database (the browser's cookies ignore ports).
    let mut app = spawn_app_with(|c| c.retry = PAUSED).await;
    app.login_ok(Provider::GitHub, "ada").await;
    let token = app.stored_token(Provider::GitHub).unwrap();
    app.login_ok(Provider::Google, "ada@example.com").await;
    app.stop().await;

    let first = Binary::start(&app, 3_600_000).await;
    app.url = first.url.clone();
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    let (status, body) = disconnect(&app, Provider::GitHub).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    first.kill();
    assert_eq!(app.pending().len(), 1, "the queued revocation is on disk");
    assert!(app.token_alive(Provider::GitHub, &token).await);

    let second = Binary::start(&app, 10).await;
    app.url = second.url.clone();
    app.queue_drained().await;
    assert!(!app.token_alive(Provider::GitHub, &token).await);
    let accepted = revoked_at(&app, Provider::GitHub)
        .into_iter()
        .filter(|(t, outcome)| *t == token && outcome == "accepted")
        .count();
    assert_eq!(accepted, 1, "revoked exactly once");
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "the session survived both: {me}");
    assert!(me["githubId"].is_null(), "{me}");
    second.kill();
}

#[tokio::test]
async fn every_kind_of_outage_leaves_the_revocation_to_the_queue() {
    let outages: [(&str, Option<u16>, Option<u64>, bool); 3] = [
        ("HTTP 503", Some(503), None, false),
        ("a dropped connection", None, None, true),
        ("no answer in time", None, Some(2_000), false),
    ];
    for (outage, status, delay_ms, drop_connection) in outages {
        let app = spawn_app_with(|c| {
            c.retry = PAUSED;
            c.provider_timeout = std::time::Duration::from_millis(500);
        })
        .await;
        app.login_ok(Provider::GitHub, "ada").await;
        let token = app.stored_token(Provider::GitHub).unwrap();
        app.login_ok(Provider::Google, "ada@example.com").await;
        app.mock(Provider::GitHub)
            .store()
            .lock()
            .faults
            .push(mock_providers::faults::Fault {
                endpoint: "revoke_token".into(),
                remaining: 1,
                status,
                delay_ms,
                drop_connection,
            });
        let (status, body) = disconnect(&app, Provider::GitHub).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{outage}: {body}");
        assert_eq!(body["revocationsPending"], 1, "{outage}: {body}");
        assert_eq!(app.pending().len(), 1, "{outage}: kept");
        let (_, me) = app.me().await;
        assert!(me["githubId"].is_null(), "{outage}: unlinked: {me}");

        let app = app.restarted(|c| c.retry = FAST).await;
        app.queue_drained().await;
        assert!(
            !app.token_alive(Provider::GitHub, &token).await,
            "{outage}: revoked once the provider answered"
        );
    }
}
