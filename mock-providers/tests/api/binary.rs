//! The `mock-providers` binary, run as a person runs it: it prints where the mocks are and
//! what an app needs, serves on the addresses given, and refuses a port that is taken.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::helpers::document;

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
