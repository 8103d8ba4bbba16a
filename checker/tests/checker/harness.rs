//! `--app-url`: an app already running, with the mocks found, or started where the app
//! expects them, or refused with one plain message.

use checker::exercises::{disconnect, no_orphans, still_logged_in, when_to_revoke};
use std::sync::{Arc, Mutex};

use checker::harness::Targets;
use checker::report::Status::Pass;
use checker::{Options, run};
use url::Url;

use crate::helpers::{COURSE_APP_ADVICE, assert_says, beyond, beyond_failing, course, course_app};
use fixture_app::{self, Mistake, Profile};

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
        answers: Some(checker::catalog::default_dir()),
        ..Options::default()
    })
    .await;
    assert_eq!(course(&report), [Pass; 5], "{report:#?}");
    assert_eq!(
        report.target.github_mock,
        Some(checker::report::MockOrigin::Started)
    );
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

#[tokio::test]
async fn each_run_judges_only_itself_at_mocks_found_running() {
    use checker::report::MockOrigin::Found;
    // An app that leaves its superseded tokens alive fails no-orphaned-tokens, and leaves
    // them at the mocks; a fixed app on the same mocks must not be blamed for them.
    let left = crate::helpers::lab(Profile::Hardened, Mistake::KeepSupersededTokens).await;
    let report = left.check_strict().await;
    assert_eq!(beyond(&report), beyond_failing(&[no_orphans::SPEC.id]));
    let fixed = fixture_app::start(
        Profile::Hardened,
        Mistake::None,
        left.mocks.github.url(),
        left.mocks.google.url(),
    )
    .await;
    let mut targets = left.targets();
    targets.app_url = Some(Url::parse(&fixed).unwrap());
    let strict = |targets: Targets| async {
        run(&Options {
            targets,
            answers: Some(checker::catalog::default_dir()),
            strict: true,
            outage_wait: crate::helpers::FIXTURE_OUTAGE_WAIT,
            ..Options::default()
        })
        .await
    };
    let first = strict(targets.clone()).await;
    let second = strict(targets).await;
    for report in [&first, &second] {
        assert_eq!(course(report), [Pass; 5], "{report:#?}");
        assert_eq!(beyond(report), beyond_failing(&[]), "{report:#?}");
        assert_eq!(report.target.github_mock, Some(Found));
    }
    // (The notes may differ: the app tidies up tokens it kept from the run before.)
    let verdicts = |r: &checker::report::Report| {
        let v: Vec<_> = r.checks.iter().map(|c| (c.id, c.status)).collect();
        v
    };
    assert_eq!(
        verdicts(&first),
        verdicts(&second),
        "two runs in a row agree"
    );
}

#[tokio::test]
async fn an_unknown_client_id_is_named_with_how_to_register_it() {
    let app = crate::helpers::course_app(Mistake::UnknownClientId).await;
    let (_, error) = refused(app.targets()).await;
    assert_says(
        &error,
        &[
            "as client_id \"my-github-oauth-app\", a client the mock GitHub",
            "GITHUB_CLIENT_ID=logout-lab-github and GITHUB_CLIENT_SECRET=logout-lab-github-secret",
            "curl -X POST http://127.0.0.1:",
            r#""client_id":"my-github-oauth-app""#,
            "/auth/github/callback",
        ],
    );
}

#[tokio::test]
async fn an_app_at_app_url_answers_only_with_answers_of_its_own() {
    use checker::report::Status::Fail;
    let app = crate::helpers::course_app(Mistake::None).await;
    let report = run(&Options {
        targets: app.targets(),
        ..Options::default()
    })
    .await;
    assert_eq!(
        course(&report),
        [Pass, Fail, Pass, Pass, Fail],
        "{report:#?}"
    );
    for id in [still_logged_in::SPEC.id, when_to_revoke::SPEC.id] {
        let failure = crate::helpers::failure(&report, id);
        assert_says(&failure, &["not answered yet", "--answers DIR"]);
    }
    // A folder of its own starts blank: written there, still to answer.
    let folder = tempfile::tempdir().unwrap();
    let answers = folder.path().join("answers");
    let report = run(&Options {
        targets: app.targets(),
        answers: Some(answers.clone()),
        only: Some("when-to-revoke".into()),
        ..Options::default()
    })
    .await;
    let failure = crate::helpers::failure(&report, when_to_revoke::SPEC.id);
    assert_says(&failure, &["the question is not answered yet"]);
    assert!(answers.join("when-to-revoke.answer.toml").is_file());
}

#[tokio::test]
async fn a_redirect_uri_the_mock_does_not_know_is_named_with_the_command_that_registers_it() {
    let app = crate::helpers::course_app(Mistake::UnregisteredRedirectUri).await;
    let google = checker::mocks::MockApi::new(
        common::Provider::Google,
        &Url::parse(app.mocks.google.url()).unwrap(),
    );
    let mut browser = checker::client::Browser::new(&checker::client::http_client().unwrap(), None);
    let (client, elsewhere) = (fixture_app::OWN_GOOGLE_CLIENT, "http://localhost:9/cb");
    google
        .register_client(&mut browser, client, "its-secret", elsewhere)
        .await
        .unwrap();
    let report = app.check().await;
    let failure = crate::helpers::failure(&report, disconnect::SPEC.id);
    let callback = format!("{}/auth/google/callback", app.app_url);
    assert_says(
        &failure,
        &[
            "Google stopped the login at",
            "400 Access blocked: Error 400: redirect_uri_mismatch",
            &format!("The app sent redirect_uri={callback} for client {client}"),
            "curl -X POST http://127.0.0.1:",
            r#""client_secret":"YOUR_CLIENT_SECRET""#,
        ],
    );
}

#[tokio::test]
async fn our_app_opened_at_another_host_is_refused_with_its_base_url() {
    let mocks = mock_providers::MockProviders::start_on_free_ports(&Default::default())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let db = tempfile::tempdir().unwrap();
    let _app = checker::apps::OurApp::Course
        .serve(
            listener,
            &db.path().join("app.db"),
            mocks.github.url(),
            mocks.google.url(),
        )
        .await
        .unwrap();
    let (_, error) = refused(Targets {
        app_url: Some(Url::parse(&format!("http://localhost:{port}")).unwrap()),
        ours: Default::default(),
        github_url: Url::parse(mocks.github.url()).unwrap(),
        google_url: Url::parse(mocks.google.url()).unwrap(),
    })
    .await;
    assert_says(
        &error,
        &[&format!("Pass --app-url http://127.0.0.1:{port}.")],
    );
}
