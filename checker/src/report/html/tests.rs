use super::*;
use crate::report::sample;
use crate::testing::assert_says;

/// Asserts that the sample report's `logout` check (a failure with a revocation judged
/// unnecessary) says each of `fragments`.
fn logout_says(fragments: &[&str]) {
    let page = render(&sample::report());
    assert_says(article(&page, "logout"), fragments);
}

/// The `<article>` of the check `id`.
fn article<'h>(page: &'h str, id: &str) -> &'h str {
    let (_, from) = page
        .split_once(&format!("id=\"check-{id}\""))
        .expect("the check");
    from.split_once("</article>").expect("the article's end").0
}

#[test]
fn the_page_is_one_self_contained_document() {
    let page = render(&sample::report());
    assert!(
        page.starts_with("<!DOCTYPE html><html lang=\"en\">"),
        "{page}"
    );
    assert_eq!(page.matches("<html").count(), 1);
    assert!(page.ends_with("</html>"));
    assert_says(
        &page,
        &[
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>Logout and token cleanup: checker report (failed)</title>",
            "<style>",
        ],
    );
    for external in [
        "<script",
        "<link",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(http",
    ] {
        assert!(!page.contains(external), "{external} in {page}");
    }
}

#[test]
fn the_header_has_the_lesson_targets_and_the_summary_line() {
    let page = render(&sample::report());
    assert_says(
        &page,
        &[
            "<h1>Logout and token cleanup</h1>",
            "<code>http://127.0.0.1:3000</code>",
            "<code>http://127.0.0.1:3002</code>",
            "<p class=\"summary failed\">1 passed, 1 failed, 1 skipped, 1 advice</p>",
            "Exit status 1: a check that counts failed",
            "1/3 exercises done.",
        ],
    );
}

#[test]
fn an_in_process_run_names_no_address_but_a_fresh_lab_for_each_check() {
    let mut report = sample::report();
    report.target = crate::report::Target::in_process(crate::apps::OurApp::Course);
    let page = render(&report);
    assert_says(
        &page,
        &[
            "<dt>App and mocks</dt><dd>the course's app (app/), in-process: each check with a fresh app and fresh mocks</dd>",
        ],
    );
    assert!(!page.contains("(in-process)"), "{page}");
}

#[test]
fn every_check_is_under_its_section_with_its_mark_and_title() {
    let page = render(&sample::report());
    assert_says(
        &page,
        &[
            "<h2>The course's exercises</h2>",
            "<h3><span class=\"mark\" aria-hidden=\"true\">✗</span> <span class=\"badge\">failed</span> <code class=\"id\">logout</code> <span class=\"title\">POST /logout ends the app's session</span></h3>",
            "<span class=\"mark\" aria-hidden=\"true\">-</span> <span class=\"badge\">skipped</span>",
            "<span class=\"title\">Still logged in</span>",
            "<span class=\"title\">When to revoke</span>",
            "<h2>Beyond the course</h2>",
            "Advice: a failure here is shown, and counted only with --strict.",
            "<span class=\"mark\" aria-hidden=\"true\">!</span> <span class=\"badge\">advice</span>",
            "<span class=\"title\">The state is bound</span>",
        ],
    );
    assert!(
        article(&page, "still-logged-in").contains("skipped: depends on `logout`, which failed")
    );
    assert!(article(&page, "when-to-revoke").contains("note: </span>tidy-up: an older token"));
}

#[test]
fn a_failure_shows_step_expected_actual_and_hint_escaped() {
    logout_says(&[
        "<dt>failed at</dt><dd>POST /logout</dd>",
        "<dt>problem</dt><dd>token revoked unnecessarily</dd>",
        "<dt>expected</dt><dd>no revocation &lt;none&gt; &amp; &quot;quotes&quot;</dd>",
        "<dt>actual</dt><dd>DELETE /applications/x/token</dd>",
        "<dt>hint</dt><dd>Do not revoke on logout.</dd>",
    ]);
    let page = render(&sample::report());
    assert!(!page.contains("<none>"), "escaped");
    let advice = "<dt>advice</dt><dd>the state is not bound";
    assert_says(article(&page, "state-bound"), &[advice]);
}

#[test]
fn with_strict_the_advice_is_a_failure() {
    let mut report = sample::report();
    report.strict = true;
    let page = render(&report);
    assert!(page.contains("<p class=\"summary failed\">1 passed, 2 failed, 1 skipped</p>"));
    assert!(page.contains("Counted: --strict."));
    let failed = ["<span class=\"badge\">failed</span>", "<dt>problem</dt>"];
    assert_says(article(&page, "state-bound"), &failed);
}

#[test]
fn each_step_is_a_sequence_diagram_with_three_lifelines_and_its_exchanges() {
    let page = render(&sample::report());
    let logout = article(&page, "logout");
    assert_eq!(logout.matches("<svg ").count(), 2, "one per step");
    assert_eq!(logout.matches("<g class=\"lifeline\">").count(), 6);
    for name in ["Browser", "App", "Provider"] {
        assert!(
            logout.contains(&format!("text-anchor=\"middle\">{name}</text>")),
            "{name}"
        );
    }
    assert_says(
        logout,
        &[
            "<details class=\"steps\" open>",
            "GET /auth/github",
            "GitHub: GET /login/oauth/authorize",
            "GET /auth/github/callback",
            "GitHub: POST /login/oauth/access_token",
            "code exchanged",
            "POST /logout",
            "the check failed here",
        ],
    );
    let question = article(&page, "when-to-revoke");
    assert!(
        question.contains("No HTTP exchange in this step."),
        "{question}"
    );
    assert!(
        !question.contains("<details class=\"steps\" open"),
        "a pass is folded"
    );
}

#[test]
fn a_revocation_is_marked_with_its_token_outcome_and_verdict() {
    logout_says(&[
        "<g class=\"arrow call revocation unnecessary\">",
        "<g class=\"revocation-mark\">",
        "revocation of gho_Xw0nPK…: accepted, revoked unnecessarily",
        "<li class=\"revocation unnecessary\"><strong>Revocation</strong> at GitHub: <code>DELETE /applications/logout-lab-github/token</code> naming <code>gho_Xw0nPK…</code>, accepted (204): <strong class=\"judged\">revoked unnecessarily</strong></li>",
    ]);
    let page = render(&sample::report());
    let logout = article(&page, "logout");
    let login = &logout[..logout
        .find("<h4><span class=\"mark\" aria-hidden=\"true\">✗")
        .unwrap()];
    assert!(
        !login.contains("revocation-mark"),
        "no revocation in the login step"
    );
}

#[test]
fn an_allowed_or_refused_revocation_says_so() {
    let mut report = sample::report();
    let step = &mut report.checks[0].steps[1];
    let revocation = step.exchanges[1].revocation.as_mut().unwrap();
    revocation.unnecessary = false;
    revocation.accepted = false;
    let page = render(&report);
    assert!(
        page.contains("<g class=\"arrow call revocation\">"),
        "{page}"
    );
    assert!(page.contains("revocation of gho_Xw0nPK…: refused, allowed"));
    assert!(!page.contains("class=\"revocation unnecessary\""));
}

#[test]
fn the_answers_close_each_request_after_the_calls_made_during_it() {
    let page = render(&sample::report());
    let logout = article(&page, "logout");
    let request = logout.find(">POST /logout</text>").expect("the request");
    let call = logout
        .find("GitHub: DELETE /applications")
        .expect("the call");
    let answered = logout[call..].find(">302</text>").expect("the answer") + call;
    assert!(request < call && call < answered, "{logout}");
}

#[test]
fn a_run_that_could_not_start_says_why() {
    let mut report = sample::report();
    report.checks.clear();
    report.progress = None;
    report.error = Some("cannot reach the app <at> http://x".into());
    let page = render(&report);
    assert_says(
        &page,
        &[
            "<h2>The checker could not run</h2>",
            "cannot reach the app &lt;at&gt; http://x",
            "Exit status 2",
        ],
    );
    assert!(!page.contains("class=\"summary"), "{page}");
}
