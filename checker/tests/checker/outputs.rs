//! The binary against the fixture apps: a failing run (human text, JSON, JUnit), and a run
//! with advice (the course-faithful app) with and without `--strict`: the exit code, the last
//! line, and JSON and JUnit reports valid against their schemas, with the sections, `counted`,
//! notes and the advice shown as JUnit `<skipped>` in the second suite; the HTML report of a
//! failing run (each exchange in full, the revocation judged unnecessary, the logout's
//! `Set-Cookie`), and of a secret and a token that reached the browser, masked.

use checker::Options;
use common::defaults::{GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_SECRET};
use serde_json::Value;

use crate::helpers::{assert_says, between, course_app, hardened_app};
use crate::schema::{validate_junit, validate_report};
use fixture_app::Mistake;

/// The ids of the checks the course's app gets advice for.
const ADVICE: [&str; 4] = [
    "no-orphaned-tokens",
    "disconnect-outage",
    "state-bound",
    "foreign-origin",
];

/// Runs the binary against the course's app with `--format json --junit` (and `extra`);
/// returns the exit code, the JSON document and the XML, both validated.
async fn reports(extra: &[&str]) -> (Option<i32>, Value, String) {
    let app = course_app(Mistake::None).await;
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("report.xml");
    let junit_arg = junit.to_str().unwrap().to_string();
    let mut args = vec!["--format", "json", "--junit", &junit_arg];
    args.extend(extra);
    let output = app.run_binary(&args).await;
    let value: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    validate_report(&value);
    let xml = std::fs::read_to_string(&junit).unwrap();
    validate_junit(&xml);
    (output.status.code(), value, xml)
}

/// The check `id` of a JSON report.
fn json_check<'v>(value: &'v Value, id: &str) -> &'v Value {
    let checks = value["checks"].as_array().expect("checks");
    checks
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {value:#}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn advice_is_reported_but_not_counted_in_json_and_junit() {
    let (code, value, xml) = reports(&[]).await;
    assert_eq!(code, Some(0));
    assert_eq!(value["outcome"], "passed");
    assert_eq!(value["strict"], false);
    let summary = &value["summary"];
    assert_eq!(
        [
            &summary["passed"],
            &summary["failed"],
            &summary["skipped"],
            &summary["advice"],
            &summary["total"]
        ],
        [9, 0, 0, 4, 13]
    );
    for id in ADVICE {
        let check = json_check(&value, id);
        assert_eq!(check["section"], "beyond", "{check:#}");
        assert_eq!(check["status"], "fail", "{check:#}");
        assert_eq!(check["counted"], false, "{check:#}");
        assert!(check["hint"].is_string(), "{check:#}");
    }
    let logout = json_check(&value, "logout");
    assert_eq!(
        (&logout["section"], &logout["counted"]),
        (&"course".into(), &true.into())
    );
    let disconnect = json_check(&value, "disconnect");
    let note = disconnect["notes"][0].as_str().unwrap_or_default();
    assert!(
        note.starts_with("POST /disconnect/github ended gho_"),
        "{disconnect:#}"
    );

    let course = between(&xml, "<testsuite name=\"logout-lab\"", "</testsuite>");
    assert!(course.contains("tests=\"5\""), "{course}");
    assert!(!course.contains("<skipped"), "{course}");
    let beyond = between(
        &xml,
        "<testsuite name=\"logout-lab.beyond\"",
        "</testsuite>",
    );
    assert_says(beyond, &["tests=\"8\"", "failures=\"0\"", "skipped=\"4\""]);
    assert!(
        beyond.contains(
            "<skipped message=\"advice (counted with --strict): the app logged in a browser"
        ),
        "{beyond}"
    );
    assert!(!xml.contains("<failure"), "{xml}");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_strict_the_advice_is_counted_in_json_and_junit() {
    let (code, value, xml) = reports(&["--strict"]).await;
    assert_eq!(code, Some(1));
    assert_eq!(
        (&value["outcome"], &value["exit_code"]),
        (&"failed".into(), &1.into())
    );
    assert_eq!(value["strict"], true);
    assert_eq!(value["summary"]["failed"], 4);
    assert_eq!(value["summary"]["advice"], 0);
    for id in ADVICE {
        assert_eq!(json_check(&value, id)["counted"], true);
    }
    let beyond = between(
        &xml,
        "<testsuite name=\"logout-lab.beyond\"",
        "</testsuite>",
    );
    assert_says(
        beyond,
        &[
            "failures=\"4\"",
            "skipped=\"0\"",
            "<failure message=\"the app logged in a browser",
        ],
    );
    assert!(!xml.contains("advice (counted with --strict)"), "{xml}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_run_exits_1_and_names_the_skipped_check() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("report.xml");
    let junit_arg = junit.to_str().unwrap().to_string();
    let app = course_app(Mistake::RevokeGitHubOnLogout).await;
    let output = app.run_binary(&["--junit", &junit_arg]).await;
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_says(
        &text,
        &[
            "✗ logout",
            "problem:    token revoked unnecessarily",
            "skipped: depends on `logout`, which failed",
        ],
    );
    // Beyond the course: `no-orphaned-tokens` caught the same revocation (advice), as
    // `disconnect-outage` caught the forgotten one; the six checks that need `logout` were
    // skipped.
    assert_says(
        &text,
        &[
            "! no-orphaned-tokens",
            "    advice:     token revoked unnecessarily",
        ],
    );
    assert_eq!(
        text.lines().last(),
        Some("2 passed, 1 failed, 8 skipped, 2 advice"),
        "{text}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    let suites = validate_junit(&xml);
    assert_eq!(suites["logout-lab"]["failures"], "1", "{xml}");
    assert_eq!(suites["logout-lab"]["skipped"], "2", "{xml}");
    assert_eq!(suites["logout-lab.beyond"]["failures"], "0", "{xml}");
    assert_eq!(suites["logout-lab.beyond"]["skipped"], "8", "{xml}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_json_report_of_a_failing_run_follows_the_schema() {
    let app = course_app(Mistake::KeepCookie).await;
    let output = app.run_binary(&["--format", "json"]).await;
    assert_eq!(output.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    validate_report(&value);
    assert_eq!(value["outcome"], "failed");
    let logout = &value["checks"][0];
    assert_eq!(logout["status"], "fail");
    assert_eq!(logout["step"], "POST /logout");
    assert_eq!(
        logout["steps"].as_array().unwrap().last().unwrap()["status"],
        "fail"
    );
    assert_eq!(value["checks"][1]["status"], "skip");
    let orphans = &value["checks"][5];
    assert_eq!(orphans["id"], "no-orphaned-tokens");
    assert_eq!(orphans["section"], "beyond");
    assert_eq!(orphans["status"], "fail");
    assert_eq!(orphans["counted"], false);
    assert_eq!(value["summary"]["failed"], 1);
    // `no-orphaned-tokens`, and `disconnect-outage` (the course's app forgets a revocation
    // that met an outage).
    assert_eq!(value["summary"]["advice"], 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn strict_turns_advice_into_a_failure_and_exit_code_1() {
    let app = course_app(Mistake::None).await;
    let advice = (
        "Beyond the course (advice: a failure here is shown, and counted only with --strict)",
        "! state-bound",
        "    advice:     the app logged in a browser",
        "1 passed, 0 failed, 1 advice",
    );
    let counted = (
        "Beyond the course (counted: --strict)",
        "✗ state-bound",
        "    problem:    the app logged in a browser",
        "1 passed, 1 failed",
    );
    for (strict, code, (heading, mark, detail, summary)) in [(false, 0, advice), (true, 1, counted)]
    {
        let mut args = vec!["--only", "state-bound"];
        args.extend(strict.then_some("--strict"));
        let output = app.run_binary(&args).await;
        assert_eq!(output.status.code(), Some(code), "{args:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert_says(&text, &[&format!("{heading}\n{mark}"), detail]);
        assert_eq!(text.lines().last(), Some(summary), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_html_report_draws_the_steps_and_marks_the_revocation_judged_unnecessary() {
    let app = course_app(Mistake::RevokeGoogleOnLogout).await;
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let html_arg = html.to_str().unwrap().to_string();
    let output = app
        .run_binary(&["--format", "json", "--html", &html_arg])
        .await;
    assert_eq!(output.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    validate_report(&value);
    let page = std::fs::read_to_string(&html).expect("the page is written");
    assert!(
        page.starts_with("<!DOCTYPE html><html lang=\"en\">"),
        "{page}"
    );
    assert_eq!(page.matches("<html").count(), 1, "one document");
    assert!(page.ends_with("</html>"), "{page}");
    let summary = &value["summary"];
    let line = format!(
        "<p class=\"summary failed\">{} passed, {} failed",
        summary["passed"], summary["failed"]
    );
    assert!(page.contains(&line), "the JSON's counts: {line}");
    let check = between(&page, "id=\"check-no-revoke-on-logout\"", "</article>");
    assert_says(
        check,
        &[
            "<span class=\"badge\">failed</span>",
            "<dt>failed at</dt><dd>POST /logout of the Google user</dd>",
            "token revoked unnecessarily",
            "<dt>hint</dt>",
            "<span class=\"lane l3\">GitHub</span><span class=\"lane l4\">Google</span>",
            "<span class=\"sr\">Browser to Google: </span>GET /o/oauth2/v2/auth</span>",
            "revocation unnecessary\"><details class=\"exchange\">",
            "<span class=\"glyph\" aria-hidden=\"true\">⚠</span> Google: POST /revoke\
             <span class=\"verdict\"><strong>revoked unnecessarily</strong>: <code>ya29.",
            "<li class=\"unnecessary\"><span class=\"glyph\" aria-hidden=\"true\">⚠</span> \
             <strong>Revocation</strong> at Google: <code>POST /revoke</code>",
            "What the mock Google recorded of this call:",
            "<dt>answer</dt><dd>HTTP 200, accepted</dd>",
        ],
    );
    assert!(
        page.contains("&amp;client_secret=••••••••"),
        "with --html, the app's code exchange in full, its secret masked"
    );
    assert!(
        !page.contains("allowed"),
        "no verdict reads \"refused, allowed\""
    );
    let logout = between(&page, "id=\"check-logout\"", "</article>");
    assert!(
        logout.contains("<span class=\"badge\">passed</span>"),
        "{logout}"
    );
    let step = between(logout, "</span> POST /logout <span", "<h4>");
    assert_says(
        step,
        &[
            "<span class=\"sr\">Browser to App: </span>POST /logout</span>",
            "<pre class=\"http\"><code>POST http://",
            "\nUser-Agent: logout-lab-checker/",
            "; session=",
            " · Set-Cookie: session cleared",
            "\nset-cookie: session=; ",
            "Max-Age=0",
            "While the app answered: <strong>0 calls to a provider</strong>.",
            "0 calls to a provider: the mocks saw no call from the app in this step.",
        ],
    );
    assert_masked(&page);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_without_html_reads_the_apps_calls_without_their_messages() {
    let app = course_app(Mistake::RevokeGoogleOnLogout).await;
    let report = app
        .check_with(Options {
            only: Some("no-revoke-on-logout".into()),
            ..Options::default()
        })
        .await;
    let page = checker::report::html::render(&report);
    assert!(page.contains("Google: POST /revoke"), "the call is named");
    assert!(
        !page.contains("client_secret="),
        "no call's body was read: {page}"
    );
}

/// Asserts that `page` shows no client secret and no whole token: each token it names is
/// shortened to ten characters and `…`.
#[track_caller]
fn assert_masked(page: &str) {
    for secret in [GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_SECRET] {
        assert!(!page.contains(secret), "{secret} in the page");
    }
    for prefix in ["gho_", "ya29.", "1//0"] {
        for (at, _) in page.match_indices(prefix) {
            let token: String = page[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "_-./".contains(*c))
                .collect();
            assert!(token.len() <= 10, "a whole token in the page: {token}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_html_report_masks_a_secret_or_a_token_that_reached_the_browser() {
    for (mistake, shown) in [
        (Mistake::SecretInAuthorizeUrl, "client_secret=••••••••"),
        (Mistake::TokenInMe, "&quot;githubToken&quot;:&quot;gho_"),
    ] {
        let lab = hardened_app(mistake).await;
        let report = lab
            .check_with(Options {
                only: Some("no-secrets-in-browser".into()),
                ..Options::default()
            })
            .await;
        assert_eq!(report.exit_code(), 0, "advice: {report:#?}");
        let page = checker::report::html::render(&report);
        let check = between(&page, "id=\"check-no-secrets-in-browser\"", "</article>");
        assert_says(check, &["<span class=\"badge\">advice</span>", shown]);
        assert_masked(&page);
    }
}
