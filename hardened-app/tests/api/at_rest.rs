//! Secrets at rest: the tokens in the database are sealed, the files are the owner's only,
//! and a missing or wrong token key stops the start-up with a message naming the cause.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use reqwest::StatusCode;

use crate::helpers::{FAST, PAUSED, Provider, TestApp, browser, spawn_app, spawn_app_with};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn a_copied_database_file_reveals_no_token() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    let tokens = [
        app.stored_token(Provider::GitHub).unwrap(),
        app.stored_token(Provider::Google).unwrap(),
        app.retired()[0].token.clone(),
    ];
    assert_eq!(app.me().await.0, StatusCode::OK);
    let db = &app.config.database_path;
    let mut files = vec![db.clone()];
    for suffix in ["-wal", "-shm"] {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        files.push(path.into());
    }
    for file in files.iter().filter(|f| f.exists()) {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for token in &tokens {
            assert!(
                !text.contains(token.as_str()),
                "{} holds a token",
                file.display()
            );
        }
        assert_eq!(mode(file), 0o600, "{} is the owner's only", file.display());
    }
    let sealed: String = rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT access_token FROM linked_accounts LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sealed.starts_with("v2."), "{sealed}");
}

/// Runs the app's binary in `dir` (mock mode, any free port) with `envs`, until it serves
/// (then stops it) or exits; returns what it printed.
fn run_app(dir: &Path, envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hardened-app"));
    command
        .current_dir(dir)
        .env_clear()
        .env("BASE_URL", "http://localhost:0")
        .env("LOGOUT_LAB_TIMELINE", "off")
        // No mocks run: the registration says so, quickly.
        .env("GITHUB_API_URL", "http://127.0.0.1:9")
        .env(
            "GITHUB_AUTHORIZE_URL",
            "http://127.0.0.1:9/login/oauth/authorize",
        )
        .env(
            "GOOGLE_AUTHORIZE_URL",
            "http://127.0.0.1:9/o/oauth2/v2/auth",
        )
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    // It either stops at once, or serves (its banner's last line): then it is stopped.
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    for line in stdout.lines().map_while(Result::ok) {
        printed.push_str(&line);
        printed.push('\n');
        if line.starts_with("Open ") {
            child.kill().unwrap();
        }
    }
    let mut output = child.wait_with_output().unwrap();
    output.stdout = printed.into_bytes();
    output
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_first_run_creates_a_private_key_file_and_a_wrong_or_missing_key_stops_the_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let first = run_app(dir.path(), &[]);
    let key_file = dir.path().join("logout-lab.db.key");
    assert!(key_file.exists(), "created: {}", stderr(&first));
    assert_eq!(mode(&key_file), 0o600);
    assert_eq!(mode(&dir.path().join("logout-lab.db")), 0o600);

    let again = run_app(dir.path(), &[]);
    assert!(
        stderr(&again).is_empty(),
        "the same key opens it: {}",
        stderr(&again)
    );

    let wrong = hardened_app::sealing::Key::random().to_base64();
    let refused = run_app(dir.path(), &[("LOGOUT_LAB_TOKEN_KEY", &wrong)]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("the token key does not open the tokens of the database"),
        "{}",
        stderr(&refused)
    );

    std::fs::remove_file(&key_file).unwrap();
    let missing = run_app(dir.path(), &[]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("logout-lab.db.key is missing"),
        "{}",
        stderr(&missing)
    );
    assert!(!key_file.exists(), "no new key over a sealed database");

    let bad = run_app(dir.path(), &[("LOGOUT_LAB_TOKEN_KEY", "c2hvcnQ=")]);
    assert!(
        stderr(&bad).contains("LOGOUT_LAB_TOKEN_KEY: the token key has 5 bytes, not 32"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn with_the_real_providers_no_key_file_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let envs = [
        ("LOGOUT_LAB_PROVIDERS", "real"),
        ("GITHUB_CLIENT_ID", "x"),
        ("GITHUB_CLIENT_SECRET", "x"),
        ("GOOGLE_CLIENT_ID", "x"),
        ("GOOGLE_CLIENT_SECRET", "x"),
    ];
    let output = run_app(dir.path(), &envs);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no token key: set LOGOUT_LAB_TOKEN_KEY"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("logout-lab.db.key").exists());
}

#[tokio::test]
async fn a_token_copied_into_another_users_row_does_not_open_there() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    let grace = browser();
    app.login_ok_in(&grace, Provider::GitHub, "grace").await;
    // Someone who can write the database file, but has no key, moves Ada's sealed token
    // into Grace's row.
    let conn = app.database();
    let (ada_row, ada_sealed): (i64, String) = conn
        .query_row(
            "SELECT rowid, access_token FROM linked_accounts ORDER BY rowid LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let moved = conn
        .execute(
            "UPDATE linked_accounts SET access_token = ?1 WHERE rowid <> ?2",
            rusqlite::params![ada_sealed, ada_row],
        )
        .unwrap();
    assert_eq!(moved, 1);
    let response = grace.get(app.at("/me/github")).send().await.unwrap();
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_ne!(status, StatusCode::OK, "Grace reads Ada's profile: {body}");
    assert!(!body.contains("\"ada\""), "{body}");
}

#[test]
fn a_key_file_others_can_read_stops_the_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let first = run_app(dir.path(), &[]);
    let key_file = dir.path().join("logout-lab.db.key");
    assert!(key_file.exists(), "created: {}", stderr(&first));
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let refused = run_app(dir.path(), &[]);
    assert!(
        !refused.status.success(),
        "started with a key others can read"
    );
    let said = stderr(&refused);
    assert!(
        said.contains("logout-lab.db.key has mode 644") && said.contains("chmod 600"),
        "{said}"
    );
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let again = run_app(dir.path(), &[]);
    assert!(stderr(&again).is_empty(), "{}", stderr(&again));
}

#[test]
fn a_damaged_database_stops_the_start_up_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let first = run_app(dir.path(), &[]);
    assert!(stderr(&first).is_empty(), "{}", stderr(&first));
    let database = dir.path().join("logout-lab.db");
    // Everything in the file itself, none in the write-ahead log the stopped app left.
    let conn = rusqlite::Connection::open(&database).unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&database).unwrap();
    let page = 4096;
    assert!(bytes.len() >= 2 * page, "a second page to damage");
    for (i, byte) in bytes[page..2 * page].iter_mut().enumerate() {
        *byte = (i * 131 % 251) as u8;
    }
    std::fs::write(&database, bytes).unwrap();
    let refused = run_app(dir.path(), &[]);
    assert!(!refused.status.success(), "started on a damaged file");
    let said = stderr(&refused);
    assert!(
        said.contains("logout-lab.db is damaged (restore it from a backup)"),
        "{said}"
    );
}

/// Rewrites the app's database as the app before binding wrote it: every token sealed
/// without a place (`v1.`), the schema at version 6.
fn as_before_binding(app: &TestApp) {
    let hardened_app::KeySource::Key(key) = &app.config.token_key else {
        panic!("tests give the app its key");
    };
    let conn = app.database();
    for (table, place) in [
        ("linked_accounts", hardened_app::db::vault::sql::LINKED),
        ("retired_tokens", hardened_app::db::vault::sql::RETIRED),
    ] {
        let mut statement = conn
            .prepare(&format!(
                "SELECT rowid, unseal(access_token, {place}) FROM {table}"
            ))
            .unwrap();
        let rows: Vec<(i64, String)> = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (rowid, token) in rows {
            let old = hardened_app::sealing::seal(key, &token);
            let sql = format!("UPDATE {table} SET access_token = ?1 WHERE rowid = ?2");
            conn.execute(&sql, rusqlite::params![old, rowid]).unwrap();
        }
    }
    conn.execute_batch(
        "ALTER TABLE retired_tokens DROP COLUMN set_aside; PRAGMA user_version = 6;",
    )
    .unwrap();
}

#[tokio::test]
async fn a_database_sealed_before_binding_opens_and_its_tokens_still_work() {
    let mut app = spawn_app_with(|c| c.retry = PAUSED).await;
    app.login_ok(Provider::GitHub, "ada").await;
    let t1 = app.stored_token(Provider::GitHub).unwrap();
    app.arm_fault(Provider::GitHub, "revoke_token", Some(503), None);
    app.login_ok(Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    assert_eq!(app.pending().len(), 1, "t1 pending");
    app.stop().await;
    as_before_binding(&app);

    let app = app.restarted(|c| c.retry = FAST).await;
    for provider in ["github", "google"] {
        let status = app.get(&format!("/me/{provider}")).await.status();
        assert_eq!(
            status,
            StatusCode::OK,
            "the stored {provider} token still works"
        );
    }
    app.queue_drained().await;
    assert!(
        !app.token_alive(Provider::GitHub, &t1).await,
        "the queue read t1"
    );
    let conn = app.database();
    let old: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM linked_accounts WHERE access_token NOT LIKE 'v2.%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old, 0, "every token sealed again, bound to its row");
}
