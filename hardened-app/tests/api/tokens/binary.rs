//! The app's binary on a test's database, against its mocks: for what only a process shows
//! (a `SIGKILL`, the log).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::*;

/// The binary, serving; what it logged so far is kept.
pub struct Binary {
    pub child: Child,
    pub url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Binary {
    /// Starts the binary on `app`'s database, with its key and mocks, on a free port, and
    /// returns once it serves. A thread reads its output to the end (a full pipe would stop
    /// it), so the mocks, in this test's runtime, stay free to answer it.
    pub async fn start(app: &TestApp, first_retry_ms: u64) -> Binary {
        let mut child = command(app, first_retry_ms)
            .stdout(Stdio::piped())
            // A start-up error shows in the test's output.
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the app binary starts");
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let (serving, url) = tokio::sync::oneshot::channel();
        let kept = log.clone();
        std::thread::spawn(move || {
            let mut serving = Some(serving);
            for line in stdout.lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Open ")
                    && let Some(tx) = serving.take()
                {
                    let url = rest.split_whitespace().next().unwrap_or_default();
                    let _ = tx.send(url.to_string());
                }
                kept.lock().unwrap().push(plain(&line));
            }
        });
        let url = url.await.expect("the app binary stopped before serving");
        Binary { child, url, log }
    }

    /// Waits (20 s at most) for a log line containing every one of `words`, and returns it.
    pub async fn logged(&self, words: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let log = self.log.lock().unwrap().clone();
            if let Some(line) = log.iter().find(|l| words.iter().all(|w| l.contains(w))) {
                return line.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no log line with {words:?} in 20 s:\n{}",
                log.join("\n")
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// `SIGKILL`: no shutdown, nothing flushed by the app itself.
    pub fn kill(self) {
        drop(self);
    }
}

/// Killed however the test ends, a failed assertion included: no process outlives its test.
impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary's command: `app`'s database, key and mocks, any free port, no timeline.
fn command(app: &TestApp, first_retry_ms: u64) -> Command {
    let github = app.mocks.github.url();
    let google = app.mocks.google.url();
    let hardened_app::KeySource::Key(key) = &app.config.token_key else {
        panic!("tests give the app its key");
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_hardened-app"));
    command
        .env_clear()
        .env("NO_COLOR", "1")
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
        .env("GOOGLE_REVOKE_URL", format!("{google}/revoke"));
    command
}

/// A log line without terminal escapes.
fn plain(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars
                .by_ref()
                .take_while(|c| !c.is_ascii_alphabetic())
                .for_each(drop);
        } else {
            out.push(c);
        }
    }
    out
}
