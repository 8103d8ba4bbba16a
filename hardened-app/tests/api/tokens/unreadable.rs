//! A pending revocation whose sealed token does not open (a damaged row, a value copied from
//! elsewhere): set aside, logged with its row and the cause, shown, never dropped; the rest
//! of the revocation queue goes on. The revocation worker's own failures log their cause,
//! not "Internal Server Error".

use std::time::{Duration, Instant};

use super::binary::Binary;
use super::*;

/// Ada's two superseded GitHub tokens, both pending in the (paused) queue, oldest first.
async fn two_pending(app: &TestApp) -> (String, String) {
    let t1 = login_token(app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    let t2 = login_token(app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    login_token(app, Provider::GitHub, "ada").await;
    let pending: Vec<_> = app.pending().into_iter().map(|r| r.token).collect();
    assert_eq!(pending, [t1.clone(), t2.clone()]);
    (t1, t2)
}

/// Damages the sealed token of the oldest retired row, as a bad sector would; its id.
fn damage_oldest(app: &TestApp) -> i64 {
    let conn = app.database();
    let id: i64 = conn
        .query_row("SELECT MIN(id) FROM retired_tokens", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "UPDATE retired_tokens
         SET access_token = substr(access_token, 1, 3) || 'AAAAAAAA' || substr(access_token, 12)
         WHERE id = ?1",
        [id],
    )
    .unwrap();
    id
}

/// A retired row as the queue keeps it, read without opening its token: (id, pending,
/// set aside because, last error).
fn raw_rows(app: &TestApp) -> Vec<(i64, bool, Option<String>, Option<String>)> {
    let conn = app.database();
    let mut statement = conn
        .prepare("SELECT id, pending, set_aside, last_error FROM retired_tokens ORDER BY id")
        .unwrap();
    let rows = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// Waits (20 s at most) until the mock accepted the revocation of `token`.
async fn revoked_in_time(app: &TestApp, via: Provider, token: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let done = (token.to_string(), "accepted".to_string());
    while !revoked_at(app, via).contains(&done) {
        assert!(
            Instant::now() < deadline,
            "not revoked in 20 s; the mock saw {:?}",
            revoked_at(app, via)
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_pending_row_that_does_not_open_is_set_aside_and_the_rest_of_the_queue_goes_on() {
    let app = spawn_app_with(|c| c.retry = PAUSED).await;
    let (t1, t2) = two_pending(&app).await;
    let damaged = damage_oldest(&app);

    let app = app.restarted(|c| c.retry = FAST).await;
    revoked_in_time(&app, Provider::GitHub, &t2).await;
    assert!(!app.token_alive(Provider::GitHub, &t2).await, "t2 revoked");
    assert!(
        app.token_alive(Provider::GitHub, &t1).await,
        "t1 cannot be read back, so it cannot be revoked: kept, alive"
    );
    let rows = raw_rows(&app);
    assert_eq!(rows.len(), 1, "never dropped: {rows:?}");
    let (id, pending, set_aside, _) = &rows[0];
    assert_eq!((*id, *pending), (damaged, true), "{rows:?}");
    let why = set_aside.as_deref().expect("set aside");
    assert!(why.contains("does not open with the token key"), "{why}");

    // The user sees it still owed; the queue does not try it again before the next start.
    app.login_ok(Provider::GitHub, "ada").await;
    let (_, me) = app.me().await;
    let pending = me["pendingRevocations"].as_array().expect("shown in /me");
    assert_eq!(pending.len(), 1, "{me}");
    assert!(pending[0]["nextAttemptAtMs"].is_null(), "{me}");
    assert!(
        pending[0]["lastError"]
            .as_str()
            .is_some_and(|e| e.contains("does not open")),
        "{me}"
    );
    let home = app.get("/").await.text().await.unwrap();
    assert!(
        home.contains("Revocation set aside</strong>: a GitHub token this app no longer uses"),
        "the home page says it, never \"next try now\": {home}"
    );
    assert!(!home.contains("Next try now"), "{home}");
}

#[tokio::test]
async fn the_log_names_the_row_set_aside_and_why() {
    let mut app = spawn_app_with(|c| c.retry = PAUSED).await;
    let (_, t2) = two_pending(&app).await;
    let damaged = damage_oldest(&app);
    app.stop().await;

    let binary = Binary::start(&app, 10).await;
    let line = binary
        .logged(&["ERROR", &format!("retired_token={damaged}")])
        .await;
    assert!(
        line.contains("does not open with the token key") && line.contains("set aside"),
        "{line}"
    );
    assert!(!line.contains("Internal Server Error"), "{line}");
    revoked_in_time(&app, Provider::GitHub, &t2).await;
    binary.kill();
}

#[tokio::test]
async fn a_worker_that_cannot_write_logs_the_database_cause() {
    let mut app = spawn_app_with(|c| c.retry = PAUSED).await;
    login_token(&app, Provider::GitHub, "ada").await;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    login_token(&app, Provider::GitHub, "ada").await;
    assert_eq!(app.pending().len(), 1);
    app.sql(
        "CREATE TRIGGER keep_rows BEFORE DELETE ON retired_tokens
         BEGIN SELECT RAISE(ABORT, 'the disk is full'); END;",
    );
    app.stop().await;

    let binary = Binary::start(&app, 10).await;
    let line = binary.logged(&["ERROR", "revocation worker"]).await;
    assert!(line.contains("the disk is full"), "{line}");
    assert!(!line.contains("Internal Server Error"), "{line}");
    binary.kill();
}
