//! `/login/oauth/authorize`: the redirect_uri rule, PKCE, consent, Cancel, grants,
//! `prompt=select_account`, and the consent POST validated again.

use super::support::{
    CALLBACK, CLIENT, OTHER, authorize_url, callback, consent, has_event, spawn_signed_in,
};
use crate::helpers::{CHALLENGE, Fetch, content_type, hidden_inputs, location, query};

/// A page answer with no redirect: what a bad client or redirect_uri must get.
fn assert_error_page(response: &reqwest::Response, status: u16, what: &str) {
    assert_eq!(response.status(), status, "{what}: status");
    let location = response.headers().get("location");
    assert!(location.is_none(), "{what}: never a redirect");
    let ct = content_type(response);
    assert!(
        ct.starts_with("text/html"),
        "{what}: an HTML page, got {ct}"
    );
}

/// The authorize URL of `client_id` with these other parameters.
fn url_of(gh: &str, params: &[(&str, &str)]) -> String {
    let query = serde_urlencoded::to_string(params).unwrap();
    format!("{gh}/login/oauth/authorize?{query}")
}

#[tokio::test]
async fn unknown_client_or_bad_redirect_uri_gets_an_error_page_never_a_redirect() {
    let (t, browser) = spawn_signed_in("ada").await;
    let gh = &t.github;
    let get = |url: String| browser.get(url).fetch();
    let unknown = format!("{gh}/login/oauth/authorize?client_id=nope&redirect_uri={CALLBACK}");
    assert_error_page(&get(unknown).await, 404, "unknown client");
    let missing = format!("{gh}/login/oauth/authorize");
    assert_error_page(&get(missing).await, 404, "missing client_id");
    for bad in [
        "http://evil.example/auth/github/callback",
        "https://localhost:3000/auth/github/callback",
        "http://localhost:3000/auth/github",
        "http://localhost:3000/auth/github/callbackX",
        "http://localhost:3000/auth/github/callback/../../../evil",
        "http://127.0.0.1:3000/auth/github/callback",
        "http://localhost:3000/auth/github/callback#fragment",
        "not a url",
    ] {
        let url = url_of(gh, &[("client_id", CLIENT), ("redirect_uri", bad)]);
        assert_error_page(&get(url).await, 400, bad);
    }
    let page = get(format!(
        "{gh}/login/oauth/authorize?client_id={OTHER}&redirect_uri=https://other.example:8443/cb"
    ))
    .await;
    assert_error_page(&page, 400, "another port on a non-loopback host");
}

#[tokio::test]
async fn redirect_uri_below_the_callback_on_any_loopback_port_or_omitted_is_accepted() {
    let (t, browser) = spawn_signed_in("ada").await;
    let gh = &t.github;
    let cases = [
        (
            CLIENT,
            Some("http://localhost:3000/auth/github/callback/deeper?x=1"),
            "http://localhost:3000/auth/github/callback/deeper?x=1&code=",
        ),
        (
            CLIENT,
            Some("http://localhost:4567/auth/github/callback"),
            "http://localhost:4567/auth/github/callback?code=",
        ),
        (
            OTHER,
            Some("http://127.0.0.1:50123/native"),
            "http://127.0.0.1:50123/native?code=",
        ),
        (
            OTHER,
            Some("https://other.example:443/cb/sub"),
            "https://other.example/cb/sub?code=",
        ),
        (
            CLIENT,
            None,
            "http://localhost:3000/auth/github/callback?code=",
        ),
        (OTHER, None, "https://other.example/cb?code="),
    ];
    for (client, given, expect_prefix) in cases {
        let mut params = vec![("client_id", client), ("state", "s1")];
        if let Some(given) = given {
            params.push(("redirect_uri", given));
        }
        let target = callback(&browser, &url_of(gh, &params)).await;
        let redirected = target.starts_with(expect_prefix);
        assert!(redirected, "{given:?}: redirected to {target}");
        assert_eq!(query(&target)["state"], "s1", "{given:?}: state comes back");
    }
}

#[tokio::test]
async fn pkce_only_s256_other_methods_get_an_invalid_request_redirect() {
    let (t, browser) = spawn_signed_in("ada").await;
    let gh = &t.github;
    let plain = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "plain"),
    ];
    let short = [
        ("code_challenge", "short"),
        ("code_challenge_method", "S256"),
    ];
    let cases: [(&str, &[(&str, &str)]); 4] = [
        ("plain", &plain),
        ("no method", &[("code_challenge", CHALLENGE)]),
        ("method only", &[("code_challenge_method", "S256")]),
        ("bad challenge", &short),
    ];
    for (what, params) in cases {
        let mut all = params.to_vec();
        all.push(("state", "st"));
        let response = browser.get(authorize_url(gh, &all)).fetch().await;
        assert_eq!(response.status(), 302, "{what}: an error redirect");
        let target = location(&response);
        let to_callback = target.starts_with(CALLBACK);
        assert!(to_callback, "{what}: to the callback: {target}");
        let q = query(&target);
        assert_eq!(q["error"], "invalid_request", "{what}");
        assert_eq!(q["state"], "st", "{what}: state kept");
        assert!(!q.contains_key("code"), "{what}: no code");
    }
    let s256 = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let target = callback(&browser, &authorize_url(gh, &s256)).await;
    let accepted = query(&target).contains_key("code");
    assert!(accepted, "S256 is accepted: {target}");
}

#[tokio::test]
async fn consent_then_grant_skips_it_until_more_scopes_are_asked_and_select_account_shows_the_chooser()
 {
    let (t, browser) = spawn_signed_in("ada").await;
    let gh = &t.github;
    let get = |params: &[(&str, &str)]| browser.get(authorize_url(gh, params)).fetch();
    let first = get(&[("scope", "read:user")]).await;
    assert_eq!(first.status(), 200, "first time: consent");
    let page = first.text().await.unwrap();
    assert!(
        page.contains("ada") && page.contains("read:user") && page.contains("Cancel"),
        "consent shows user, scope, Cancel"
    );
    assert_eq!(consent(&browser, gh, &page, true).await.status(), 302);

    let again = get(&[("scope", "read:user")]).await;
    assert_eq!(again.status(), 302, "granted scopes: straight back");
    assert!(query(&location(&again)).contains_key("code"));
    let empty = get(&[]).await;
    assert_eq!(empty.status(), 302, "no scope is covered by any grant");

    let more = get(&[("scope", "read:user,user:email")]).await;
    assert_eq!(more.status(), 200, "a new scope: consent again");

    let chooser = get(&[("scope", "read:user"), ("prompt", "select_account")]).await;
    let status = chooser.status();
    assert_eq!(status, 302, "prompt=select_account goes to the chooser");
    let to = location(&chooser);
    let return_to = query(&format!("{gh}{to}"))["return_to"].clone();
    assert!(
        to.starts_with("/login?") && !return_to.contains("prompt"),
        "the chooser comes back without prompt: {return_to}"
    );
}

#[tokio::test]
async fn cancel_redirects_with_githubs_exact_access_denied() {
    let (t, browser) = spawn_signed_in("ada").await;
    let gh = &t.github;
    let url = authorize_url(gh, &[("scope", "user"), ("state", "a b&c")]);
    let page = browser.get(url).fetch_text().await;
    let response = consent(&browser, gh, &page, false).await;
    assert_eq!(
        location(&response),
        "http://localhost:3000/auth/github/callback?error=access_denied&error_description=The+user+has+denied+your+application+access.&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2Fmanaging-oauth-apps%2Ftroubleshooting-authorization-request-errors%2F%23access-denied&state=a+b%26c"
    );
    assert!(has_event(&t, "consent_denied"));
    let still = browser.get(authorize_url(gh, &[("scope", "user")]));
    let status = still.fetch_status().await;
    assert_eq!(status, 200, "Cancel grants nothing: consent again");
}

#[tokio::test]
async fn the_consent_post_is_checked_again() {
    let (t, browser) = spawn_signed_in("ada").await;
    let gh = &t.github;
    let url = authorize_url(gh, &[("scope", "user")]);
    let form = hidden_inputs(&browser.get(url).fetch_text().await);
    let decision = format!("{gh}/login/oauth/authorize");
    let post = |form: Vec<(String, String)>| browser.post(&decision).form(&form).fetch();
    let with = |name: &str, value: &str| {
        let mut f: Vec<(String, String)> =
            form.iter().filter(|(n, _)| n != name).cloned().collect();
        f.push((name.into(), value.into()));
        f.push(("authorize".into(), "1".into()));
        f
    };
    let forged = post(with("authenticity_token", "forged")).await;
    let status = forged.status();
    assert_eq!(status, 422, "a wrong authenticity_token is refused");
    assert!(forged.headers().get("location").is_none());
    let evil = post(with("redirect_uri", "http://evil.example/cb")).await;
    let status = evil.status();
    assert_eq!(
        status, 400,
        "a tampered redirect_uri is refused, no redirect"
    );
    assert!(evil.headers().get("location").is_none());
    let mut neither = form.clone();
    neither.push(("authorize".into(), "maybe".into()));
    assert_eq!(
        post(neither).await.status(),
        400,
        "authorize must be 1 or 0"
    );
    let stranger = crate::helpers::browser().post(&decision);
    let stranger = stranger
        .form(&with("authenticity_token", "x"))
        .fetch()
        .await;
    assert_eq!(stranger.status(), 302, "no session: to sign-in");
    assert!(location(&stranger).starts_with("/login?"));
    let grants = t.mocks.github.store().lock().grants.is_empty();
    assert!(grants, "no grant came of any of it");
}
