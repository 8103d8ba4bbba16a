//! Clickjacking (F9): no page of either mock may be framed by another site, where a
//! transparent frame over a decoy would turn a click into "Authorize", "Reset" or a sign-in.
//! Every HTML page carries `X-Frame-Options: DENY` and CSP `frame-ancestors 'none'`.

use reqwest::Response;

use crate::helpers::{Fetch, browser, content_type};
use crate::{github, google};

/// Asserts that `response` is HTML that no other page may frame.
fn assert_unframeable(what: &str, response: &Response) {
    let html = content_type(response).starts_with("text/html");
    assert!(html, "{what}: an HTML page ({})", content_type(response));
    let header = |name: &str| {
        let value = response.headers().get(name);
        value
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert_eq!(header("x-frame-options"), "DENY", "{what}: X-Frame-Options");
    let csp = header("content-security-policy");
    assert!(
        csp.contains("frame-ancestors 'none'"),
        "{what}: CSP frame-ancestors, got {csp:?}"
    );
}

#[tokio::test]
async fn no_page_of_either_mock_can_be_framed() {
    let t = crate::helpers::spawn().await;
    let anonymous = browser();
    let mut pages = vec![];
    for base in [&t.github, &t.google] {
        for path in [
            "/",
            "/__mock/",
            "/__mock/tables",
            "/__mock/timeline",
            "/__mock/timeline/fragment",
        ] {
            pages.push((anonymous.clone(), format!("{base}{path}")));
        }
        let not_found = anonymous.get(format!("{base}/no-such-page"));
        let not_found = not_found.header("accept", "text/html").fetch().await;
        assert_unframeable(&format!("{base}: a 404 page"), &not_found);
    }
    pages.push((anonymous.clone(), format!("{}/login", t.github)));
    pages.push((anonymous.clone(), format!("{}/ServiceLogin", t.google)));
    let gh = github::support::signed_in(&t.github, "ada").await;
    let consent = github::support::authorize_url(&t.github, &[("scope", "read:user")]);
    pages.push((gh.clone(), consent));
    pages.push((gh, format!("{}/settings/applications", t.github)));
    let g = google::support::signed_in(&t.google, google::support::ADA).await;
    pages.push((g.clone(), google::support::authorize_url(&t.google, &[])));
    pages.push((g, format!("{}/connections", t.google)));
    for (client, url) in pages {
        let response = client.get(&url).fetch().await;
        assert_unframeable(&url, &response);
    }
    let refused = anonymous
        .post(format!("{}/session", t.github))
        .header("origin", "https://evil.example")
        .form(&[("login", "ada")])
        .fetch()
        .await;
    assert_unframeable("the cross-site refusal page", &refused);
}
