//! `/login/oauth/authorize`: the redirect_uri rule, PKCE, sign-in, consent, Cancel, grants,
//! `prompt=select_account`, and the home page with sign-out.

use super::support::{
    CALLBACK, CLIENT, OTHER, authorize_url, callback, decide, event_kinds, signed_in, spawn,
};
use crate::helpers::{location, query};

/// A page answer with no redirect: what a bad client or redirect_uri must get.
async fn assert_error_page(response: reqwest::Response, status: u16, what: &str) {
    assert_eq!(response.status(), status, "{what}: status");
    assert!(
        response.headers().get("location").is_none(),
        "{what}: never a redirect"
    );
    let ct = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        ct.starts_with("text/html"),
        "{what}: an HTML page, got {ct}"
    );
}

#[tokio::test]
async fn unknown_client_or_bad_redirect_uri_gets_an_error_page_never_a_redirect() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let browser = signed_in(gh, "ada").await;
    let get = |url: String| browser.get(url).send();
    let unknown = format!("{gh}/login/oauth/authorize?client_id=nope&redirect_uri={CALLBACK}");
    assert_error_page(get(unknown).await.unwrap(), 404, "unknown client").await;
    let missing = format!("{gh}/login/oauth/authorize");
    assert_error_page(get(missing).await.unwrap(), 404, "missing client_id").await;
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
        let url = format!(
            "{gh}/login/oauth/authorize?{}",
            serde_urlencoded::to_string([("client_id", CLIENT), ("redirect_uri", bad)]).unwrap()
        );
        assert_error_page(get(url).await.unwrap(), 400, bad).await;
    }
    let page = get(format!(
        "{gh}/login/oauth/authorize?client_id={OTHER}&redirect_uri=https://other.example:8443/cb"
    ))
    .await
    .unwrap();
    assert_error_page(page, 400, "another port on a non-loopback host").await;
}

#[tokio::test]
async fn redirect_uri_below_the_callback_on_any_loopback_port_or_omitted_is_accepted() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let browser = signed_in(gh, "ada").await;
    for (client, given, expect_prefix) in [
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
    ] {
        let mut params = vec![("client_id", client), ("state", "s1")];
        if let Some(given) = given {
            params.push(("redirect_uri", given));
        }
        let url = format!(
            "{gh}/login/oauth/authorize?{}",
            serde_urlencoded::to_string(&params).unwrap()
        );
        let target = callback(&browser, gh, &url).await;
        assert!(
            target.starts_with(expect_prefix),
            "{given:?}: redirected to {target}"
        );
        assert_eq!(query(&target)["state"], "s1", "{given:?}: state comes back");
    }
}

#[tokio::test]
async fn pkce_only_s256_other_methods_get_an_invalid_request_redirect() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let browser = signed_in(gh, "ada").await;
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    for (what, params) in [
        (
            "plain",
            vec![
                ("code_challenge", challenge),
                ("code_challenge_method", "plain"),
            ],
        ),
        ("no method", vec![("code_challenge", challenge)]),
        ("method only", vec![("code_challenge_method", "S256")]),
        (
            "bad challenge",
            vec![
                ("code_challenge", "short"),
                ("code_challenge_method", "S256"),
            ],
        ),
    ] {
        let mut all = params.clone();
        all.push(("state", "st"));
        let response = browser.get(authorize_url(gh, &all)).send().await.unwrap();
        assert_eq!(response.status(), 302, "{what}: an error redirect");
        let target = location(&response);
        assert!(
            target.starts_with(CALLBACK),
            "{what}: to the callback: {target}"
        );
        let q = query(&target);
        assert_eq!(q["error"], "invalid_request", "{what}");
        assert_eq!(q["state"], "st", "{what}: state kept");
        assert!(!q.contains_key("code"), "{what}: no code");
    }
    let s256 = [
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ];
    let target = callback(&browser, gh, &authorize_url(gh, &s256)).await;
    assert!(
        query(&target).contains_key("code"),
        "S256 is accepted: {target}"
    );
}

#[tokio::test]
async fn consent_then_grant_skips_it_until_more_scopes_are_asked_and_select_account_shows_the_chooser()
 {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let browser = signed_in(gh, "ada").await;
    let first = browser
        .get(authorize_url(gh, &[("scope", "read:user")]))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200, "first time: consent");
    let page = first.text().await.unwrap();
    assert!(
        page.contains("ada") && page.contains("read:user") && page.contains("Cancel"),
        "consent shows user, scope, Cancel"
    );
    assert_eq!(decide(&browser, gh, &page, "1").await.status(), 302);

    let again = browser
        .get(authorize_url(gh, &[("scope", "read:user")]))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 302, "granted scopes: straight back");
    assert!(query(&location(&again)).contains_key("code"));
    let empty = browser.get(authorize_url(gh, &[])).send().await.unwrap();
    assert_eq!(empty.status(), 302, "no scope is covered by any grant");

    let more = browser
        .get(authorize_url(gh, &[("scope", "read:user,user:email")]))
        .send()
        .await
        .unwrap();
    assert_eq!(more.status(), 200, "a new scope: consent again");

    let chooser = browser
        .get(authorize_url(
            gh,
            &[("scope", "read:user"), ("prompt", "select_account")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        chooser.status(),
        302,
        "prompt=select_account goes to the chooser"
    );
    let to = location(&chooser);
    let return_to = query(&format!("{gh}{to}"))["return_to"].clone();
    assert!(
        to.starts_with("/login?") && !return_to.contains("prompt"),
        "the chooser comes back without prompt: {return_to}"
    );
}

#[tokio::test]
async fn cancel_redirects_with_githubs_exact_access_denied() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let browser = signed_in(gh, "ada").await;
    let page = browser
        .get(authorize_url(gh, &[("scope", "user"), ("state", "a b&c")]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = decide(&browser, gh, &page, "0").await;
    assert_eq!(
        location(&response),
        "http://localhost:3000/auth/github/callback?error=access_denied&error_description=The+user+has+denied+your+application+access.&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2Fmanaging-oauth-apps%2Ftroubleshooting-authorization-request-errors%2F%23access-denied&state=a+b%26c"
    );
    assert!(event_kinds(&mocks).contains(&"consent_denied"));
    let still = browser
        .get(authorize_url(gh, &[("scope", "user")]))
        .send()
        .await
        .unwrap();
    assert_eq!(still.status(), 200, "Cancel grants nothing: consent again");
}

#[tokio::test]
async fn the_consent_post_is_checked_again() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let browser = signed_in(gh, "ada").await;
    let page = browser
        .get(authorize_url(gh, &[("scope", "user")]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = super::support::hidden_inputs(&page);
    let post = |form: Vec<(String, String)>| {
        browser
            .post(format!("{gh}/login/oauth/authorize"))
            .form(&form)
            .send()
    };
    let with = |name: &str, value: &str| {
        let mut f: Vec<(String, String)> =
            form.iter().filter(|(n, _)| n != name).cloned().collect();
        f.push((name.into(), value.into()));
        f.push(("authorize".into(), "1".into()));
        f
    };
    let forged = post(with("authenticity_token", "forged")).await.unwrap();
    assert_eq!(
        forged.status(),
        422,
        "a wrong authenticity_token is refused"
    );
    assert!(forged.headers().get("location").is_none());
    let evil = post(with("redirect_uri", "http://evil.example/cb"))
        .await
        .unwrap();
    assert_eq!(
        evil.status(),
        400,
        "a tampered redirect_uri is refused, no redirect"
    );
    assert!(evil.headers().get("location").is_none());
    let mut neither = form.clone();
    neither.push(("authorize".into(), "maybe".into()));
    assert_eq!(
        post(neither).await.unwrap().status(),
        400,
        "authorize must be 1 or 0"
    );
    let stranger = crate::helpers::browser()
        .post(format!("{gh}/login/oauth/authorize"))
        .form(&with("authenticity_token", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 302, "no session: to sign-in");
    assert!(location(&stranger).starts_with("/login?"));
    assert!(
        mocks.mocks.github.store().lock().grants.is_empty(),
        "no grant came of any of it"
    );
}
