//! How long a whole run takes, after the build: `cargo bench -p checker` (release), or
//! `cargo bench -p checker --profile dev` for what `cargo run -p checker` feels like.
//!
//! Each iteration is what a student's run does: start both mocks and our app in-process on
//! free ports with a fresh database, run every check (the course's and, as with `--strict`,
//! those beyond it), stop. The figure is in the README.

use std::time::{Duration, Instant};

const WARM_UP: usize = 2;
const RUNS: usize = 20;

fn main() {
    // The binary's runtime: a thread per core.
    let runtime = checker::cli::runtime().expect("a runtime");
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    for i in 0..WARM_UP + RUNS {
        let started = Instant::now();
        let options = checker::Options {
            strict: true,
            ..checker::Options::default()
        };
        let report = runtime.block_on(checker::run(&options));
        let elapsed = started.elapsed();
        assert_eq!(report.exit_code(), 0, "every check passes: {report:#?}");
        if i >= WARM_UP {
            times.push(elapsed);
        }
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / RUNS as u32;
    let median = times[RUNS / 2];
    println!(
        "whole run ({RUNS} runs, {} checks each): mean {:.1} ms, median {:.1} ms, min {:.1} ms, max {:.1} ms",
        checker::exercises::ExerciseId::ALL.len(),
        ms(mean),
        ms(median),
        ms(times[0]),
        ms(times[RUNS - 1]),
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
