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
    /// Runs the binary against this lab (served by the test's runtime) with `args`.
    pub async fn run_binary(&self, args: &[&str]) -> std::process::Output {
        let mut cmd = checker_bin();
        cmd.args(["--app-url", &self.app_url])
            .args(["--github-url", self.mocks.github.url()])
            .args(["--google-url", self.mocks.google.url()])
            .args(["--outage-wait-secs", "1"])
            .args(args);
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap()
    }
}
