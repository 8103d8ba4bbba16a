//! Running the selected checks: dependencies first, dependents of a check that did not pass
//! shown skipped with the reason, each check within its timeout, in a lab of its own
//! in-process or in the one shared lab of an app at `--app-url` ([`Labs`]). Checks in labs of
//! their own run at once, up to `--jobs`; the results, and `--verbose` transcripts, come in
//! the catalog's order all the same.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, watch};

use crate::catalog::Exercise;
use crate::context::{Ctx, Env, Failure, HintSource, Progress};
use crate::harness::{Labs, Transcript};
use crate::registry::ExerciseId;
use crate::report::{CheckResult, Status};

/// A check's status once it has finished, for the checks that depend on it.
type Finished = watch::Receiver<Option<Status>>;

/// What every check of a run shares.
struct Shared {
    env: Env,
    labs: Labs,
}

/// Runs `exercises` (already in dependency order) in `labs` and returns one result each, in
/// the same order.
pub async fn run_checks(env: Env, labs: Labs, exercises: Vec<Exercise>) -> Vec<CheckResult> {
    let jobs = Arc::new(Semaphore::new(labs.jobs().min(Semaphore::MAX_PERMITS)));
    // Checks that overlap keep their transcripts until the ones before them are written.
    let overlap = labs.jobs() > 1;
    let shared = Arc::new(Shared { env, labs });
    let mut statuses: Vec<(ExerciseId, Finished)> = Vec::new();
    let mut running = Vec::new();
    for exercise in exercises {
        let after: Vec<(ExerciseId, Finished)> = statuses
            .iter()
            .filter(|(id, _)| exercise.depends_on.contains(id))
            .cloned()
            .collect();
        let (finished, finished_rx) = watch::channel(None);
        statuses.push((exercise.id, finished_rx));
        let transcript = Transcript::new(shared.env.log.clone(), overlap);
        let log = transcript.log();
        let shared = Arc::clone(&shared);
        // Checks start in the catalog's order, each once a turn is free; a check waiting for
        // its dependencies holds its turn, which they, started before it, do not need.
        let turn = Arc::clone(&jobs)
            .acquire_owned()
            .await
            .expect("never closed");
        let task = tokio::spawn(async move {
            let result = match blocked(after).await {
                Some(reason) => CheckResult::skipped(&exercise, reason),
                None => in_lab(&shared.env, &shared.labs, &exercise, log).await,
            };
            drop(turn);
            finished.send_replace(Some(result.status));
            result
        });
        running.push((task, transcript));
    }
    let mut results = Vec::new();
    for (task, transcript) in running {
        let result = task
            .await
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        transcript.flush();
        results.push(result);
    }
    results
}

/// Why a check cannot run: the first of its dependencies that did not pass, once known.
async fn blocked(after: Vec<(ExerciseId, Finished)>) -> Option<String> {
    for (dependency, mut finished) in after {
        let status = match finished.wait_for(Option::is_some).await {
            Ok(status) => *status,
            Err(_) => None,
        };
        let what = match status {
            Some(Status::Pass) => continue,
            Some(Status::Fail) | None => "failed",
            Some(Status::Skip) => "was skipped",
        };
        return Some(format!("depends on `{dependency}`, which {what}"));
    }
    None
}

/// Runs one check in its lab; a lab that cannot start fails the check, saying why.
async fn in_lab(
    env: &Env,
    labs: &Labs,
    exercise: &Exercise,
    log: Option<crate::client::Log>,
) -> CheckResult {
    if let Some(log) = &log {
        log(&format!("== {}", exercise.id));
    }
    match labs.env_for(env, exercise, log).await {
        Ok((env, _lab)) => run_one(&env, exercise).await,
        Err(why) => CheckResult {
            message: Some(format!("could not start a lab for this check: {why}")),
            ..CheckResult::new(exercise.id, exercise.title.clone(), Status::Fail)
        },
    }
}

/// Runs one check; a timeout is a failure that says so.
pub async fn run_one(env: &Env, exercise: &Exercise) -> CheckResult {
    let started = Instant::now();
    let limit = Duration::from_secs(exercise.timeout_seconds);
    let progress = std::sync::Arc::new(Progress::default());
    let outcome = tokio::time::timeout(limit, attempt(env, exercise, progress.clone())).await;
    progress.disarm(env).await;
    let (outcome, steps, notes) = match outcome {
        Ok(done) => done,
        Err(_) => {
            let mut failure = Failure::new(format!(
                "the check did not finish within {} s",
                limit.as_secs()
            ))
            .expected("an answer to every request, in time")
            .actual("no answer yet: the app is still busy with the step named above");
            failure.step = progress.step();
            (Err(failure), vec![], vec![])
        }
    };
    let (status, failure) = match outcome {
        Ok(()) => (Status::Pass, None),
        Err(failure) => (Status::Fail, Some(failure)),
    };
    let hint = failure.as_ref().map(|f| match &f.hint {
        HintSource::Key(key) => {
            debug_assert!(
                exercise.id.hints().contains(key),
                "{} raised hint `{key}`, which its SPEC does not list",
                exercise.id
            );
            exercise.hint(*key).to_string()
        }
        HintSource::Lesson => env.catalog.rules.unnecessary_revocation.clone(),
        HintSource::LessonGoogleGrant => {
            let rules = &env.catalog.rules;
            format!("{} {}", rules.unnecessary_revocation, rules.google_grant)
        }
    });
    CheckResult {
        id: exercise.id,
        title: exercise.title.clone(),
        section: exercise.id.section(),
        status,
        message: failure.as_ref().map(|f| f.message.clone()),
        step: failure.as_ref().and_then(|f| f.step.clone()),
        expected: failure.as_ref().and_then(|f| f.expected.clone()),
        actual: failure.as_ref().and_then(|f| f.actual.clone()),
        rule: failure.as_ref().and_then(|f| f.rule.map(str::to_string)),
        hint,
        hint_key: failure.as_ref().and_then(|f| match f.hint {
            HintSource::Key(key) => Some(key),
            _ => None,
        }),
        precise_hint: None,
        steps,
        notes,
        duration: started.elapsed(),
    }
}

/// What one attempt at a check gives: its outcome, its steps and its notes.
type Attempt = (Result<(), Failure>, Vec<crate::report::Step>, Vec<String>);

async fn attempt(env: &Env, exercise: &Exercise, progress: std::sync::Arc<Progress>) -> Attempt {
    let mut ctx = match Ctx::new(env, exercise, progress).await {
        Ok(ctx) => ctx,
        Err(failure) => return (Err(failure), vec![], vec![]),
    };
    let mut outcome = exercise.id.run(&mut ctx).await;
    if outcome.is_ok() {
        // The last step's judge.
        outcome = ctx.finish().await;
    }
    let failed = outcome.is_err();
    let (steps, notes, open) = ctx.into_outcome(failed).await;
    if let Err(failure) = &mut outcome
        && failure.step.is_none()
    {
        failure.step = open;
    }
    (outcome, steps, notes)
}
