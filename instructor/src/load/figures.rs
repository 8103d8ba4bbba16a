//! What a load run measured: complete cycles, each step's latency (an HDR histogram per step,
//! microseconds, three significant figures), errors by kind, and the correctness figures,
//! which must all be 0. Rendered for people or as JSON.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;
use serde_json::{Value, json};

/// One step of a student's cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// With `--rate`: how late a cycle started after it was due, near 0 while the app and
    /// the mocks keep up with the pace.
    StartDelay,
    /// The whole login: `/auth/{provider}`, the provider's pages, the callback, the home.
    Login,
    Me,
    Logout,
    /// `/me` after the logout, which must be 401.
    MeLoggedOut,
    Relogin,
    /// Logging in with the other provider, which links it.
    Link,
    Disconnect,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::StartDelay,
        Step::Login,
        Step::Me,
        Step::Logout,
        Step::MeLoggedOut,
        Step::Relogin,
        Step::Link,
        Step::Disconnect,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Step::StartDelay => "start-delay",
            Step::Login => "login",
            Step::Me => "me",
            Step::Logout => "logout",
            Step::MeLoggedOut => "me-logged-out",
            Step::Relogin => "relogin",
            Step::Link => "link",
            Step::Disconnect => "disconnect",
        }
    }
}

/// What the students record as they go, shared by all of them.
pub struct Recorder {
    inner: Mutex<Recorded>,
}

#[derive(Default)]
struct Recorded {
    latencies: BTreeMap<Step, Histogram<u64>>,
    cycles: u64,
    errors: BTreeMap<String, u64>,
    lost: u64,
    crossed: u64,
}

/// A latency histogram from 1 µs to 10 minutes.
fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds")
}

impl Recorder {
    pub fn new() -> Recorder {
        Recorder {
            inner: Mutex::new(Recorded::default()),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Recorded) -> T) -> T {
        f(&mut self.inner.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn step(&self, step: Step, took: Duration) {
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX).max(1);
        self.with(|r| {
            let h = r.latencies.entry(step).or_insert_with(histogram);
            h.saturating_record(micros);
        });
    }

    pub fn cycle(&self) {
        self.with(|r| r.cycles += 1);
    }

    pub fn cycles(&self) -> u64 {
        self.with(|r| r.cycles)
    }

    pub fn errors(&self) -> u64 {
        self.with(|r| r.errors.values().sum())
    }

    /// An error of `step`, counted by kind (the step and the first line of the message).
    pub fn error(&self, step: Step, message: &str) {
        let first: String = message
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(160)
            .collect();
        let kind = format!("{}: {first}", step.name());
        self.with(|r| *r.errors.entry(kind).or_default() += 1);
    }

    /// A `/me` after a login that answered 401: the session was lost.
    pub fn lost(&self) {
        self.with(|r| r.lost += 1);
    }

    /// A `/me` that answered another student.
    pub fn crossed(&self) {
        self.with(|r| r.crossed += 1);
    }

    /// The figures, once the run is over.
    pub fn figures(&self, run: Run, unnecessary: u64) -> Figures {
        self.with(|r| Figures {
            run,
            cycles: r.cycles,
            steps: Step::ALL
                .iter()
                .filter_map(|s| r.latencies.get(s).map(|h| (*s, Latency::of(h))))
                .collect(),
            errors: r.errors.clone(),
            sessions_lost: r.lost,
            sessions_crossed: r.crossed,
            tokens_revoked_unnecessarily: unnecessary,
        })
    }
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder::new()
    }
}

/// How the run went: against what, with how many students, for how long.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub app: String,
    pub in_process: bool,
    /// Whether every student signed in with accounts of their own, rather than all as Ada.
    pub own_accounts: bool,
    pub students: usize,
    /// The pace asked for (`--rate`), cycles per second in all; `None`: each student starts
    /// the next cycle as soon as the last one ends.
    pub rate: Option<f64>,
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

/// One step's latency, in milliseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Latency {
    pub count: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    fn of(h: &Histogram<u64>) -> Latency {
        let ms = |micros: u64| (micros as f64 / 10.0).round() / 100.0;
        Latency {
            count: h.len(),
            p50_ms: ms(h.value_at_quantile(0.50)),
            p95_ms: ms(h.value_at_quantile(0.95)),
            p99_ms: ms(h.value_at_quantile(0.99)),
            max_ms: ms(h.max()),
        }
    }
}

/// Everything a load run reports.
#[derive(Debug, Clone)]
pub struct Figures {
    pub run: Run,
    pub cycles: u64,
    pub steps: Vec<(Step, Latency)>,
    pub errors: BTreeMap<String, u64>,
    pub sessions_lost: u64,
    pub sessions_crossed: u64,
    pub tokens_revoked_unnecessarily: u64,
}

impl Figures {
    pub fn cycles_per_second(&self) -> f64 {
        let secs = self.run.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.cycles as f64 / secs
        } else {
            0.0
        }
    }

    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    /// Whether the app held: no error, and every correctness figure 0.
    pub fn held(&self) -> bool {
        self.error_count() == 0
            && self.sessions_lost == 0
            && self.sessions_crossed == 0
            && self.tokens_revoked_unnecessarily == 0
    }

    /// 0 when the app held, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        if self.held() { 0 } else { 1 }
    }

    pub fn to_json(&self) -> Value {
        let steps: serde_json::Map<String, Value> = (self.steps.iter())
            .map(|(s, l)| (s.name().to_string(), json!(l)))
            .collect();
        json!({
            "run": self.run,
            "outcome": if self.held() { "held" } else { "failed" },
            "cycles": self.cycles,
            "cycles_per_second": (self.cycles_per_second() * 10.0).round() / 10.0,
            "steps": steps,
            "errors": self.errors,
            "sessions_lost": self.sessions_lost,
            "sessions_crossed": self.sessions_crossed,
            "tokens_revoked_unnecessarily": self.tokens_revoked_unnecessarily,
        })
    }

    pub fn to_text(&self) -> String {
        let run = &self.run;
        let mut out = format!(
            "{} students against {}{} for {:.1} s{}: {} complete cycles, {:.1} per second\n",
            run.students,
            run.app,
            if run.in_process { " (in-process)" } else { "" },
            run.elapsed.as_secs_f64(),
            run.rate.map_or_else(String::new, |r| format!(
                " at a pace of {r} cycles per second"
            )),
            self.cycles,
            self.cycles_per_second()
        );
        if !run.own_accounts {
            out.push_str(
                "every student signed in as Ada, the mocks' own account (start the mocks with \
                 --class N, N at least the students, for accounts of their own)\n",
            );
        }
        out.push_str(&format!(
            "\n{:<15}{:>9}{:>10}{:>10}{:>10}{:>10}\n",
            "step", "count", "p50 ms", "p95 ms", "p99 ms", "max ms"
        ));
        for (step, l) in &self.steps {
            out.push_str(&format!(
                "{:<15}{:>9}{:>10.2}{:>10.2}{:>10.2}{:>10.2}\n",
                step.name(),
                l.count,
                l.p50_ms,
                l.p95_ms,
                l.p99_ms,
                l.max_ms
            ));
        }
        out.push_str(&format!("\nerrors: {}\n", self.error_count()));
        for (kind, n) in &self.errors {
            out.push_str(&format!("  {n:>6}  {kind}\n"));
        }
        out.push_str(&format!(
            "sessions lost: {}, sessions crossed: {}, tokens revoked unnecessarily: {}\n",
            self.sessions_lost, self.sessions_crossed, self.tokens_revoked_unnecessarily
        ));
        out.push_str(if self.held() {
            "The app held: no error, nothing lost, crossed or revoked unnecessarily.\n"
        } else {
            "The app did not hold (exit 1).\n"
        });
        out
    }
}
