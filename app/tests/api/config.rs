//! The configuration: [`Config::mock`], and the `app` binary reading `Config::from_env` from
//! the environment and a `.env` file. The binary listens on `LISTEN_ADDR=127.0.0.1:0` (any
//! free port) and says where its providers are once it serves.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use app::Config;
use common::Provider;

#[test]
fn the_mock_configuration_points_at_the_mocks_default_clients() {
    let config = Config::mock("https://lab.example/", "lab.db", "http://gh.test", "http://g.test");
    assert_eq!(config.base_url, "https://lab.example", "no trailing slash");
    assert!(config.https(), "Secure cookies over https");
    assert_eq!(config.redirect_uri(Provider::Google), "https://lab.example/auth/google/callback");
    assert_eq!(config.github.client_id, common::defaults::GITHUB_CLIENT_ID);
    assert_eq!(config.github.token_url, "http://gh.test/login/oauth/access_token");
    assert_eq!(config.google.revoke_url, "http://g.test/revoke");
}

/// Runs the `app` binary in `dir` with only `envs` set: the line it prints once it serves
/// (which names its BASE_URL and both authorize URLs), after which it is stopped; or, if it
/// exits first, what it said on stderr.
fn start(dir: &Path, envs: &[(&str, &str)]) -> Result<String, String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_app"));
    command.current_dir(dir).env_clear().envs(envs.iter().copied());
    let mut app = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(app.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _ = app.kill(); // it serves until Ctrl-C
    let output = app.wait_with_output().unwrap();
    match line.is_empty() {
        false => Ok(line.trim_end().to_string()),
        true => Err(String::from_utf8_lossy(&output.stderr).into_owned()),
    }
}

#[test]
fn the_binary_reads_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("lab.db");
    let line = start(
        dir.path(),
        &[
            ("LISTEN_ADDR", "127.0.0.1:0"),
            ("BASE_URL", "http://localhost:4321/"),
            ("DATABASE_PATH", database.to_str().unwrap()),
            ("GITHUB_CLIENT_ID", "Iv1.lab"),
            ("GITHUB_CLIENT_SECRET", "lab-secret"),
            ("GITHUB_AUTHORIZE_URL", "https://github.com/login/oauth/authorize"),
            ("GOOGLE_CLIENT_ID", "lab.apps.googleusercontent.com"),
            ("GOOGLE_CLIENT_SECRET", "lab-secret"),
            ("GOOGLE_AUTHORIZE_URL", "https://accounts.google.com/o/oauth2/v2/auth"),
        ],
    )
    .expect("the app serves");
    let expected = "The app is on http://localhost:4321/ (GitHub at https://github.com/login/oauth/authorize, Google at https://accounts.google.com/o/oauth2/v2/auth).";
    assert_eq!(line, expected);
    assert!(database.exists(), "the database is at DATABASE_PATH");
}

#[test]
fn the_binary_reads_a_dotenv_file_and_defaults_to_the_mocks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "LISTEN_ADDR=127.0.0.1:0\n").unwrap();
    let line = start(dir.path(), &[]).expect("the app serves");
    let expected = "The app is on http://localhost:3000/ (GitHub at http://127.0.0.1:3001/login/oauth/authorize, Google at http://127.0.0.1:3002/o/oauth2/v2/auth).";
    assert_eq!(line, expected);
    assert!(
        dir.path().join("logout-lab.db").exists(),
        "the default database, in the working directory"
    );
}

#[test]
fn a_base_url_that_is_not_a_url_stops_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let envs = [("LISTEN_ADDR", "127.0.0.1:0"), ("BASE_URL", "the lab")];
    let stderr = start(dir.path(), &envs).expect_err("the app refuses to start");
    assert!(stderr.contains("BASE_URL is not a URL"), "{stderr}");
}

#[test]
fn a_provider_that_is_not_the_mock_needs_its_own_client_as_the_course_says() {
    let dir = tempfile::tempdir().unwrap();
    let envs = [
        ("LISTEN_ADDR", "127.0.0.1:0"),
        ("GITHUB_API_URL", "https://api.github.com"),
        ("GITHUB_CLIENT_ID", "Iv1.lab"),
    ];
    let stderr = start(dir.path(), &envs).expect_err("the app refuses to start");
    assert!(
        stderr.contains("Missing required environment variable: GITHUB_CLIENT_SECRET"),
        "{stderr}"
    );
}

#[test]
fn a_base_url_that_is_not_http_stops_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let envs = [("LISTEN_ADDR", "127.0.0.1:0"), ("BASE_URL", "localhost:3000")];
    let stderr = start(dir.path(), &envs).expect_err("the app refuses to start");
    assert!(stderr.contains("BASE_URL is not an http(s) URL"), "{stderr}");
}

#[test]
fn a_mock_at_another_address_needs_no_client_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let envs = [
        ("LISTEN_ADDR", "127.0.0.1:0"),
        ("GITHUB_AUTHORIZE_URL", "http://127.0.0.1:4101/login/oauth/authorize"),
    ];
    let line = start(dir.path(), &envs).expect("the app serves");
    assert!(line.contains("GitHub at http://127.0.0.1:4101/login/oauth/authorize"), "{line}");
}
