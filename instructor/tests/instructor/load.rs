//! `instructor load`: our app holds under a small class, and an app that is wrong under load is
//! caught by the figure that must be 0, with exit code 1.

use std::time::Duration;

use checker::harness::Targets;
use fixture_app::{Lab, Mistake, Profile};
use instructor::load::{self, LoadOptions};
use mock_providers::MockProviders;
use serde_json::Value;
use url::Url;

use crate::instructor_bin;

fn options(students: usize, cycles: u64) -> LoadOptions {
    LoadOptions {
        targets: Default::default(),
        students,
        duration: Duration::from_secs(60),
        cycles: Some(cycles),
        rate: None,
        progress: false,
    }
}

/// The class against a fixture app at `--app-url` (every student is Ada).
fn against(lab: &Lab, students: usize, cycles: u64) -> LoadOptions {
    LoadOptions {
        targets: targets(&lab.app_url, lab.mocks.github.url(), lab.mocks.google.url()),
        ..options(students, cycles)
    }
}

/// The app running at `app`, with the mocks at `github` and `google`.
fn targets(app: &str, github: &str, google: &str) -> Targets {
    Targets {
        app_url: Some(Url::parse(app).unwrap()),
        ours: Default::default(),
        github_url: Url::parse(github).unwrap(),
        google_url: Url::parse(google).unwrap(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn our_app_holds_under_a_class_and_every_step_is_measured() {
    let figures = load::run(&options(6, 30)).await.expect("the load runs");
    assert_eq!(figures.cycles, 30, "{:#}", figures.to_json());
    assert!(figures.held(), "{}", figures.to_text());
    assert_eq!(figures.exit_code(), 0);
    let steps: Vec<&str> = figures.steps.iter().map(|(s, _)| s.name()).collect();
    assert_eq!(
        steps,
        [
            "login",
            "me",
            "logout",
            "me-logged-out",
            "relogin",
            "link",
            "disconnect"
        ],
        "every fifth cycle links and disconnects"
    );
    let login = figures.steps[0].1;
    assert_eq!(login.count, 30);
    assert!(login.p50_ms > 0.0 && login.p50_ms <= login.p99_ms && login.p99_ms <= login.max_ms);
    assert!(figures.cycles_per_second() > 0.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn at_a_pace_no_student_starts_a_cycle_before_it_is_due_and_each_start_is_measured() {
    // 4 students at 20 cycles per second in all: each one's cycles are due every 200 ms, the
    // first ones 50 ms apart, so at most 5 cycles each are due within the second.
    let options = LoadOptions {
        duration: Duration::from_secs(1),
        cycles: None,
        rate: Some(20.0),
        ..options(4, 0)
    };
    let figures = load::run(&options).await.expect("the load runs");
    assert!(figures.held(), "{}", figures.to_text());
    assert!((1..=20).contains(&figures.cycles), "{}", figures.to_text());
    let (step, starts) = figures.steps[0];
    assert_eq!(step.name(), "start-delay");
    assert!(
        (figures.cycles..=20).contains(&starts.count),
        "a delay for every cycle started: {}",
        figures.to_text()
    );
    assert_eq!(figures.run.rate, Some(20.0));
    assert_eq!(figures.to_json()["run"]["rate"], 20.0);
    assert!(
        figures
            .to_text()
            .contains("at a pace of 20 cycles per second"),
        "{}",
        figures.to_text()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_logout_that_revokes_the_token_is_a_token_revoked_unnecessarily_under_load() {
    let lab = Lab::start(Profile::CourseFaithful, Mistake::RevokeGitHubOnLogout).await;
    let figures = load::run(&against(&lab, 1, 3))
        .await
        .expect("the load runs");
    assert_eq!(figures.cycles, 3, "{}", figures.to_text());
    assert_eq!(
        figures.tokens_revoked_unnecessarily,
        3,
        "{}",
        figures.to_text()
    );
    assert!(!figures.run.own_accounts, "the lab's mocks have no class");
    assert!(figures.to_text().contains("every student signed in as Ada"));
    assert_eq!(figures.exit_code(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_me_that_answers_another_student_is_a_session_crossed() {
    // The mocks have the class (as `mock-providers --class 4` gives it), so each student's
    // `/me` must be theirs; the app answers the first user it stored, so every other student
    // sees that one.
    let students = 4;
    let mocks =
        MockProviders::start_on_free_ports(&load::class_seeds(students, Duration::from_secs(60)))
            .await
            .expect("mocks start");
    let (github, google) = (mocks.github.url(), mocks.google.url());
    let mistake = Mistake::MeOfTheFirstUser;
    let app = fixture_app::start(Profile::CourseFaithful, mistake, github, google).await;
    let options = LoadOptions {
        targets: targets(&app, github, google),
        ..options(students, 8)
    };
    let figures = load::run(&options).await.expect("the load runs");
    assert!(figures.run.own_accounts, "the mocks' class is found");
    assert!(
        figures.sessions_crossed >= students as u64 - 1,
        "{}",
        figures.to_text()
    );
    assert_eq!(figures.sessions_lost, 0, "{}", figures.to_text());
    assert!(figures.to_text().contains("sessions crossed"));
    assert_eq!(figures.exit_code(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_logout_route_that_is_missing_is_an_error_by_kind() {
    let lab = Lab::start(Profile::CourseFaithful, Mistake::LogoutOnlyOnGet).await;
    let figures = load::run(&against(&lab, 2, 4))
        .await
        .expect("the load runs");
    assert_eq!(figures.cycles, 0, "{}", figures.to_text());
    let kinds: Vec<&String> = figures.errors.keys().collect();
    assert_eq!(kinds.len(), 1, "{kinds:?}");
    assert!(
        kinds[0].starts_with("logout: POST /logout answered 405"),
        "{kinds:?}"
    );
    assert_eq!(figures.errors[kinds[0]], 4);
    assert_eq!(figures.exit_code(), 1);
}

#[test]
fn the_binary_prints_the_figures_as_json_and_exits_by_them() {
    let output = instructor_bin()
        .args([
            "load",
            "--students",
            "4",
            "--cycles",
            "8",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let value: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(value["outcome"], "held");
    assert_eq!(value["cycles"], 8);
    assert_eq!(value["run"]["students"], 4);
    assert_eq!(value["run"]["in_process"], true);
    for figure in [
        "sessions_lost",
        "sessions_crossed",
        "tokens_revoked_unnecessarily",
    ] {
        assert_eq!(value[figure], 0, "{figure}");
    }
    assert!(value["steps"]["login"]["p99_ms"].as_f64().unwrap() > 0.0);
    assert!(
        output.stderr.is_empty(),
        "no progress lines with --format json"
    );
}

#[test]
fn a_pace_is_a_number_of_cycles_per_second_above_0() {
    for rate in ["0", "-3", "fast", "inf"] {
        let output = instructor_bin()
            .args(["load", "--rate", rate])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "--rate {rate}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("cycles per second above 0"),
            "--rate {rate}: {stderr}"
        );
    }
}
