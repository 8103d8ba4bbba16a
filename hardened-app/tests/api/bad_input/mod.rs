//! Bad input at scale: `proptest` throws malformed requests at every route of the app, of the
//! mock GitHub and of the mock Google (their `/__mock/` routes included), each a real server
//! on port 0 over loopback, and checks that no answer is a 5xx (no panic either: the server
//! still serves afterwards) and that every 4xx has the shape its route documents.
//!
//! ```sh
//! cargo test -p hardened-app --test api bad_input -- --nocapture              # CI's bounded run
//! PROPTEST_CASES=100000 cargo test --release -p hardened-app --test api bad_input -- --nocapture
//! ```
//!
//! `PROPTEST_CASES` is the number of cases (requests) per server; the default keeps the
//! test well under a minute in a debug build on two cores. Each run ends with the number of
//! requests sent and a table of the statuses seen per server, on stderr even without
//! `--nocapture`. A failure prints the
//! smallest failing request proptest found (method, path, headers, body) and a `curl` line
//! that sends it again.
//!
//! Modules: [`routes`] the route table, per server; [`strategies`] the generated input;
//! [`request`] sending and printing one request; [`lab`] the servers and the runtime;
//! [`check`] the property and the summary.

mod check;
mod lab;
mod request;
mod routes;
mod strategies;

use std::io::Write;
use std::time::Instant;

use lab::{Lab, RUNTIME, Which};

/// Cases per server when `PROPTEST_CASES` is not set.
const DEFAULT_CASES: u32 = 1_500;

fn cases() -> u32 {
    match std::env::var("PROPTEST_CASES") {
        Ok(value) => value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("PROPTEST_CASES must be a number, got {value:?}")),
        Err(_) => DEFAULT_CASES,
    }
}

/// The three servers are fuzzed at once, each from its own thread against its own app and
/// mocks, so a fault of one cannot be blamed on another; the summary comes when all are done.
#[test]
fn every_route_answers_bad_input_without_5xx_and_in_its_documented_shape() {
    let cases = cases();
    let servers = routes::servers();
    let started = Instant::now();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = servers
            .iter()
            .zip([Which::App, Which::GitHub, Which::Google])
            .map(|(server, which)| {
                scope.spawn(move || {
                    let lab = RUNTIME.block_on(Lab::start(which));
                    check::fuzz(&lab, server, cases)
                })
            })
            .collect();
        runs.into_iter()
            .filter_map(|run| match run.join() {
                Ok(result) => result.err(),
                Err(_) => Some("a property's thread panicked (see above)".to_string()),
            })
            .collect()
    });
    // Straight to stderr, past libtest's capture: the summary shows in every run.
    let summary = check::summary(&servers, cases, started.elapsed());
    let _ = writeln!(std::io::stderr(), "{summary}");
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Every endpoint of the mocks' tables has a shape here (the app's routes and `/__mock/`'s
/// have theirs by rule): a new endpoint fails this test, not the fuzzing.
#[test]
fn every_endpoint_of_every_table_has_a_shape() {
    let _ = routes::servers();
}

/// The route matching the property relies on to pick each answer's expected shape.
#[test]
fn paths_are_matched_to_routes_as_axum_matches_them() {
    let [app, github, google] = routes::servers();
    assert_eq!(
        app.route_of("/me/github").map(|r| r.path.as_str()),
        Some("/me/github")
    );
    let callback = "/auth/google/callback";
    assert_eq!(
        app.route_of(callback).map(|r| r.path.as_str()),
        Some(callback)
    );
    assert!(app.route_of("/me/").is_none());
    assert!(app.route_of("/me%2Fgithub").is_none());
    let token = "/applications/{client_id}/token";
    assert_eq!(
        github
            .route_of("/applications/x/token")
            .map(|r| r.path.as_str()),
        Some(token)
    );
    assert!(github.route_of("/applications//token").is_none());
    assert_eq!(
        github
            .route_of("/__mock/assets/x.css")
            .map(|r| r.path.as_str()),
        Some("/__mock/assets/{file}")
    );
    for path in ["/__mock/nope/deeper", "/__mock//x"] {
        let rest = google.route_of(path).map(|r| r.path.as_str());
        assert_eq!(rest, Some("/__mock/{*rest}"), "{path}");
    }
    assert_eq!(google.shape("GET", "/revoke"), routes::Shape::Page);
    assert_eq!(google.shape("PUT", "/revoke"), routes::Shape::Page);
    assert_eq!(google.shape("POST", "/revoke"), routes::Shape::JsonError);
    let revoke = "/applications/x/token";
    assert_eq!(github.shape("DELETE", revoke), routes::Shape::GitHubRest);
    assert_eq!(github.shape("PUT", revoke), routes::Shape::GitHubNotFound);
    let settings = "/settings/applications";
    assert_eq!(github.shape("GET", settings), routes::Shape::Page);
    assert_eq!(google.shape("PUT", "/token"), routes::Shape::Page);
    assert_eq!(github.shape("PUT", "/user"), routes::Shape::GitHubNotFound);
    assert_eq!(github.shape("GET", "/user"), routes::Shape::GitHubRest);
    assert_eq!(
        github.shape("PUT", "/__mock/state"),
        routes::Shape::JsonError
    );
}
