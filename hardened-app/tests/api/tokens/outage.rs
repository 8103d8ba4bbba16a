//! A disconnect that meets an outage: unlinked at once, the token pending in the revocation
//! queue, shown to the user, and revoked exactly once when the provider is back, across a
//! restart and a `SIGKILL`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

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

/// The app's binary on the test's database, against its mocks, on a free port; returns the
/// process and its URL once it serves. A thread reads the binary's output to the end (a full
/// pipe would stop it), so the mocks, in this test's runtime, stay free to answer it.
async fn app_binary(app: &TestApp, first_retry_ms: u64) -> (Child, String) {
    let github = app.mocks.github.url();
    let google = app.mocks.google.url();
    let hardened_app::db::vault::KeySource::Key(key) = &app.config.token_key else {
        panic!("tests give the app its key");
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_hardened-app"))
        .env_clear()
        .env("LOGOUT_LAB_TOKEN_KEY", key.to_base64())
        .env("BASE_URL", "http://localhost:0")
        .env("DATABASE_PATH", &app.config.database_path)
        .env("LOGOUT_LAB_TIMELINE", "off")
        .env("REVOCATION_RETRY_FIRST_MS", first_retry_ms.to_string())
        .env(
            "GITHUB_AUTHORIZE_URL",
            format!("{github}/login/oauth/authorize"),
        )
        .env(
            "GITHUB_TOKEN_URL",
            format!("{github}/login/oauth/access_token"),
        )
        .env("GITHUB_API_URL", github)
        .env("GOOGLE_AUTHORIZE_URL", format!("{google}/o/oauth2/v2/auth"))
        .env("GOOGLE_TOKEN_URL", format!("{google}/token"))
        .env("GOOGLE_USERINFO_URL", format!("{google}/v1/userinfo"))
        .env("GOOGLE_REVOKE_URL", format!("{google}/revoke"))
        .stdout(Stdio::piped())
        // A start-up error shows in the test's output.
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the app binary starts");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let (serving, url) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut serving = Some(serving);
        for line in stdout.lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("Open ")
                && let Some(tx) = serving.take()
            {
                let _ = tx.send(
                    rest.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
        }
    });
    let url = url.await.expect("the app binary stopped before serving");
    (child, url)
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

    let (mut first, url) = app_binary(&app, 3_600_000).await;
    app.url = url;
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    let (status, body) = disconnect(&app, Provider::GitHub).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    // SIGKILL: no shutdown, nothing flushed by the app itself.
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(app.pending().len(), 1, "the queued revocation is on disk");
    assert!(app.token_alive(Provider::GitHub, &token).await);

    let (mut second, url) = app_binary(&app, 10).await;
    app.url = url;
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
    second.kill().unwrap();
    second.wait().unwrap();
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
            .push(mock_providers::api::Fault {
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
