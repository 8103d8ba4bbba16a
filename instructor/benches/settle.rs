//! Whether the settle still catches a revocation sent after the app's answer:
//! `cargo bench -p instructor --bench settle`.
//!
//! The tests' fixture app makes the course's mistake late: from a user's second logout on, it
//! revokes the Google token 5 ms after answering, without waiting for the call. In
//! `no-revoke-on-logout` that call comes after the check's last step, where only the settle
//! (`--settle-ms`: the mocks quiet for that long) sees it. For each quiet time this runs the
//! check `RUNS` times against a fresh fixture app and counts how often the revocation was
//! caught, beside how long the check took.

use checker::exercises::no_revoke;
use std::time::{Duration, Instant};

use checker::harness::Targets;
use checker::report::Status;
use mock_providers::MockProviders;
use url::Url;

use fixture_app::{Mistake, Profile};

/// How many runs per quiet time.
const RUNS: usize = 20;
/// The quiet times measured, in ms: below, around and above the app's 5 ms.
const QUIET_MS: [u64; 5] = [2, 5, 8, 10, 20];

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    println!("a revocation sent 5 ms after the last logout's answer, {RUNS} runs each:");
    for quiet in QUIET_MS {
        let (caught, took) = runtime.block_on(measure(Duration::from_millis(quiet)));
        let default = match quiet == checker::context::SETTLE.as_millis() as u64 {
            true => " (the default)",
            false => "",
        };
        println!(
            "--settle-ms {quiet:>2}{default:<14} caught {caught:>2}/{RUNS}, the check took {:.1} ms (median)",
            took.as_secs_f64() * 1000.0
        );
    }
}

/// How many of `RUNS` runs caught the late revocation, and the check's median duration.
async fn measure(quiet: Duration) -> (usize, Duration) {
    let mut caught = 0;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let mocks = MockProviders::start_on_free_ports(&Default::default())
            .await
            .expect("the mocks start");
        let (github, google) = (mocks.github.url(), mocks.google.url());
        let mistake = Mistake::RevokeGoogleOnLogoutInBackground;
        let app = fixture_app::start(Profile::CourseFaithful, mistake, github, google).await;
        let options = checker::Options {
            targets: Targets {
                app_url: Some(Url::parse(&app).expect("the app's URL")),
                ours: Default::default(),
                github_url: Url::parse(github).expect("a URL"),
                google_url: Url::parse(google).expect("a URL"),
            },
            settle: quiet,
            only: Some(no_revoke::SPEC.id.to_string()),
            ..checker::Options::default()
        };
        let started = Instant::now();
        let report = checker::run(&options).await;
        times.push(started.elapsed());
        let check = report.checks.iter().find(|c| c.id == no_revoke::SPEC.id);
        if check.is_some_and(|c| c.status == Status::Fail) {
            caught += 1;
        }
    }
    times.sort();
    (caught, times[RUNS / 2])
}
