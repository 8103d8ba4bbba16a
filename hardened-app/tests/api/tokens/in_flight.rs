//! A queued Google revocation meets a new Google login of the same account. Revoking any token
//! of a Google grant ends the whole grant, so the queue decides against the grant the app
//! holds when the call is sent (a row the login cancelled meanwhile is not sent), and checks
//! after the call whether a login linked a token that died with the grant (it is then
//! unlinked, never kept dead). The mock holds a call with a fault's delay; the tests wait for
//! the fault to be applied and for outcomes, never for a duration.

use std::time::Instant;

use super::*;

/// Waits until the mock of `via` has applied `n` faults in all.
async fn faults_applied(app: &TestApp, via: Provider, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let applied = app
            .mock(via)
            .store()
            .lock()
            .events
            .iter()
            .filter(|e| e.kind == mock_providers::api::EventKind::FaultApplied)
            .count();
        if applied >= n {
            return;
        }
        assert!(Instant::now() < deadline, "{applied} of {n} faults applied");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Waits until the app no longer holds `token` for `via`.
async fn no_longer_held(app: &TestApp, via: Provider, token: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.holds(via, token) {
        assert!(Instant::now() < deadline, "still held after 20 s");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Ada with GitHub and Google linked, then Google disconnected during an outage: its
/// revocation pending in the paused queue. The mock holds each call for a minute at most.
async fn google_revocation_pending() -> TestApp {
    let app = spawn_app_with(|c| {
        c.retry = PAUSED;
        c.provider_timeout = Duration::from_secs(60);
    })
    .await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    app.arm_fault(Provider::Google, "revoke", Some(503), None);
    let (status, body) = disconnect(&app, Provider::Google).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    app
}

#[tokio::test]
async fn a_relink_while_the_queued_google_revocation_is_in_flight_keeps_no_dead_token() {
    let app = google_revocation_pending().await;
    // The restarted queue sends the retry at once; the mock holds it 5 s.
    app.arm_fault(Provider::Google, "revoke", None, Some(5_000));
    let app = app.restarted(|c| c.retry = FAST).await;
    faults_applied(&app, Provider::Google, 2).await;

    app.login_ok(Provider::Google, "ada@example.com").await;
    let g2 = app.stored_token(Provider::Google).expect("linked again");
    assert!(app.pending().is_empty(), "the re-link cancelled the row");
    // The call already sent ends the grant, g2 with it: the app must not keep it linked.
    no_longer_held(&app, Provider::Google, &g2).await;
    assert!(
        !app.token_alive(Provider::Google, &g2).await,
        "ended with the grant"
    );
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "the session stays: {me}");
    assert!(me["googleId"].is_null(), "unlinked: {me}");
    assert_eq!(
        app.get("/me/google").await.status(),
        StatusCode::NOT_FOUND,
        "not a dead token (403)"
    );
    none_alive(&app, Provider::Google, "ada@example.com").await;
}

#[tokio::test]
async fn a_queued_google_revocation_cancelled_while_the_queue_is_busy_is_not_sent() {
    let app = spawn_app_with(|c| {
        c.retry = PAUSED;
        c.provider_timeout = Duration::from_secs(60);
    })
    .await;
    // Three pending rows, in this order: GitHub t1, Google g1, GitHub t2.
    app.login_ok(Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    app.login_ok(Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    let g1 = app.stored_token(Provider::Google).unwrap();
    app.arm_fault(Provider::Google, "revoke", Some(503), None);
    assert_eq!(
        disconnect(&app, Provider::Google).await.0,
        StatusCode::ACCEPTED
    );
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    app.login_ok(Provider::GitHub, "ada").await;
    let queued: Vec<_> = app.pending().into_iter().map(|r| r.provider).collect();
    assert_eq!(queued, ["github", "google", "github"]);

    // The restarted queue reads all three and sends t1's revocation, which the mock holds;
    // meanwhile Ada links Google again, which cancels g1's row.
    app.arm_fault(Provider::GitHub, "revoke_token", None, Some(5_000));
    let app = app.restarted(|c| c.retry = FAST).await;
    faults_applied(&app, Provider::GitHub, 3).await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    let g2 = app.stored_token(Provider::Google).unwrap();
    // Once t2's row is done, the queue has gone past g1's.
    app.queue_drained().await;
    assert!(
        app.token_alive(Provider::Google, &g2).await,
        "the new link works: g1's revocation was not sent"
    );
    let calls = revoked_at(&app, Provider::Google);
    assert_eq!(
        calls,
        [(g1, "rejected".to_string())],
        "only the disconnect's"
    );
    assert_eq!(json(app.get("/me/google").await).await.0, StatusCode::OK);
}
