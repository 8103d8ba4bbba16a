//! `--app-url`: an app already running, with the mocks found, or started where the app
//! expects them, or refused with one plain message.

use std::sync::{Arc, Mutex};

use checker::harness::Targets;
use checker::report::Status::Pass;
use checker::{Options, run};
use url::Url;

use crate::fixture_app::{self, Mistake, Profile};
use crate::helpers::{COURSE_APP_ADVICE, assert_says, beyond, beyond_failing, course, course_app};

/// Runs against `targets`, which must be refused before any check: the report and its error.
async fn refused(targets: Targets) -> (checker::report::Report, String) {
    let report = run(&Options {
        targets,
        ..Options::default()
    })
    .await;
    let error = report.error.clone().expect("the run could not start");
    (report, error)
}

/// A loopback address nothing listens on, for as long as the guard lives: a port held on
/// 127.0.0.1, named on 127.0.0.2 (all of 127/8 is loopback). No other process can take the
/// port on every address while it is held, and nothing binds 127.0.0.2 by itself, so the
/// checker finds the address free without a port being released to chance.
fn unused_address() -> (std::net::TcpListener, String) {
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    (held, format!("http://127.0.0.2:{port}"))
}

#[tokio::test]
async fn the_mocks_are_started_where_the_app_expects_them_when_nothing_answers() {
    let (_github_port, github) = unused_address();
    let (_google_port, google) = unused_address();
    let app = fixture_app::start(Profile::CourseFaithful, Mistake::None, &github, &google).await;
    let report = run(&Options {
        targets: Targets {
            app_url: Some(Url::parse(&app).unwrap()),
            ours: Default::default(),
            github_url: Url::parse(&github).unwrap(),
            google_url: Url::parse(&google).unwrap(),
        },
        ..Options::default()
    })
    .await;
    assert_eq!(course(&report), [Pass; 5], "{report:#?}");
    assert_eq!(beyond(&report), beyond_failing(&COURSE_APP_ADVICE));
}

#[tokio::test]
async fn an_app_using_other_providers_is_refused_with_what_to_do() {
    let app = course_app(Mistake::None).await;
    let other = course_app(Mistake::None).await;
    let mut targets = app.targets();
    targets.github_url = other.targets().github_url;
    let (report, error) = refused(targets).await;
    assert_says(&error, &["the app sends the browser to", "--github-url"]);
    assert_eq!(report.exit_code(), 2);
}

#[tokio::test]
async fn a_server_that_is_not_a_mock_is_refused() {
    let app = course_app(Mistake::None).await;
    let mut targets = app.targets();
    targets.google_url = Url::parse(&app.app_url).unwrap();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let transcript = lines.clone();
    let report = run(&Options {
        targets,
        log: Some(Arc::new(move |line: &str| {
            transcript.lock().unwrap().push(line.to_string())
        })),
        ..Options::default()
    })
    .await;
    let error = report.error.clone().expect("the run could not start");
    assert!(error.contains("but not as the mock Google"), "{error}");
    // --verbose shows the exchanges that led there too.
    let probe = format!("> GET {}/__mock/revocations", app.app_url);
    let lines = lines.lock().unwrap();
    assert!(lines.iter().any(|l| l.starts_with(&probe)), "{lines:#?}");
}

#[tokio::test]
async fn an_app_url_on_another_host_than_base_url_is_refused() {
    let app = course_app(Mistake::None).await;
    let mut targets = app.targets();
    let port = targets.app_url.as_ref().unwrap().port().unwrap();
    targets.app_url = Some(Url::parse(&format!("http://localhost:{port}")).unwrap());
    let (_, error) = refused(targets).await;
    assert!(
        error.contains(&format!("Pass --app-url http://127.0.0.1:{port}")),
        "{error}"
    );
}

#[tokio::test]
async fn a_mock_url_without_a_scheme_is_refused_not_a_panic() {
    let app = course_app(Mistake::None).await;
    let mut targets = app.targets();
    // What people type: parsed as the scheme `localhost`, a URL nothing can be joined to.
    targets.github_url = Url::parse("localhost:3001").unwrap();
    let (report, error) = refused(targets).await;
    assert!(
        error.contains("--github-url localhost:3001 is not an http://"),
        "{error}"
    );
    assert_eq!(report.exit_code(), 2);
}
