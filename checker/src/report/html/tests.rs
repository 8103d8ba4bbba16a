use super::*;
use crate::report::sample;
use testkit::assert_says;

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

/// The page of the sample report.
fn sample_page() -> String {
    render(&sample::report())
}

/// The step section of the check `id` headed `step`, up to the next step or row.
fn step<'h>(page: &'h str, id: &str, step: &str) -> &'h str {
    let check = article(page, id);
    let heading = format!("</span> {step} <span class=\"duration\">");
    let (_, from) = check.split_once(&heading).expect("the step");
    let end = ["<section class=\"step ", "<section class=\"between\">"]
        .iter()
        .filter_map(|next| from.find(next))
        .min();
    &from[..end.unwrap_or(from.len())]
}

#[test]
fn each_step_is_a_sequence_diagram_with_a_lane_per_provider() {
    let page = sample_page();
    let logout = article(&page, "logout");
    assert_eq!(
        logout.matches("<div class=\"seq\">").count(),
        3,
        "two steps and a row between"
    );
    assert_eq!(logout.matches("<span class=\"lane l").count(), 12);
    for (lane, name) in ["Browser", "App", "GitHub", "Google"].iter().enumerate() {
        let head = format!("<span class=\"lane l{}\">{name}</span>", lane + 1);
        assert!(logout.contains(&head), "{head}");
    }
    assert!(
        !page.contains(">Provider<"),
        "no lane serves both providers"
    );
    assert_says(
        logout,
        &[
            "<details class=\"steps\" open>",
            "<span class=\"sr\">Browser to App: </span>GET /auth/github</span><span class=\"arrow s1 e2 right\"></span>",
            "<span class=\"sr\">Browser to GitHub: </span>GET /login/oauth/authorize</span><span class=\"arrow s1 e3 right\"></span>",
            "<span class=\"sr\">App to GitHub: </span>GitHub: POST /login/oauth/access_token</span><span class=\"arrow s2 e3 right\"></span>",
            "<span class=\"sr\">GitHub to App: </span>200 code exchanged</span><span class=\"arrow s2 e3 left\"></span>",
            "<li class=\"row call during\">",
            "the check failed here",
        ],
    );
    let question = article(&page, "when-to-revoke");
    assert!(question.contains("No HTTP exchange of the browser in this step."));
    assert!(
        !question.contains("<details class=\"steps\" open"),
        "a pass is folded"
    );
}

#[test]
fn every_exchange_opens_to_its_request_and_answer_in_full() {
    let page = sample_page();
    let login = step(&page, "logout", "log in");
    assert_eq!(
        login.matches("<details class=\"exchange\">").count(),
        6,
        "4 requests, 2 calls"
    );
    assert_says(
        login,
        &[
            "<h5>Request</h5><pre class=\"http\"><code>GET http://127.0.0.1:3000/me\nUser-Agent: logout-lab-checker/0.1.0\nCookie: session=s3ss10n1dW…</code></pre><p class=\"none\">No body.</p>",
            "<h5>Answer</h5><pre class=\"http\"><code>HTTP 200\ncontent-type: application/json</code></pre><pre class=\"body\"><code>{&quot;login&quot;:&quot;ada&quot;,&quot;githubId&quot;:1,&quot;token&quot;:&quot;gho_Xw0nPK…&quot;}</code></pre>",
            "While the app answered: <strong>2 calls to a provider</strong>.",
            "While the app answered: <strong>0 calls to a provider</strong>.",
            "What the mock GitHub recorded of this call:",
            "<dt>request</dt><dd>GET http://127.0.0.1:3001/user</dd>",
            "The mock did not keep this call in full, only what it did: its headers and body (where the client's id and secret and the token travel) and the status of its answer are not shown.",
        ],
    );
}

#[test]
fn an_app_call_the_mock_kept_opens_to_its_request_and_answer_masked_again() {
    let page = sample_page();
    let login = step(&page, "logout", "log in");
    assert_says(
        login,
        &[
            "<h5>Request</h5><pre class=\"http\"><code>POST http://127.0.0.1:3001/login/oauth/access_token\naccept: application/json\ncontent-type: application/x-www-form-urlencoded</code></pre><pre class=\"body\"><code>grant_type=authorization_code&amp;client_id=logout-lab-github&amp;client_secret=••••••••&amp;code=c0de012345…</code></pre>",
            "<h5>Answer</h5><pre class=\"http\"><code>HTTP 200\ncontent-type: application/json</code></pre><pre class=\"body\"><code>{&quot;access_token&quot;:&quot;gho_Xw0nPK…&quot;,&quot;token_type&quot;:&quot;bearer&quot;}</code></pre>",
            "<section class=\"recorded\"><p>What the mock GitHub recorded of this call:</p>",
            "<dt>tokens issued</dt><dd>gho_Xw0nPK…</dd>",
        ],
    );
    let logout = step(&page, "logout", "POST /logout");
    assert_says(
        logout,
        &[
            "<code>DELETE http://127.0.0.1:3001/applications/logout-lab-github/token\nauthorization: Basic logout-lab-github:••••••••\nuser-agent: app</code>",
            "<h5>Answer</h5><pre class=\"http\"><code>HTTP 204</code></pre><p class=\"none\">No body.</p>",
            "<dt>answer</dt><dd>HTTP 204, accepted</dd>",
        ],
    );
    assert!(
        !page.contains("not recorded"),
        "no call said to be unrecorded"
    );
}

#[test]
fn a_body_the_mock_kept_in_part_or_not_at_all_says_so() {
    let mut report = sample::report();
    let exchange = &mut report.checks[0].steps[0].exchanges[3];
    let crate::report::Full::Http {
        response: Ok(answer),
        ..
    } = &mut exchange.full
    else {
        panic!("the code exchange, kept: {exchange:?}")
    };
    let body = answer.body.as_mut().unwrap();
    (body.len, body.cut) = (15_234, true);
    let page = render(&report);
    assert!(page.contains("Cut: the mock kept the start of these 15,234 bytes."));
    let crate::report::Full::Http {
        response: Ok(answer),
        ..
    } = &mut report.checks[0].steps[0].exchanges[3].full
    else {
        unreachable!()
    };
    answer.body.as_mut().unwrap().text.clear();
    let page = render(&report);
    assert!(page.contains("Not kept: the mock keeps no page (15,234 bytes)."));
}

#[test]
fn no_client_secret_full_token_or_session_id_is_anywhere_in_the_page() {
    let page = sample_page();
    for secret in [
        "logout-lab-github-secret",
        sample::exchanges::TOKEN,
        sample::exchanges::OLD_TOKEN,
        sample::exchanges::SESSION,
        sample::exchanges::BASIC,
        "c0de0123456789abcdef",
    ] {
        assert!(!page.contains(secret), "{secret} in the page");
    }
    assert_says(
        &page,
        &[
            "client_secret=••••••••&amp;state=st4te",
            "set-cookie: session=s3ss10n1dW…; Path=/; HttpOnly; SameSite=Lax",
            "<code>gho_0ldT0k…</code>",
        ],
    );
}

#[test]
fn a_logout_shows_its_set_cookie_and_the_calls_to_a_provider() {
    let page = sample_page();
    let logout = step(&page, "logout", "POST /logout");
    assert_says(
        logout,
        &[
            "302 · Set-Cookie: session cleared",
            "HTTP 302\nset-cookie: session=; Path=/; Max-Age=0\nlocation: /",
            "While the app answered: <strong>1 call to a provider</strong>.",
            "<p class=\"step-calls\">1 call to a provider in this step (GitHub 1), as the mocks recorded them.</p>",
        ],
    );
    let mut report = sample::report();
    report.checks[0].steps[1].exchanges.retain(|e| !e.is_call());
    let page = render(&report);
    assert_says(
        step(&page, "logout", "POST /logout"),
        &[
            "While the app answered: <strong>0 calls to a provider</strong>.",
            "<p class=\"step-calls\">0 calls to a provider: the mocks saw no call from the app in this step.</p>",
        ],
    );
}

#[test]
fn each_revocation_says_what_came_of_it_in_a_glyph_and_words() {
    let page = sample_page();
    let logout = step(&page, "logout", "POST /logout");
    assert_says(
        logout,
        &[
            "<li class=\"row call during revocation unnecessary\">",
            "<span class=\"glyph\" aria-hidden=\"true\">⚠</span> GitHub: DELETE /applications/logout-lab-github/token<span class=\"verdict\"><strong>revoked unnecessarily</strong>: <code>gho_Xw0nPK…</code></span>",
            "<li class=\"unnecessary\"><span class=\"glyph\" aria-hidden=\"true\">⚠</span> <strong>Revocation</strong> at GitHub: <code>DELETE /applications/logout-lab-github/token</code> naming <code>gho_Xw0nPK…</code>: <strong class=\"judged\">revoked unnecessarily</strong></li>",
        ],
    );
    let mut report = sample::report();
    let call = report.checks[0].steps[1].exchanges[2]
        .revocation
        .as_mut()
        .unwrap();
    call.unnecessary = false;
    let page = render(&report);
    let words = "<span class=\"glyph\" aria-hidden=\"true\">✂</span> GitHub: DELETE /applications/logout-lab-github/token<span class=\"verdict\"><strong>revoked (accepted)</strong>";
    assert_says(step(&page, "logout", "POST /logout"), &[words]);
    call_refused(&mut report);
    let page = render(&report);
    assert_says(
        step(&page, "logout", "POST /logout"),
        &[
            "<li class=\"row call during revocation unnecessary\">",
            "<strong>tried to revoke unnecessarily, refused by GitHub: 404</strong>",
        ],
    );
    assert!(
        !page.contains("allowed"),
        "no verdict reads \"refused, allowed\""
    );
    let glyphs = [
        "✂</span> revoked (accepted)",
        "⚠</span> revoked unnecessarily",
        "⊘</span> refused by the provider",
    ];
    assert_says(&page, &glyphs);
}

/// Makes the sample's logout revocation one GitHub refused with a 404, still judged unnecessary.
fn call_refused(report: &mut Report) {
    let exchange = &mut report.checks[0].steps[1].exchanges[2];
    exchange.answer = crate::report::Answer::Status(404);
    let call = exchange.revocation.as_mut().unwrap();
    (call.accepted, call.unnecessary) = (false, true);
}

#[test]
fn calls_made_between_steps_are_drawn_in_a_row_of_their_own() {
    let page = sample_page();
    let logout = article(&page, "logout");
    let between = logout.find("<section class=\"between\">").expect("the row");
    let heading = logout.find("</span> POST /logout <span").expect("the step");
    assert!(between < heading, "before the step, not inside it");
    let row = &logout[between..heading];
    assert_says(
        row,
        &[
            "In the background, before “POST /logout”",
            "made before this step's first request: the app at work on its own, such as a queue's retries.",
            "<li class=\"row call revocation refused\">",
            "<span class=\"glyph\" aria-hidden=\"true\">⊘</span> GitHub: DELETE /applications/logout-lab-github/token<span class=\"verdict\"><strong>refused by GitHub: 404</strong>: <code>gho_0ldT0k…</code></span>",
            "<strong class=\"judged\">refused by GitHub: 404</strong> (the token is not known)",
            "<dt>answer</dt><dd>HTTP 404, refused: the token is not known</dd>",
        ],
    );
    assert!(
        !step(&page, "logout", "POST /logout").contains("refused"),
        "not in the step"
    );
}

#[test]
fn the_answers_close_each_request_after_the_calls_made_during_it() {
    let page = sample_page();
    let logout = step(&page, "logout", "POST /logout");
    let request = logout.find(">POST /logout</span>").expect("the request");
    let call = logout
        .find("GitHub: DELETE /applications")
        .expect("the call");
    let answered = logout
        .find("<li class=\"answer-row\">")
        .expect("the answer");
    assert!(request < call && call < answered, "{logout}");
    assert!(logout[answered..].contains("302 · Set-Cookie: session cleared"));
}

#[test]
fn a_long_body_is_cut_and_says_so() {
    let mut report = sample::report();
    let exchange = &mut report.checks[0].steps[0].exchanges[0];
    if let crate::report::Full::Http {
        response: Ok(answer),
        ..
    } = &mut exchange.full
    {
        let long = crate::client::Kept::new(&"x".repeat(15_234));
        answer.body = Some(crate::report::Body::from(&long));
    }
    let page = render(&report);
    assert!(page.contains("Cut: the first 2,000 of 15,234 characters are shown."));
}

#[test]
fn the_legend_says_how_to_read_the_diagrams() {
    assert_says(
        &sample_page(),
        &[
            "<section class=\"legend\" aria-label=\"How to read the diagrams\">",
            "click an arrow",
        ],
    );
    let mut report = sample::report();
    report.checks.truncate(0);
    assert!(
        !render(&report).contains("class=\"legend\""),
        "no diagram, no legend"
    );
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
