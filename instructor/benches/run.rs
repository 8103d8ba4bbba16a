//! How long a whole run takes, after the build: `cargo bench -p instructor --bench run`
//! (release), or with `--profile dev` for what `cargo run -p checker` feels like.
//!
//! Each iteration is a whole run: both mocks and one of our apps in-process on free ports, a
//! fresh lab for each check, every check run, everything stopped. The course's app is what a
//! student's `cargo run -p checker` checks (two checks beyond the course fail, as advice);
//! the hardened app, with `--strict`, passes all thirteen. The two alternate, run by run, so
//! that a busy moment of the machine falls on both alike. The figures are in this crate's
//! README.

use std::time::{Duration, Instant};

use checker::apps::OurApp;
use checker::harness::Targets;

const WARM_UP: usize = 2;
const RUNS: usize = 20;

fn main() {
    // The binary's runtime: a thread per core.
    let runtime = checker::cli::runtime().expect("a runtime");
    let apps = [(OurApp::Course, false), (OurApp::Hardened, true)];
    let mut times: [Vec<Duration>; 2] = Default::default();
    for i in 0..WARM_UP + RUNS {
        for (j, (ours, strict)) in apps.into_iter().enumerate() {
            let options = checker::Options {
                targets: Targets {
                    ours,
                    ..Targets::default()
                },
                strict,
                ..checker::Options::default()
            };
            let started = Instant::now();
            let report = runtime.block_on(checker::run(&options));
            let elapsed = started.elapsed();
            assert_eq!(report.exit_code(), 0, "{ours:?}: {report:#?}");
            if i >= WARM_UP {
                times[j].push(elapsed);
            }
        }
    }
    for ((ours, strict), mut times) in apps.into_iter().zip(times) {
        times.sort();
        let mean = times.iter().sum::<Duration>() / RUNS as u32;
        println!(
            "{} ({}{RUNS} runs, {} checks each): median {:.1} ms, mean {:.1} ms, min {:.1} ms, max {:.1} ms",
            ours.name(),
            if strict { "--strict, " } else { "" },
            checker::exercises::ExerciseId::all().count(),
            ms(times[RUNS / 2]),
            ms(mean),
            ms(times[0]),
            ms(times[RUNS - 1]),
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
