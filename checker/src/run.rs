//! Running the selected checks in order: dependencies first, dependents of a check that did
//! not pass shown skipped with the reason, each check within its timeout.

use std::time::{Duration, Instant};

use crate::catalog::Exercise;
use crate::context::{Ctx, Env, Failure, HintSource, Progress};
use crate::report::{CheckResult, Status};

/// Runs `exercises` (already in dependency order) and returns one result each.
pub async fn run_checks(env: &Env, exercises: &[&Exercise]) -> Vec<CheckResult> {
    let mut results: Vec<CheckResult> = Vec::new();
    for exercise in exercises {
        let blocked = exercise.depends_on.iter().find_map(|dependency| {
            let result = results.iter().find(|r| r.id == *dependency)?;
            (result.status != Status::Pass).then(|| {
                let what = if result.status == Status::Fail {
                    "failed"
                } else {
                    "was skipped"
                };
                format!("depends on `{dependency}`, which {what}")
            })
        });
        let result = match blocked {
            Some(reason) => CheckResult::skipped(exercise, reason),
            None => run_one(env, exercise).await,
        };
        results.push(result);
    }
    results
}

/// Runs one check; a timeout is a failure that says so.
pub async fn run_one(env: &Env, exercise: &Exercise) -> CheckResult {
    let started = Instant::now();
    let limit = Duration::from_secs(exercise.timeout_seconds);
    let progress = Progress::default();
    let outcome = tokio::time::timeout(limit, attempt(env, exercise, progress.clone())).await;
    let (outcome, steps, notes) = match outcome {
        Ok(done) => done,
        Err(_) => {
            let mut failure = Failure::new(format!(
                "the check did not finish within {} s",
                limit.as_secs()
            ))
            .expected("an answer to every request")
            .actual("no answer in time: is the app stuck waiting for a provider?");
            failure.step = progress.lock().ok().and_then(|p| p.clone());
            (Err(failure), vec![], vec![])
        }
    };
    let (status, failure) = match outcome {
        Ok(()) => (Status::Pass, None),
        Err(failure) => (Status::Fail, Some(failure)),
    };
    let hint = failure.as_ref().map(|f| match &f.hint {
        HintSource::Key(key) => exercise.hint(*key, env.own_app).to_string(),
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
        hint,
        steps,
        notes,
        duration: started.elapsed(),
    }
}

/// What one attempt at a check gives: its outcome, its steps and its notes.
type Attempt = (Result<(), Failure>, Vec<crate::report::Step>, Vec<String>);

async fn attempt(env: &Env, exercise: &Exercise, progress: Progress) -> Attempt {
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
