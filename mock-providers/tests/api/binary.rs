//! The `mock-providers` binary, run as a person runs it: it prints where the mocks are and
//! what an app needs, serves on the addresses given, and refuses a port that is taken; with
//! `--app-url` it lets that app sign in, and `--print-env` prints the app's environment.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::json;

use crate::helpers::{Fetch, document};

const BIN: &str = env!("CARGO_BIN_EXE_mock-providers");

/// The child process, killed when the test ends, pass or fail.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `http://...` URL on the line that starts with `prefix`.
fn url_after(lines: &[String], prefix: &str) -> Option<String> {
    let line = lines.iter().find(|l| l.starts_with(prefix))?;
    let start = line.find("http://")?;
    Some(line[start..].split_whitespace().next()?.to_string())
}

/// The lines the binary prints, up to the last one of its banner (`Ctrl-C ...`).
fn banner(running: &mut Running) -> Vec<String> {
    let stdout = running.0.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    while !lines.iter().any(|l: &String| l.starts_with("Ctrl-C")) {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("the banner is printed; so far: {lines:#?}"));
        lines.push(line);
    }
    lines
}

/// Starts the binary on free ports with `extra` flags; the process and its banner's lines.
fn start(extra: &[&str]) -> (Running, Vec<String>) {
    let child = Command::new(BIN)
        .args([
            "--github-addr",
            "127.0.0.1:0",
            "--google-addr",
            "127.0.0.1:0",
        ])
        .args(extra)
        .env_remove("MOCK_SEED")
        .env_remove("MOCK_APP_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut running = Running(child);
    let lines = banner(&mut running);
    (running, lines)
}

#[tokio::test]
async fn the_binary_prints_its_urls_and_environment_and_serves_both_mocks() {
    let (_running, lines) = start(&[]);
    let github = url_after(&lines, "mock GitHub:").expect("a GitHub URL");
    let google = url_after(&lines, "mock Google:").expect("a Google URL");
    assert!(
        !github.ends_with(":0"),
        "the bound port is printed, not 0: {github}"
    );
    let text = lines.join("\n");
    for expected in [
        "GITHUB_CLIENT_ID=logout-lab-github".to_string(),
        "GITHUB_CLIENT_SECRET=logout-lab-github-secret".to_string(),
        format!("GITHUB_AUTHORIZE_URL={github}/login/oauth/authorize"),
        format!("GITHUB_TOKEN_URL={github}/login/oauth/access_token"),
        format!("GITHUB_API_URL={github}"),
        "GOOGLE_CLIENT_ID=logout-lab.apps.googleusercontent.com".to_string(),
        "GOOGLE_CLIENT_SECRET=logout-lab-google-secret".to_string(),
        format!("GOOGLE_AUTHORIZE_URL={google}/o/oauth2/v2/auth"),
        format!("GOOGLE_TOKEN_URL={google}/token"),
        format!("GOOGLE_USERINFO_URL={google}/v1/userinfo"),
        format!("GOOGLE_REVOKE_URL={google}/revoke"),
        format!("{github}/__mock/"),
        "public email null".to_string(),
        "email NOT verified".to_string(),
        "same person as Google ada@example.com".to_string(),
    ] {
        assert!(
            text.contains(&expected),
            "the banner shows {expected:?}:\n{text}"
        );
    }
    for (base, provider) in [(&github, "github"), (&google, "google")] {
        let state: serde_json::Value = document(&format!("{base}/__mock/state")).await;
        assert_eq!(state["provider"], provider, "{base} is the mock {provider}");
    }
}

#[test]
fn a_port_in_use_is_a_one_line_error_naming_the_flag() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = assert_cmd::Command::new(BIN)
        .args(["--github-addr", &addr, "--google-addr", "127.0.0.1:0"])
        .env_remove("MOCK_SEED")
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "exit code 2");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap_or_default();
    assert!(line.contains(&addr), "names the address: {stderr}");
    assert!(line.contains("--github-addr"), "names the flag: {stderr}");
    assert!(line.contains("in use"), "says why: {stderr}");
}

#[test]
fn an_unreadable_seed_file_is_an_error() {
    let output = assert_cmd::Command::new(BIN)
        .args([
            "--seed",
            "/nonexistent/seed.toml",
            "--github-addr",
            "127.0.0.1:0",
            "--google-addr",
            "127.0.0.1:0",
        ])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "exit code 2");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("/nonexistent/seed.toml"),
        "names the file: {stderr}"
    );
}

#[tokio::test]
async fn a_class_adds_one_account_per_student_at_both_mocks() {
    let (_running, lines) = start(&["--class", "3"]);
    let text = lines.join("\n");
    assert!(
        text.contains("A class of 3: student0001 ... student0003 at GitHub"),
        "{text}"
    );
    assert!(text.contains("  ada "), "the seeded users stay: {text}");
    for (prefix, field, name) in [
        ("mock GitHub:", "login", "student0003"),
        ("mock Google:", "email", "student0003@class.example"),
    ] {
        let base = url_after(&lines, prefix).unwrap();
        let state: serde_json::Value = document(&format!("{base}/__mock/state")).await;
        let names: Vec<&str> = state["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a[field].as_str())
            .collect();
        assert_eq!(names.len(), 6, "three seeded and three students: {names:?}");
        assert!(names.contains(&name), "{names:?}");
    }
}

#[test]
fn a_class_past_the_limit_is_refused_before_anything_starts() {
    let output = assert_cmd::Command::new(BIN)
        .args(["--class", "1000000", "--github-addr", "127.0.0.1:0"])
        .env_remove("MOCK_SEED")
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--class") && stderr.contains("0..=100000"),
        "{stderr}"
    );
}

/// The binary run to completion with `args` and no `MOCK_*` variable but `env`.
fn run_to_end(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = assert_cmd::Command::new(BIN);
    for name in [
        "MOCK_SEED",
        "MOCK_APP_URL",
        "MOCK_GITHUB_ADDR",
        "MOCK_GOOGLE_ADDR",
    ] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied()).args(args);
    command.timeout(Duration::from_secs(30)).output().unwrap()
}

#[test]
fn print_env_prints_the_apps_environment_from_the_flags_and_exits() {
    let addrs = [
        "--github-addr",
        "127.0.0.1:4301",
        "--google-addr",
        "localhost:4302",
    ];
    let flags = [
        &addrs[..],
        &["--print-env", "--app-url", "http://localhost:4300/"],
    ]
    .concat();
    let by_env = [&addrs[..], &["--print-env"]].concat();
    for output in [
        run_to_end(&flags, &[]),
        run_to_end(&by_env, &[("MOCK_APP_URL", "http://localhost:4300")]),
    ] {
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        let (header, block) = stdout.split_once('\n').unwrap();
        assert!(
            header.starts_with("# "),
            "a one-line comment first: {header}"
        );
        let expected = "\
BASE_URL=http://localhost:4300
GITHUB_CLIENT_ID=logout-lab-github
GITHUB_CLIENT_SECRET=logout-lab-github-secret
GITHUB_AUTHORIZE_URL=http://127.0.0.1:4301/login/oauth/authorize
GITHUB_TOKEN_URL=http://127.0.0.1:4301/login/oauth/access_token
GITHUB_API_URL=http://127.0.0.1:4301
GOOGLE_CLIENT_ID=logout-lab.apps.googleusercontent.com
GOOGLE_CLIENT_SECRET=logout-lab-google-secret
GOOGLE_AUTHORIZE_URL=http://localhost:4302/o/oauth2/v2/auth
GOOGLE_TOKEN_URL=http://localhost:4302/token
GOOGLE_USERINFO_URL=http://localhost:4302/v1/userinfo
GOOGLE_REVOKE_URL=http://localhost:4302/revoke
";
        assert_eq!(block, expected);
    }
    let defaults = run_to_end(&["--print-env"], &[]);
    let stdout = String::from_utf8(defaults.stdout).unwrap();
    for line in [
        "BASE_URL=http://localhost:3000",
        "GITHUB_API_URL=http://127.0.0.1:3001",
    ] {
        assert!(stdout.contains(line), "the defaults: {stdout}");
    }
}

#[test]
fn print_env_and_app_url_refuse_what_they_cannot_use() {
    let any_port = run_to_end(&["--print-env", "--google-addr", "127.0.0.1:0"], &[]);
    assert_eq!(any_port.status.code(), Some(2), "{any_port:?}");
    let stderr = String::from_utf8_lossy(&any_port.stderr);
    assert!(stderr.contains("--google-addr"), "names the flag: {stderr}");
    let no_scheme = run_to_end(&["--print-env", "--app-url", "localhost:4300"], &[]);
    assert_eq!(no_scheme.status.code(), Some(2), "{no_scheme:?}");
    let stderr = String::from_utf8_lossy(&no_scheme.stderr);
    assert!(stderr.contains("--app-url"), "names the flag: {stderr}");
}

#[tokio::test]
async fn an_app_url_registers_the_apps_callbacks_with_the_default_clients_at_start() {
    let app = "http://devbox.example:4300";
    let (_running, lines) = start(&["--app-url", app]);
    let text = lines.join("\n");
    assert!(text.contains(&format!("BASE_URL={app}")), "{text}");
    let github = url_after(&lines, "mock GitHub:").unwrap();
    let google = url_after(&lines, "mock Google:").unwrap();
    let authorize = [
        format!(
            "{github}/login/oauth/authorize?client_id=logout-lab-github&redirect_uri={app}/auth/github/callback"
        ),
        format!(
            "{google}/o/oauth2/v2/auth?client_id=logout-lab.apps.googleusercontent.com&redirect_uri={app}/auth/google/callback&response_type=code&scope=openid"
        ),
    ];
    for url in &authorize {
        let response = crate::helpers::browser().get(url).fetch().await;
        assert_eq!(response.status(), 302, "on to sign in: {url}");
    }
    // Seeded, not registered: a reset keeps them.
    for base in [&github, &google] {
        let (status, _) =
            crate::helpers::post_json(&format!("{base}/__mock/reset"), json!({})).await;
        assert_eq!(status, 200);
    }
    for url in &authorize {
        let response = crate::helpers::browser().get(url).fetch().await;
        assert_eq!(response.status(), 302, "after a reset too: {url}");
    }
}
