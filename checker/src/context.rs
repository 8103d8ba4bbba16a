//! What every exercise works with: [`Ctx`] (the browser, the steps so far, the judge of each
//! step) and [`Failure`] (expected, actual, hint).
//!
//! The judge is the lesson's point: when a step ends, the checker reads both mocks' events of
//! the step and judges every token that ended and every refused revocation call by the rules
//! of [`crate::rules`] ([`crate::judge`] does the judging). Ending the token the app holds
//! outside a disconnect fails the check with "token revoked unnecessarily"; tidy-up and what
//! the provider did by itself become notes of the check. Steps end when the next one starts
//! or the check finishes, so no exercise can skip the judge.

use std::time::{Duration, Instant};

use mock_providers::api::{EventRecord, TokenRecord};

pub use crate::env::Env;
pub use crate::failure::{Failure, HintSource};
use common::Provider;

use crate::catalog::{Catalog, Exercise};
use crate::client::{Browser, Record};
use crate::judge::{self, Seen, StepKind, Verdict};
use crate::report::{Exchange, Status, Step};
use crate::rules;
use crate::sequence::{self, Lifelines};

/// How long the mocks must have been quiet before a check's last step is judged. An app may
/// revoke without waiting for the call (a `fetch` not awaited), so the call reaches the mock
/// just after the app's answer; the next step's judge sees it, but after the last step there
/// is none. The wait ends once neither mock has logged an event for this long, so a call
/// sent up to this long after the app's answer is caught, and an app still calling keeps
/// the wait going, up to [`SETTLE_LIMIT`] times as long.
pub const SETTLE: Duration = Duration::from_millis(10);
/// How many quiet times a settle lasts at most, while the mocks keep logging events.
const SETTLE_LIMIT: u32 = 10;

struct Current {
    name: String,
    started: Instant,
    kind: StepKind,
    /// The step's events so far, per provider (GitHub, Google).
    events: [Vec<EventRecord>; 2],
}

/// One check's running state.
pub struct Ctx<'a> {
    pub env: &'a Env,
    pub exercise: &'a Exercise,
    /// The student's browser; [`Browser::another`] gives more of them.
    pub browser: Browser,
    /// The checker's own client for `/__mock/` (no cookies of the student's browser).
    pub inspector: Browser,
    steps: Vec<Step>,
    current: Option<Current>,
    /// The sequence number of the next event not yet read, per provider.
    marks: [u64; 2],
    /// Where the check began at each mock: the tokens issued before are not the check's (a
    /// run against mocks found running meets what earlier runs left there).
    began: [u64; 2],
    /// Tidy-up and what the providers did by themselves, for the report.
    notes: Vec<String>,
    /// The running step's name and the faults armed, for the runner.
    progress: std::sync::Arc<Progress>,
    /// What the check's browsers sent, taken at the end of each step for its diagram.
    record: Record,
    lifelines: Lifelines,
}

/// What the runner must know of a check however it ends, a timeout included: the step it is
/// in, and the mocks where it armed faults (the runner disarms them, so that a check that
/// failed halfway leaves no provider down for the next check, or the next run).
#[derive(Debug, Default)]
pub struct Progress {
    pub step: std::sync::Mutex<Option<String>>,
    pub armed: std::sync::Mutex<Vec<Provider>>,
}

impl Progress {
    /// The step the check was in.
    pub fn step(&self) -> Option<String> {
        self.step.lock().ok().and_then(|step| step.clone())
    }

    /// Disarms the faults the check left armed.
    pub async fn disarm(&self, env: &Env) {
        let armed = self.armed.lock().map(|mut a| std::mem::take(&mut *a));
        let mut inspector = Browser::new(&env.http, None);
        for provider in armed.unwrap_or_default() {
            let _ = env.mock(provider).clear_faults(&mut inspector).await;
        }
    }
}

/// A provider's slot in the per-provider arrays (GitHub, Google).
pub fn index(provider: Provider) -> usize {
    match provider {
        Provider::GitHub => 0,
        Provider::Google => 1,
    }
}

impl<'a> Ctx<'a> {
    /// A fresh browser, and the mocks' event logs marked so that only later events count.
    pub async fn new(
        env: &'a Env,
        exercise: &'a Exercise,
        progress: std::sync::Arc<Progress>,
    ) -> Result<Ctx<'a>, Failure> {
        let record = Record::default();
        let mut browser = Browser::new(&env.http, env.log.clone());
        browser.record = Some(record.clone());
        let mut ctx = Ctx {
            env,
            exercise,
            browser,
            inspector: Browser::new(&env.http, env.log.clone()),
            steps: vec![],
            current: None,
            marks: [0, 0],
            began: [0, 0],
            notes: vec![],
            progress,
            record,
            lifelines: Lifelines::new(&env.app, &env.github.base, &env.google.base),
        };
        if exercise.id.drives_app() {
            for provider in Provider::ALL {
                let mark = env.mock(provider).next_seq(&mut ctx.inspector).await?;
                ctx.marks[index(provider)] = mark;
            }
            ctx.began = ctx.marks;
        }
        Ok(ctx)
    }

    pub fn catalog(&self) -> &Catalog {
        &self.env.catalog
    }

    /// Ends the current step (with the judge) and starts a new one, which must leave the
    /// tokens the app holds alive.
    pub async fn step(&mut self, name: impl Into<String>) -> Result<(), Failure> {
        self.begin(name.into(), StepKind::Plain).await
    }

    /// Ends the current step and starts a disconnect of `provider`, the one kind of step
    /// allowed to end that provider's tokens: the check itself judges them, with
    /// [`Ctx::events`] and [`Ctx::tokens`].
    pub async fn disconnect_step(
        &mut self,
        name: impl Into<String>,
        provider: Provider,
    ) -> Result<(), Failure> {
        self.begin(name.into(), StepKind::Disconnect(provider))
            .await
    }

    async fn begin(&mut self, name: String, kind: StepKind) -> Result<(), Failure> {
        self.end_step().await?;
        if let Ok(mut step) = self.progress.step.lock() {
            *step = Some(name.clone());
        }
        self.current = Some(Current {
            name,
            started: Instant::now(),
            kind,
            events: [vec![], vec![]],
        });
        Ok(())
    }

    /// Ends the check's last step, after [`Ctx::settle`]: what the runner calls when a check
    /// returns.
    pub async fn finish(&mut self) -> Result<(), Failure> {
        if self.exercise.id.drives_app() && self.current.is_some() {
            self.settle().await?;
        }
        self.end_step().await
    }

    /// Gives late calls time to arrive: waits until neither mock has logged an event for
    /// `Env::settle` ([`SETTLE`] by default), at most [`SETTLE_LIMIT`] times that. The mock
    /// GitHub says when it has been quiet that long (`quiet_ms`); if the mock Google logged
    /// nothing meanwhile, it has been quiet as long, and the settle ends; otherwise it waits
    /// again.
    pub async fn settle(&mut self) -> Result<(), Failure> {
        let quiet = self.env.settle;
        let limit = Instant::now() + quiet * SETTLE_LIMIT;
        loop {
            let google = self.event_count(Provider::Google);
            self.read_events(Provider::GitHub, Some(quiet)).await?;
            self.read_events(Provider::Google, None).await?;
            if self.event_count(Provider::Google) == google || Instant::now() >= limit {
                return Ok(());
            }
        }
    }

    /// How many events the current step has seen so far at `provider`'s mock.
    fn event_count(&self, provider: Provider) -> usize {
        self.current
            .as_ref()
            .map_or(0, |c| c.events[index(provider)].len())
    }

    /// Ends the current step, with the judge.
    pub async fn end_step(&mut self) -> Result<(), Failure> {
        if self.current.is_none() {
            return Ok(());
        }
        let judged = self.judge_step().await;
        let current = self.current.take().expect("a step is running");
        let failed = judged.as_ref().map_or(true, |v| !v.violations.is_empty());
        let revoked = judged.as_ref().map_or(&[][..], |v| &v.unnecessary[..]);
        self.steps.push(Step {
            name: current.name.clone(),
            status: if failed { Status::Fail } else { Status::Pass },
            duration: current.started.elapsed(),
            exchanges: self.exchanges(&current, revoked),
        });
        match judged {
            Err(mut failure) => {
                failure.step = Some(current.name);
                Err(failure)
            }
            Ok(verdict) if !verdict.violations.is_empty() => {
                Err(unnecessary(&current.name, &verdict.violations))
            }
            Ok(verdict) => {
                self.notes.extend(verdict.notes);
                Ok(())
            }
        }
    }

    /// Reads the rest of the current step's events and judges them.
    async fn judge_step(&mut self) -> Result<Verdict, Failure> {
        let mut verdict = Verdict::default();
        if !self.exercise.id.drives_app() {
            return Ok(verdict);
        }
        self.events().await?;
        let current = self.current.as_ref().expect("a step is running");
        let (name, kind, all) = (current.name.clone(), current.kind, current.events.clone());
        for provider in Provider::ALL {
            let events = &all[index(provider)];
            if !judge::anything_to_judge(events) {
                continue;
            }
            let mut tokens = Vec::new();
            for user in judge::users_to_read(events) {
                tokens.extend(self.all_tokens(provider, &user).await?);
            }
            let seen = Seen {
                provider,
                events,
                tokens: &tokens,
                began: self.began[index(provider)],
            };
            judge::judge(&name, kind, &seen, &mut verdict);
        }
        Ok(verdict)
    }

    /// Reads both mocks' new events into the current step and returns the step's events so
    /// far, per provider (GitHub, Google).
    pub async fn events(&mut self) -> Result<[Vec<EventRecord>; 2], Failure> {
        for provider in Provider::ALL {
            self.read_events(provider, None).await?;
        }
        let current = self.current.as_ref();
        Ok(current.map_or([vec![], vec![]], |c| c.events.clone()))
    }

    /// Reads `provider`'s new events into the current step; with `quiet`, once the mock has
    /// logged none for that long.
    async fn read_events(
        &mut self,
        provider: Provider,
        quiet: Option<Duration>,
    ) -> Result<(), Failure> {
        let i = index(provider);
        let since = self.marks[i].saturating_sub(1);
        let (mock, calls) = (self.env.mock(provider), self.env.calls);
        let doc = match quiet {
            None => mock.events(&mut self.inspector, since, calls).await?,
            Some(quiet) => {
                mock.events_once_quiet(&mut self.inspector, since, quiet, calls)
                    .await?
            }
        };
        if doc.events.first().is_some_and(|e| e.seq > self.marks[i]) {
            return Err(Failure::new(format!(
                "the mock {}'s event log overflowed during the step, so the checker cannot \
                 tell what happened; start the mocks with a larger --max-events",
                provider.name()
            )));
        }
        self.marks[i] = doc.next_seq;
        if let Some(current) = &mut self.current {
            current.events[i].extend(doc.events);
        }
        Ok(())
    }

    /// Every token `provider` issued to `user` (a login, an email or an account key) since
    /// the check began, in the order they were issued. Earlier ones belong to earlier checks
    /// or runs, so neither the judge nor a check looks at them.
    pub async fn tokens(
        &mut self,
        provider: Provider,
        user: &str,
    ) -> Result<Vec<TokenRecord>, Failure> {
        let began = self.began[index(provider)];
        let mut tokens = self.all_tokens(provider, user).await?;
        tokens.retain(|token| token.issued_seq >= began);
        Ok(tokens)
    }

    /// Every token of `user` at `provider`, earlier runs' too: the judge tells a superseded
    /// token from the one held by all of them.
    async fn all_tokens(
        &mut self,
        provider: Provider,
        user: &str,
    ) -> Result<Vec<TokenRecord>, Failure> {
        Ok(self
            .env
            .mock(provider)
            .tokens(&mut self.inspector, user)
            .await?)
    }

    /// The next `count` calls of `provider`'s `endpoint` answer `status`: the provider is down
    /// there, until [`Ctx::clear_faults`] or the check's end.
    pub async fn arm_fault(
        &mut self,
        provider: Provider,
        endpoint: &str,
        count: u32,
        status: u16,
    ) -> Result<(), Failure> {
        if let Ok(mut armed) = self.progress.armed.lock() {
            armed.push(provider);
        }
        let mock = self.env.mock(provider);
        Ok(mock
            .arm_fault(&mut self.inspector, endpoint, count, status)
            .await?)
    }

    /// Disarms every fault at `provider`'s mock: the provider is back.
    pub async fn clear_faults(&mut self, provider: Provider) -> Result<(), Failure> {
        self.env
            .mock(provider)
            .clear_faults(&mut self.inspector)
            .await?;
        if let Ok(mut armed) = self.progress.armed.lock() {
            armed.retain(|p| *p != provider);
        }
        Ok(())
    }

    /// Adds a note to the check's result (shown in every report).
    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// The steps so far, the notes, and the name of the step still open when the check
    /// failed (added as failed, with the events the mocks have of it so far, unjudged).
    pub async fn into_outcome(mut self, failed: bool) -> (Vec<Step>, Vec<String>, Option<String>) {
        if self.current.is_some() && self.exercise.id.drives_app() {
            // For the step's diagram only: a mock that cannot answer now leaves it shorter.
            let _ = self.events().await;
        }
        let open = self.current.take().map(|current| {
            self.steps.push(Step {
                name: current.name.clone(),
                status: if failed { Status::Fail } else { Status::Pass },
                duration: current.started.elapsed(),
                exchanges: self.exchanges(&current, &[]),
            });
            current.name
        });
        (self.steps, self.notes, open)
    }

    /// The step's exchanges, for its diagram: what the browsers sent since the last step
    /// ended, and the app's calls among the step's events.
    fn exchanges(&self, current: &Current, unnecessary: &[(Provider, u64)]) -> Vec<Exchange> {
        let events = current.events.concat();
        sequence::exchanges(&self.lifelines, &self.record.take(), &events, unnecessary)
    }
}

/// The failure for tokens revoked unnecessarily during `step`: the message says which call
/// ended which token and why; the rule it breaks is kept for `--verbose`.
fn unnecessary(step: &str, violations: &[String]) -> Failure {
    let grant = violations.iter().any(|v| v.contains(judge::GOOGLE_GRANT));
    Failure {
        message: format!("token revoked unnecessarily: {}", violations.join("; ")),
        expected: Some("the token the app holds still alive: only a disconnect may end it".into()),
        actual: None,
        hint: if grant {
            HintSource::LessonGoogleGrant
        } else {
            HintSource::Lesson
        },
        step: Some(step.to_string()),
        rule: Some(rules::KEEP),
    }
}
