//! Hints in two tiers, as rustlings keeps its hints behind `hint`: a failure always shows
//! where the page says it and the idea (`[exercise.hints]`); the precise hint for this
//! workspace's app, the functions to call (`[exercise.rust]`), comes on request
//! (`checker hint ID`) or once the same check has been the run's first failure (the one the
//! report's "Next" names, which the student is working on), failing the same way, [`RUNS`]
//! runs in a row.
//!
//! How that check failed last, and how many runs in a row, is kept in a small file,
//! `target/checker-hints.json` of the workspace ([`state_file`]); a run in which a check passes
//! forgets its streak, and one in which it fails behind another starts it again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::registry::{ExerciseId, Hint};
use crate::report::{CheckResult, Status};

/// How many runs in a row a check must fail the same way before its precise hint shows.
pub const RUNS: u32 = 3;

/// Where the streaks of this workspace are kept: `CHECKER_HINTS_FILE`, else
/// `target/checker-hints.json` of the workspace around the current folder.
pub fn state_file() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("CHECKER_HINTS_FILE") {
        return Some(file.into());
    }
    let workspace = crate::workspace::Workspace::current()?;
    Some(workspace.root.join("target").join("checker-hints.json"))
}

/// How one check failed in the last runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Streak {
    hint: Hint,
    runs: u32,
}

type Streaks = BTreeMap<ExerciseId, Streak>;

fn load(file: &Path) -> Streaks {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_default()
}

/// Written to a file beside it, then renamed over it: a reader never sees half a file.
fn save(file: &Path, streaks: &Streaks) {
    let Ok(text) = serde_json::to_string_pretty(streaks) else {
        return;
    };
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let next = file.with_extension("json.new");
    if std::fs::write(&next, text).is_ok() {
        let _ = std::fs::rename(&next, file);
    }
}

/// Counts this run's first failure into the streaks kept in `file`, and gives it its precise
/// hint once it has failed the same way [`RUNS`] runs in a row. A check that passed, or failed
/// behind the first failure (kept with 0 runs), starts again; one that did not run keeps its
/// streak.
pub fn remember(checks: &mut [CheckResult], catalog: &Catalog, file: &Path) {
    let mut streaks = load(file);
    let first = checks.iter().position(|c| c.status == Status::Fail);
    for (i, check) in checks.iter_mut().enumerate() {
        match (check.status, check.hint_key) {
            (Status::Fail, Some(hint)) if Some(i) == first => {
                let runs = match streaks.get(&check.id) {
                    Some(streak) if streak.hint == hint => streak.runs + 1,
                    _ => 1,
                };
                streaks.insert(check.id, Streak { hint, runs });
                if runs >= RUNS {
                    let exercise = catalog.get(check.id);
                    check.precise_hint = exercise
                        .and_then(|e| e.precise_hint(hint))
                        .map(String::from);
                }
            }
            // Behind the first failure: how it failed is kept for `checker hint`, not counted.
            (Status::Fail, Some(hint)) => {
                streaks.insert(check.id, Streak { hint, runs: 0 });
            }
            (Status::Pass | Status::Fail, _) => {
                streaks.remove(&check.id);
            }
            _ => {}
        }
    }
    save(file, &streaks);
}

/// `checker hint ID`: the exercise's hints for the way it failed last (or its default ones),
/// the precise one too; the exit code (0, or 2 for an unknown exercise or catalog).
pub fn command(id: &str, exercises: &Path) -> u8 {
    let catalog = match Catalog::load(exercises) {
        Ok(catalog) => catalog,
        Err(error) => {
            eprintln!("error: {error:#}");
            return 2;
        }
    };
    let exercise = ExerciseId::parse(id).and_then(|id| catalog.get(id));
    let Some(exercise) = exercise else {
        let ids: Vec<&str> = catalog.exercises.iter().map(|e| e.id.as_str()).collect();
        eprintln!(
            "error: no exercise `{id}`; the exercises are: {}",
            ids.join(", ")
        );
        return 2;
    };
    let last = state_file().and_then(|file| load(&file).get(&exercise.id).copied());
    let key = last.map_or(Hint::DEFAULT, |streak| streak.hint);
    println!("{}: {}", exercise.id, exercise.title);
    println!(
        "page:       {}",
        crate::shown(&catalog.dir.join(&exercise.file))
    );
    if let Some(streak) = last {
        let runs = match streak.runs {
            0 | 1 => "the last run".to_string(),
            n => format!("the last {n} runs in a row"),
        };
        println!("failed:     {runs}, this way");
    }
    println!("hint:       {}", exercise.hint(key));
    // The precise hint names the functions of this workspace's Rust app; an app in another
    // language has the hint above.
    match exercise.precise_hint(key) {
        Some(precise) => println!("in app/:    {precise}"),
        None => println!("in app/:    nothing more: the page and the hint above are all there is"),
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercises::{disconnect, flow, logout};
    use crate::report::CheckResult;

    fn failing(id: ExerciseId, hint: Hint) -> CheckResult {
        CheckResult {
            hint_key: Some(hint),
            ..CheckResult::new(id, String::new(), Status::Fail)
        }
    }

    #[test]
    fn the_precise_hint_comes_after_three_runs_failing_the_same_way_and_a_pass_forgets() {
        let catalog = Catalog::load(&crate::catalog::default_dir()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("target/checker-hints.json");
        let run = |hint: Hint| {
            let mut checks = [failing(logout::SPEC.id, hint)];
            remember(&mut checks, &catalog, &file);
            checks[0].precise_hint.clone()
        };
        assert_eq!(run(flow::CLEAR_COOKIE), None);
        assert_eq!(run(flow::CLEAR_COOKIE), None);
        let third = run(flow::CLEAR_COOKIE).expect("the third run in a row shows it");
        assert!(third.contains("cleared_session_cookie"), "{third}");
        assert_eq!(
            run(logout::SERVER_SESSION),
            None,
            "another way to fail starts again"
        );
        let mut passed = [CheckResult::new(
            logout::SPEC.id,
            String::new(),
            Status::Pass,
        )];
        remember(&mut passed, &catalog, &file);
        assert!(load(&file).is_empty(), "a pass forgets the streak");
    }

    #[test]
    fn only_the_first_failure_of_a_run_earns_its_precise_hint() {
        let catalog = Catalog::load(&crate::catalog::default_dir()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("checker-hints.json");
        let run = || {
            let mut checks = [
                failing(logout::SPEC.id, flow::CLEAR_COOKIE),
                failing(disconnect::SPEC.id, disconnect::NO_REVOCATION_GITHUB),
            ];
            remember(&mut checks, &catalog, &file);
            checks.map(|c| c.precise_hint.is_some())
        };
        assert_eq!(run(), [false, false]);
        assert_eq!(run(), [false, false]);
        assert_eq!(
            run(),
            [true, false],
            "disconnect fails behind logout: not worked on yet"
        );
        let streaks = load(&file);
        assert_eq!(streaks.get(&logout::SPEC.id).map(|s| s.runs), Some(3));
        let behind = streaks.get(&disconnect::SPEC.id);
        assert_eq!(
            behind.map(|s| (s.hint, s.runs)),
            Some((disconnect::NO_REVOCATION_GITHUB, 0))
        );
    }
}
