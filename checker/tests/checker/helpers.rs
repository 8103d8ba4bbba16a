//! Starting mocks and apps for a test, and running the checker against them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use checker::harness::Targets;
use checker::report::{Report, Status};
use checker::{Options, run};
use mock_providers::MockProviders;
use url::Url;

use crate::fixture_app::{self, Mistake};

/// The mocks, and the fixture app with `mistake`, all on free ports.
pub struct Broken {
    pub mocks: MockProviders,
    pub app_url: String,
}

pub async fn broken_app(mistake: Mistake) -> Broken {
    let mocks = MockProviders::start_on_free_ports(&Default::default())
        .await
        .expect("mocks start");
    let app_url = fixture_app::start(mistake, mocks.github.url(), mocks.google.url()).await;
    Broken { mocks, app_url }
}

impl Broken {
    pub fn targets(&self) -> Targets {
        Targets {
            app_url: Some(Url::parse(&self.app_url).unwrap()),
            github_url: Url::parse(self.mocks.github.url()).unwrap(),
            google_url: Url::parse(self.mocks.google.url()).unwrap(),
        }
    }

    /// Runs every exercise through the library.
    pub async fn check(&self) -> Report {
        run(&Options {
            targets: self.targets(),
            ..Options::default()
        })
        .await
    }
}

/// Each check's status, by id.
pub fn statuses(report: &Report) -> BTreeMap<String, Status> {
    assert_eq!(report.error, None, "the checker ran");
    report
        .checks
        .iter()
        .map(|c| (c.id.clone(), c.status))
        .collect()
}

/// Statuses in the catalog's order: logout, still-logged-in, no-revoke-on-logout, disconnect,
/// when-to-revoke.
pub fn expect(statuses: [Status; 5]) -> BTreeMap<String, Status> {
    checker::exercises::KNOWN
        .iter()
        .map(|id| id.to_string())
        .zip(statuses)
        .collect()
}

/// A check's failure text: message, expected, actual, hint.
pub fn failure(report: &Report, id: &str) -> String {
    let check = report
        .checks
        .iter()
        .find(|c| c.id == id)
        .expect("the check ran");
    assert_eq!(check.status, Status::Fail, "{id} failed");
    format!(
        "step: {:?}\nmessage: {}\nexpected: {}\nactual: {}\nhint: {}",
        check.step,
        check.message.as_deref().unwrap_or(""),
        check.expected.as_deref().unwrap_or(""),
        check.actual.as_deref().unwrap_or(""),
        check.hint.as_deref().unwrap_or("")
    )
}

/// A copy of the shipped exercises folder with `answer` as the student's answer.
pub fn exercises_with_answer(answer: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let shipped = checker::catalog::default_dir();
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    std::fs::write(dir.path().join("when-to-revoke.answer.toml"), answer).unwrap();
    dir
}

/// The checker binary, with no colour forcing from the environment.
pub fn checker_bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("checker").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CHECKER_APP_URL")
        .env_remove("CHECKER_GITHUB_URL")
        .env_remove("CHECKER_GOOGLE_URL");
    cmd
}

pub fn schema_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json")
}
