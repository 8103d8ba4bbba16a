//! `instructor load`: a class at once. N simulated students, each with a browser of its own,
//! repeat the lesson's cycle ([`student`]) against the app and the mocks (in-process by
//! default, or `--app-url`) for a duration or a number of cycles, all at the same time.
//!
//! At the end: complete cycles per second, each step's latency percentiles, errors by kind,
//! and the correctness figures under load, which must be 0: sessions lost, sessions crossed
//! and tokens revoked unnecessarily (read from the mocks at the end, as the checker judges
//! them: a token ended by a call while it was still the newest of its student). The exit
//! code is 1 when any of them, or any error, is not 0 ([`figures`]).
//!
//! A progress line while it runs: a bar on a terminal (`indicatif`), a plain line a second
//! otherwise.

mod class;
mod cli;
pub mod figures;
mod student;

use std::collections::HashSet;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use checker::client::{Browser, http_client};
use checker::harness::{self, CannotRun, Targets};
use checker::judge::superseded_by;
use checker::mocks::MockApi;
use common::Provider;
use mock_providers::api::TokenKind;

pub use self::class::seeds as class_seeds;
pub use self::cli::{LoadArgs, main};

use self::class::Student;
use self::figures::{Figures, Recorder, Run};
use self::student::Desk;

/// What a load run is asked to do.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub targets: Targets,
    pub students: usize,
    /// How long the students keep going (unless `cycles` are done first).
    pub duration: Duration,
    /// Stop once this many cycles are complete, in all.
    pub cycles: Option<u64>,
    /// The class's pace, cycles per second in all, spread evenly over the students; `None`:
    /// each student starts the next cycle as soon as the last one ends.
    pub rate: Option<f64>,
    /// Show progress on standard error.
    pub progress: bool,
}

/// Runs the class and measures it.
pub async fn run(options: &LoadOptions) -> Result<Figures, CannotRun> {
    let in_process = options.targets.app_url.is_none();
    let http = http_client().map_err(|e| CannotRun(format!("{e:#}")))?;
    let seeds = class::seeds(options.students, options.duration);
    let running = harness::start_with(&options.targets, &http, None, &seeds).await?;
    let seeded = class::seeded(options.students);
    let own_accounts = class_is_seeded(&running, &http, &seeded).await?;
    let class = match own_accounts {
        true => seeded,
        false => class::sharing_ada(options.students),
    };
    let targets = Arc::new(student::Targets {
        app: running.app.clone(),
        github: running.github.clone(),
        google: running.google.clone(),
    });
    let recorder = Arc::new(Recorder::new());
    let started = Instant::now();
    let budget = Arc::new(AtomicU64::new(options.cycles.unwrap_or(u64::MAX)));
    let deadline = started + options.duration;
    let progress = tokio::spawn(show_progress(recorder.clone(), options.clone(), started));
    let desks: Vec<_> = class
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, student)| {
            let (targets, recorder, budget) = (targets.clone(), recorder.clone(), budget.clone());
            let browser = Browser::new(&http, None);
            let mut pace = options
                .rate
                .map(|rate| Pace::new(rate, i, class.len(), started));
            tokio::spawn(async move {
                let mut desk = Desk {
                    student: &student,
                    browser,
                    targets: &targets,
                    recorder: &recorder,
                    done: 0,
                };
                loop {
                    if let Some(pace) = &mut pace {
                        let Some(late) = pace.next(deadline).await else {
                            break;
                        };
                        recorder.step(figures::Step::StartDelay, late);
                    }
                    if Instant::now() >= deadline || !take_one(&budget) {
                        break;
                    }
                    desk.cycle().await;
                }
            })
        })
        .collect();
    for desk in desks {
        let _ = desk.await;
    }
    let elapsed = started.elapsed();
    progress.abort();
    let unnecessary = revoked_unnecessarily(&class, &running, &http).await?;
    let run = Run {
        app: running.target().app_url,
        in_process,
        own_accounts,
        students: options.students,
        rate: options.rate,
        elapsed,
    };
    Ok(recorder.figures(run, unnecessary))
}

/// Whether both mocks have an account for every student of `class` (the mocks a load
/// starts do, and so do mocks started with `--class N`).
async fn class_is_seeded(
    running: &harness::Running,
    http: &reqwest::Client,
    class: &[Student],
) -> Result<bool, CannotRun> {
    let mut inspector = Browser::new(http, None);
    for (provider, base) in [
        (Provider::GitHub, &running.github),
        (Provider::Google, &running.google),
    ] {
        let state = MockApi::new(provider, base)
            .state(&mut inspector)
            .await
            .map_err(|e| CannotRun(format!("cannot read the mock's accounts: {e:#}")))?;
        let names: HashSet<&str> = state.accounts.iter().map(|a| a.username()).collect();
        if !class.iter().all(|s| names.contains(s.account(provider))) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// One student's share of the class's pace: a cycle due every `students / rate` seconds,
/// the students' first cycles spread evenly over the first of those periods.
struct Pace {
    due: Instant,
    every: Duration,
}

impl Pace {
    fn new(rate: f64, student: usize, students: usize, started: Instant) -> Pace {
        let every = Duration::from_secs_f64(students as f64 / rate);
        Pace {
            due: started + every.mul_f64(student as f64 / students as f64),
            every,
        }
    }

    /// Waits until the next cycle is due and returns how late it starts, or `None` when it
    /// would be due after `deadline`.
    async fn next(&mut self, deadline: Instant) -> Option<Duration> {
        if self.due >= deadline {
            return None;
        }
        tokio::time::sleep_until(self.due.into()).await;
        let late = self.due.elapsed();
        self.due += self.every;
        Some(late)
    }
}

/// Takes one cycle from the budget; `false` once it is spent.
fn take_one(budget: &AtomicU64) -> bool {
    budget
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
        .is_ok()
}

/// A bar on a terminal, a plain line a second otherwise, until aborted.
async fn show_progress(recorder: Arc<Recorder>, options: LoadOptions, started: Instant) {
    if !options.progress {
        return;
    }
    let total = options.duration.as_millis() as u64;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(total);
        let style = indicatif::ProgressStyle::with_template("{bar:30} {elapsed:>4} {msg}");
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar
    });
    let mut tick = tokio::time::interval(Duration::from_millis(match bar {
        Some(_) => 200,
        None => 1000,
    }));
    tick.tick().await;
    loop {
        tick.tick().await;
        let elapsed = started.elapsed();
        let cycles = recorder.cycles();
        let rate = cycles as f64 / elapsed.as_secs_f64().max(0.001);
        let line = format!(
            "{cycles} cycles ({rate:.0}/s), {} errors",
            recorder.errors()
        );
        match &bar {
            Some(bar) => {
                bar.set_position(elapsed.as_millis() as u64);
                bar.set_message(line);
            }
            None => eprintln!("{:>5.1} s: {line}", elapsed.as_secs_f64()),
        }
    }
}

/// Tokens the app ended while they were still the newest of their student at the provider
/// the student logs in with: a call ended them, and no later login had replaced them.
async fn revoked_unnecessarily(
    class: &[Student],
    running: &harness::Running,
    http: &reqwest::Client,
) -> Result<u64, CannotRun> {
    let mut inspector = Browser::new(http, None);
    let mut seen = HashSet::new();
    let mut count = 0;
    for student in class {
        let account = student.account(student.via).to_string();
        if !seen.insert((student.via, account.clone())) {
            continue;
        }
        let base = match student.via {
            Provider::GitHub => &running.github,
            Provider::Google => &running.google,
        };
        let tokens = MockApi::new(student.via, base)
            .tokens(&mut inspector, &account)
            .await
            .map_err(|e| CannotRun(format!("cannot read the mock's tokens: {e:#}")))?;
        count += tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Access)
            .filter_map(|t| t.ended.as_ref().map(|e| (t, e)))
            .filter(|(t, e)| e.endpoint.is_some() && superseded_by(t, e.seq, &tokens).is_none())
            .count() as u64;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pace_spreads_the_students_first_cycles_over_one_period() {
        let started = Instant::now();
        let pace = |student| Pace::new(10.0, student, 4, started);
        assert_eq!(pace(0).every, Duration::from_millis(400));
        let firsts: Vec<Duration> = (0..4).map(|i| pace(i).due - started).collect();
        assert_eq!(
            firsts,
            [0, 100, 200, 300].map(Duration::from_millis),
            "one student's cycle every 100 ms, 10 per second in all"
        );
    }
}
