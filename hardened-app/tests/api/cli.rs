//! The binary: `--help`, the missing-variable message in real mode, a port already taken.

use std::process::{Command, Output};

fn app(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_hardened-app"));
    command.args(args).current_dir(dir.path()).env_clear();
    for (k, v) in envs {
        command.env(k, v);
    }
    command.output().unwrap()
}

#[test]
fn help_lists_every_setting() {
    let out = app(&["--help"], &[]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for name in [
        "BASE_URL",
        "LISTEN_ADDR",
        "DATABASE_PATH",
        "LOGOUT_LAB_PROVIDERS",
        "PROVIDER_TIMEOUT_SECS",
        "GITHUB_CLIENT_ID",
        "GITHUB_CLIENT_SECRET",
        "GITHUB_AUTHORIZE_URL",
        "GITHUB_TOKEN_URL",
        "GITHUB_API_URL",
        "GOOGLE_CLIENT_ID",
        "GOOGLE_CLIENT_SECRET",
        "GOOGLE_AUTHORIZE_URL",
        "GOOGLE_TOKEN_URL",
        "GOOGLE_USERINFO_URL",
        "GOOGLE_REVOKE_URL",
        "LOGOUT_LAB_TOKEN_KEY",
        "LOGOUT_LAB_TOKEN_KEY_FILE",
        "REVOCATION_RETRY_FIRST_MS",
        "REVOCATION_RETRY_CAP_SECS",
    ] {
        assert!(help.contains(name), "--help lists {name}:\n{help}");
    }
}

#[test]
fn real_providers_without_credentials_stop_start_up_by_name() {
    let out = app(
        &[],
        &[("LOGOUT_LAB_PROVIDERS", "real"), ("GITHUB_CLIENT_ID", "x")],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        "Missing required environment variable: GITHUB_CLIENT_SECRET"
    );
}

#[test]
fn the_env_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "LOGOUT_LAB_PROVIDERS=real\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hardened-app"))
        .current_dir(dir.path())
        .env_clear()
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        "Missing required environment variable: GITHUB_CLIENT_ID"
    );
}

#[test]
fn a_port_already_taken_is_said_plainly() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let base = format!("http://localhost:{port}");
    let out = app(&[], &[("BASE_URL", &base), ("DATABASE_PATH", "t.db")]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("already in use"), "{stderr}");
}

#[test]
fn a_start_up_that_cannot_purge_sessions_names_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let key = hardened_app::sealing::Key::random();
    hardened_app::db::create(&db, &hardened_app::KeySource::Key(key.clone())).unwrap();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("DROP TABLE sessions")
        .unwrap();
    let out = app(
        &[],
        &[
            ("BASE_URL", "http://localhost:0"),
            ("DATABASE_PATH", db.to_str().unwrap()),
            ("LOGOUT_LAB_TOKEN_KEY", &key.to_base64()),
            ("LOGOUT_LAB_TIMELINE", "off"),
        ],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot purge expired sessions: database: no such table: sessions"),
        "{stderr}"
    );
}
