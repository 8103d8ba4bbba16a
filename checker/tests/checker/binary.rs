//! Running the checker binary as a person or a CI job would.

use std::path::Path;

use crate::helpers::Lab;
use crate::schema::validate_report;

/// The checker binary, with no colour forcing from the environment.
pub fn checker_bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("checker").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CHECKER_APP_URL")
        .env_remove("CHECKER_GITHUB_URL")
        .env_remove("CHECKER_GOOGLE_URL")
        .env_remove("CHECKER_SETTLE_MS")
        .env_remove("CHECKER_JOBS")
        // The failing streaks of hints stay out of the workspace's own `target/`.
        .env("CHECKER_HINTS_FILE", hints_file());
    cmd
}

/// Where the binaries these tests run keep their failing streaks: one file per test process.
fn hints_file() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("checker-hints-{}.json", std::process::id()))
}

/// The binary's stdout, once it exited with `code`.
pub fn stdout_of(command: &mut assert_cmd::Command, code: i32) -> String {
    let output = command.assert().code(code).get_output().stdout.clone();
    String::from_utf8(output).unwrap()
}

/// Runs the binary with `args` and `--format json --junit JUNIT`, expecting `code`: the JSON
/// report, checked against its schema.
pub fn json_report(args: &[&str], junit: &Path, code: i32) -> serde_json::Value {
    let mut command = checker_bin();
    command
        .args(args)
        .args(["--format", "json", "--junit"])
        .arg(junit);
    let value = serde_json::from_str(&stdout_of(&mut command, code)).expect("one JSON document");
    validate_report(&value);
    value
}

impl Lab {
    /// Runs the binary against this lab (served by the test's runtime) with `args`, and the
    /// exercises folder's answers.
    pub async fn run_binary(&self, args: &[&str]) -> std::process::Output {
        let mut cmd = checker_bin();
        cmd.args(["--app-url", &self.app_url])
            .arg("--answers")
            .arg(checker::catalog::default_dir())
            .args(["--github-url", self.mocks.github.url()])
            .args(["--google-url", self.mocks.google.url()])
            .args(["--outage-wait-secs", "1"])
            .args(args);
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn watching_an_app_at_app_url_needs_its_folder() {
    let app = crate::helpers::course_app(fixture_app::Mistake::None).await;
    let output = app.run_binary(&["--watch"]).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`--watch .`"), "{stderr}");
}

#[tokio::test]
async fn watching_an_app_at_app_url_runs_again_when_its_folder_changes() {
    use std::io::{BufRead, BufReader};
    let app = crate::helpers::course_app(fixture_app::Mistake::None).await;
    let folder = tempfile::tempdir().unwrap();
    let source = folder.path().join("server.ts");
    std::fs::write(&source, "// the app").unwrap();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("checker"));
    command
        .args(["--app-url", &app.app_url, "--only", "logout", "--watch"])
        .arg(folder.path())
        .args(["--github-url", app.mocks.github.url()])
        .args(["--google-url", app.mocks.google.url()])
        .env("CHECKER_HINTS_FILE", hints_file())
        .stdout(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    // Reads the watch's output until it waits twice: once at the start, once after the edit.
    let lines = tokio::task::spawn_blocking(move || {
        let mut seen = Vec::new();
        let mut waits = 0;
        for line in stdout.lines() {
            let line = line.unwrap();
            if line.starts_with("Watching ") {
                waits += 1;
                if waits == 1 {
                    std::fs::write(&source, "// the app, edited").unwrap();
                }
            }
            seen.push(line);
            if waits == 2 {
                break;
            }
        }
        seen
    });
    let lines = tokio::time::timeout(std::time::Duration::from_secs(60), lines).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let text = lines.expect("two runs within a minute").unwrap().join("\n");
    let folder_name = folder.path().display().to_string();
    crate::helpers::assert_says(
        &text,
        &[
            "POST /logout ends the app's session",
            &format!("Watching {folder_name} for changes"),
            "server.ts changed: running the checker again",
        ],
    );
    assert_eq!(text.matches("1 passed").count(), 2, "{text}");
}
