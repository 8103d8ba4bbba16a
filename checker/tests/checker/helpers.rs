//! Starting mocks and fixture apps for a test, running the checker against them (library or
//! binary), and reading a report: the course's statuses, the beyond section's, a check's
//! failure text, its notes, the hints of `exercises.toml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use checker::catalog::Catalog;
use checker::client::{Browser, http_client};
use checker::exercises::{
    ExerciseId, Hint, Section, disconnect_outage, foreign_origin, no_orphans, state_bound,
};
use checker::harness::Targets;
use checker::mocks::MockApi;
use checker::report::{CheckResult, Report, Status};
use checker::{Options, run};
use common::Provider;
use mock_providers::api::{RevocationRecord, TokenRecord};
pub use testkit::assert_says;
use url::Url;

use fixture_app::{Mistake, Profile};

/// Runs the hardened app with `mistake` under `--strict` and asserts that every check passes.
pub async fn passes_strict(mistake: Mistake) -> (Lab, Report) {
    let app = hardened_app(mistake).await;
    let report = app.check_strict().await;
    assert_eq!(course(&report), [Status::Pass; 5], "{report:#?}");
    assert_eq!(beyond(&report), beyond_failing(&[]), "{report:#?}");
    (app, report)
}

/// How long `disconnect-outage` waits for the fixture app's retried revocation.
pub const FIXTURE_OUTAGE_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// The mocks, and a fixture app, all on free ports ([`fixture_app::Lab`], which the
/// instructor's tests start too), with the ways these tests check and read it.
pub struct Lab(fixture_app::Lab);

impl std::ops::Deref for Lab {
    type Target = fixture_app::Lab;

    fn deref(&self) -> &fixture_app::Lab {
        &self.0
    }
}

pub async fn lab(profile: Profile, mistake: Mistake) -> Lab {
    Lab(fixture_app::Lab::start(profile, mistake).await)
}

/// The course's app, with `mistake`.
pub async fn course_app(mistake: Mistake) -> Lab {
    lab(Profile::CourseFaithful, mistake).await
}

/// The hardened app, with `mistake`.
pub async fn hardened_app(mistake: Mistake) -> Lab {
    lab(Profile::Hardened, mistake).await
}

impl Lab {
    pub fn targets(&self) -> Targets {
        Targets {
            app_url: Some(Url::parse(&self.app_url).unwrap()),
            ours: Default::default(),
            github_url: Url::parse(self.mocks.github.url()).unwrap(),
            google_url: Url::parse(self.mocks.google.url()).unwrap(),
        }
    }

    /// Runs every exercise through the library.
    pub async fn check(&self) -> Report {
        self.check_with(Options::default()).await
    }

    /// Runs every exercise with `--strict`.
    pub async fn check_strict(&self) -> Report {
        self.check_with(Options {
            strict: true,
            ..Options::default()
        })
        .await
    }

    /// Runs with these options, against this lab, with the answers of the exercises folder
    /// unless the options give others. The fixture app retries a revocation every 20 ms, so
    /// `disconnect-outage` waits a second at most for it.
    pub async fn check_with(&self, options: Options) -> Report {
        let answers = options.answers.clone();
        run(&Options {
            targets: self.targets(),
            outage_wait: FIXTURE_OUTAGE_WAIT,
            answers: answers.or_else(|| Some(options.exercises_dir.clone())),
            ..options
        })
        .await
    }
}

/// The result of check `id`.
pub fn check(report: &Report, id: ExerciseId) -> &CheckResult {
    assert_eq!(report.error, None, "the checker ran");
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} ran: {report:#?}"))
}

/// The course's statuses, in the catalog's order: logout, still-logged-in,
/// no-revoke-on-logout, disconnect, when-to-revoke.
pub fn course(report: &Report) -> [Status; 5] {
    let ids = listed().filter(|id| id.section() == Section::Course);
    let statuses: Vec<Status> = ids.map(|id| check(report, id).status).collect();
    statuses.try_into().expect("five exercises in the course")
}

/// The beyond section's statuses, by id.
pub fn beyond(report: &Report) -> BTreeMap<ExerciseId, Status> {
    let every = listed().count();
    assert_eq!(report.checks.len(), every, "every check ran: {report:#?}");
    beyond_ids()
        .map(|id| (id, check(report, id).status))
        .collect()
}

/// Every exercise of the shipped catalog, in its order.
pub fn listed() -> impl Iterator<Item = ExerciseId> {
    let catalog = Catalog::load(&checker::catalog::default_dir()).expect("the shipped catalog");
    catalog.exercises.into_iter().map(|e| e.id)
}

fn beyond_ids() -> impl Iterator<Item = ExerciseId> {
    listed().filter(|id| id.section() == Section::Beyond)
}

/// Every check beyond the course passing, but `failing`.
pub fn beyond_failing(failing: &[ExerciseId]) -> BTreeMap<ExerciseId, Status> {
    beyond_ids()
        .map(|id| {
            let status = if failing.contains(&id) {
                Status::Fail
            } else {
                Status::Pass
            };
            (id, status)
        })
        .collect()
}

/// What the course's app gets beyond the course: advice for its orphaned tokens, the
/// revocation it forgets when the provider is down, its unbound state and its missing Origin
/// check.
pub const COURSE_APP_ADVICE: [ExerciseId; 4] = [
    no_orphans::SPEC.id,
    disconnect_outage::SPEC.id,
    state_bound::SPEC.id,
    foreign_origin::SPEC.id,
];

/// The beyond section when `logout` failed: everything depending on it skipped, and
/// `no-orphaned-tokens` and `disconnect-outage` (which depend on `disconnect`) as given.
pub fn beyond_after_logout_failed(after_disconnect: Status) -> BTreeMap<ExerciseId, Status> {
    beyond_ids()
        .map(|id| {
            let after = [no_orphans::SPEC.id, disconnect_outage::SPEC.id].contains(&id);
            (
                id,
                if after {
                    after_disconnect
                } else {
                    Status::Skip
                },
            )
        })
        .collect()
}

/// A check's failure text: step, message, expected, actual, hint.
pub fn failure(report: &Report, id: ExerciseId) -> String {
    let check = check(report, id);
    assert_eq!(check.status, Status::Fail, "{id} failed: {check:#?}");
    format!(
        "step: {:?}\nmessage: {}\nexpected: {}\nactual: {}\nhint: {}",
        check.step,
        check.message.as_deref().unwrap_or(""),
        check.expected.as_deref().unwrap_or(""),
        check.actual.as_deref().unwrap_or(""),
        check.hint.as_deref().unwrap_or("")
    )
}

/// Every note of every check, in order.
pub fn all_notes(report: &Report) -> Vec<&str> {
    report
        .checks
        .iter()
        .flat_map(|c| c.notes.iter().map(String::as_str))
        .collect()
}

/// The text of hint `key` of exercise `id` in the shipped `exercises.toml`.
pub fn hint_text(id: ExerciseId, key: Hint) -> String {
    let catalog = Catalog::load(&checker::catalog::default_dir()).unwrap();
    let exercise = catalog.get(id).expect("a listed exercise");
    let text = exercise.hints.get(&key).expect("a hint of the exercise");
    text.clone()
}

/// Whether no note of the run is a tidy-up (a superseded token revoked).
pub fn no_tidy_up(report: &Report) -> bool {
    all_notes(report).iter().all(|n| !n.starts_with("tidy-up"))
}

/// The part of `text` from `start` up to the first `end` after it.
#[track_caller]
pub fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} in {text}"));
    let to = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} after {start:?}"));
    &text[from..from + to]
}

/// Asserts that `text` says each of `fragments`, each after the one before.
#[track_caller]
pub fn assert_in_order(text: &str, fragments: &[&str]) {
    let mut from = 0;
    for fragment in fragments {
        let at = text[from..].find(fragment);
        let at = at.unwrap_or_else(|| panic!("{fragment:?} after byte {from} of:\n{text}"));
        from += at + fragment.len();
    }
}

/// Check `id` failed with hint `key`, whose text says what to change (`fragment`).
pub fn assert_hint(report: &Report, id: ExerciseId, key: Hint, fragment: &str) {
    let text = hint_text(id, key);
    assert!(text.contains(fragment), "the {key:?} hint of {id}: {text}");
    assert_eq!(check(report, id).hint.as_deref(), Some(text.as_str()));
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

pub fn schema_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json")
}

impl Lab {
    fn mock(&self, provider: Provider) -> MockApi {
        let url = match provider {
            Provider::GitHub => self.mocks.github.url(),
            Provider::Google => self.mocks.google.url(),
        };
        MockApi::new(provider, &Url::parse(url).unwrap())
    }

    /// Every token of `user` at `provider`, in the order issued, as the mock tells.
    pub async fn tokens(&self, provider: Provider, user: &str) -> Vec<TokenRecord> {
        let mut browser = Browser::new(&http_client().unwrap(), None);
        let mock = self.mock(provider);
        mock.tokens(&mut browser, user).await.unwrap()
    }

    /// The endpoints with a fault still armed, at either mock.
    pub async fn armed_faults(&self) -> Vec<String> {
        let mut browser = Browser::new(&http_client().unwrap(), None);
        let mut armed = Vec::new();
        for provider in Provider::ALL {
            let state = self.mock(provider).state(&mut browser).await.unwrap();
            armed.extend(state.faults.into_iter().map(|f| f.endpoint));
        }
        armed
    }

    /// Every revocation call `provider` received, in order.
    pub async fn revocations(&self, provider: Provider) -> Vec<RevocationRecord> {
        let mut browser = Browser::new(&http_client().unwrap(), None);
        let calls = checker::mocks::Calls::LeftOut;
        let doc = self
            .mock(provider)
            .events(&mut browser, 0, calls)
            .await
            .unwrap();
        checker::judge::calls(&doc.events)
            .into_iter()
            .cloned()
            .collect()
    }
}
