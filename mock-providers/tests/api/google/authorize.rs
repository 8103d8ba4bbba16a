//! `GET|POST /o/oauth2/v2/auth`: validation order, prompts, consent, PKCE parameters.

use crate::google::GOOGLE_REDIRECT;

use super::{ADA, EXPANDED, auth_url, authorize, consent, sign_in};
use crate::helpers::{self, location, query};

/// An error page, never a redirect.
async fn assert_page(url: &str, status: u16, needle: &str, what: &str) {
    let response = helpers::browser().get(url).send().await.unwrap();
    assert_eq!(response.status(), status, "{what}: status");
    assert!(location(&response).is_empty(), "{what}: no redirect");
    let body = response.text().await.unwrap();
    assert!(body.contains(needle), "{what}: page names {needle}");
}

#[tokio::test]
async fn unknown_client_and_bad_redirect_uri_get_error_pages_not_redirects() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let cases: [(super::Params, u16, &str, &str); 5] = [
        (
            &[("client_id", "nope")],
            401,
            "invalid_client",
            "unknown client",
        ),
        (
            &[("client_id", "")],
            400,
            "invalid_request",
            "missing client_id",
        ),
        (
            &[("redirect_uri", "http://localhost:3000/evil")],
            400,
            "redirect_uri_mismatch",
            "other redirect_uri",
        ),
        (
            &[(
                "redirect_uri",
                "http://localhost:3000/auth/google/callback/",
            )],
            400,
            "redirect_uri_mismatch",
            "redirect_uri matched exactly (trailing slash)",
        ),
        (
            &[("redirect_uri", "")],
            400,
            "invalid_request",
            "missing redirect_uri",
        ),
    ];
    for (extra, status, needle, what) in cases {
        // The client and redirect URI are checked before anything else, even a bad response_type.
        let mut extra = extra.to_vec();
        extra.push(("response_type", "token"));
        assert_page(&auth_url(g, &extra), status, needle, what).await;
    }
}

#[tokio::test]
async fn request_errors_after_a_valid_client_redirect_to_the_app_with_state() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let cases: [(&[(&str, &str)], &str); 8] = [
        (&[("response_type", "token")], "unsupported_response_type"),
        (&[("response_type", "")], "invalid_request"),
        (&[("scope", "")], "invalid_request"),
        (&[("scope", "openid drive")], "invalid_scope"),
        (&[("prompt", "sometimes")], "invalid_request"),
        (&[("prompt", "none consent")], "invalid_request"),
        (
            &[
                ("code_challenge", super::CHALLENGE),
                ("code_challenge_method", "S512"),
            ],
            "invalid_request",
        ),
        (&[("code_challenge", "short")], "invalid_request"),
    ];
    for (extra, error) in cases {
        let response = browser
            .get(auth_url(&t.google, extra))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 302, "{extra:?}: redirect");
        let to = location(&response);
        assert!(to.starts_with(GOOGLE_REDIRECT), "{extra:?}: to the app");
        let q = query(&to);
        assert_eq!(q["error"], error, "{extra:?}: error");
        assert_eq!(q["state"], "st4te", "{extra:?}: state kept");
        assert!(!q.contains_key("code"), "{extra:?}: no code");
    }
}

#[tokio::test]
async fn no_session_goes_to_sign_in_and_comes_back() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    let url = auth_url(&t.google, &[("login_hint", "bob@example.com")]);
    let response = browser.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 302);
    let to = location(&response);
    assert!(to.starts_with("/ServiceLogin?"), "to sign-in: {to}");
    let q = query(&format!("{}{to}", t.google));
    assert!(
        q["continue"].starts_with("/o/oauth2/v2/auth?"),
        "continue is the request"
    );
    let page = browser
        .get(format!("{}{to}", t.google))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for email in ["ada@example.com", "grace@example.com", "bob@example.com"] {
        assert!(page.contains(email), "a button for {email}");
    }
    let bob = page.find("bob@example.com").unwrap();
    assert!(
        bob < page.find("ada@example.com").unwrap(),
        "login_hint first"
    );
    assert!(
        page.contains("type=\"text\" name=\"email\" value=\"bob@example.com\""),
        "login_hint prefilled"
    );
    let signed = browser
        .post(format!("{}/ServiceLogin", t.google))
        .form(&[("email", "bob@example.com"), ("continue", &q["continue"])])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&signed), q["continue"], "back to the request");
    let consent_page = browser
        .get(format!("{}{}", t.google, q["continue"]))
        .send()
        .await
        .unwrap();
    assert_eq!(consent_page.status(), 200, "then consent");
}

#[tokio::test]
async fn prompt_none_errors_and_silent_success() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    let none = [("prompt", "none")];
    let r = browser
        .get(auth_url(&t.google, &none))
        .send()
        .await
        .unwrap();
    assert_eq!(
        query(&location(&r))["error"],
        "login_required",
        "no session"
    );
    sign_in(&browser, &t.google, ADA).await;
    let r = browser
        .get(auth_url(&t.google, &none))
        .send()
        .await
        .unwrap();
    assert_eq!(
        query(&location(&r))["error"],
        "consent_required",
        "no grant"
    );
    let first = authorize(&browser, &t.google, &[]).await;
    assert_eq!(first["prompt"], "consent");
    let silent = authorize(&browser, &t.google, &none).await;
    assert!(
        silent.contains_key("code"),
        "prompt=none with a grant gives a code"
    );
    assert_eq!(silent["prompt"], "none");
    assert_eq!(silent["scope"], EXPANDED);
}

#[tokio::test]
async fn consent_once_then_straight_back_unless_prompt_consent_or_more_scopes() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let r = browser
        .get(auth_url(&t.google, &[("scope", "openid email")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "first time: consent");
    consent(&browser, &t.google, &r.text().await.unwrap(), true).await;
    let r = browser
        .get(auth_url(&t.google, &[("scope", "email openid")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302, "granted: straight back");
    assert_eq!(query(&location(&r))["prompt"], "none");
    let r = browser.get(auth_url(&t.google, &[])).send().await.unwrap();
    assert_eq!(r.status(), 200, "profile not granted yet: consent");
    let r = browser
        .get(auth_url(
            &t.google,
            &[("scope", "openid"), ("prompt", "consent")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "prompt=consent: consent");
    let q = authorize(
        &browser,
        &t.google,
        &[("scope", "openid"), ("include_granted_scopes", "true")],
    )
    .await;
    assert_eq!(
        q["scope"], "openid https://www.googleapis.com/auth/userinfo.email",
        "include_granted_scopes adds earlier grants"
    );
    let full = authorize(
        &browser,
        &t.google,
        &[("scope", "https://www.googleapis.com/auth/userinfo.email")],
    )
    .await;
    assert_eq!(
        full["scope"], "https://www.googleapis.com/auth/userinfo.email",
        "full URLs accepted"
    );
}

#[tokio::test]
async fn prompt_select_account_shows_the_chooser_even_with_a_session() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let r = browser
        .get(auth_url(&t.google, &[("prompt", "select_account consent")]))
        .send()
        .await
        .unwrap();
    let to = location(&r);
    assert!(to.starts_with("/ServiceLogin?"), "to the chooser: {to}");
    let next = query(&format!("{}{to}", t.google))["continue"].clone();
    assert!(!next.contains("select_account"), "no loop: {next}");
    assert!(
        next.contains("prompt=consent"),
        "other prompts kept: {next}"
    );
}

#[tokio::test]
async fn cancel_tampering_and_a_missing_decision() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let page = browser
        .get(auth_url(&t.google, &[]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let denied = consent(&browser, &t.google, &page, false).await;
    let q = query(&location(&denied));
    assert_eq!(q["error"], "access_denied", "Cancel");
    assert_eq!(q["state"], "st4te");
    assert!(!q.contains_key("code"));
    assert_eq!(
        super::events(&t, "consent_denied").len(),
        1,
        "consent_denied event"
    );

    let token = helpers::hidden_input(&page, "authenticity_token").unwrap();
    let post = |form: Vec<(&'static str, String)>| {
        let browser = browser.clone();
        let url = format!("{}/o/oauth2/v2/auth", t.google);
        async move { browser.post(url).form(&form).send().await.unwrap() }
    };
    let base = |extra: Vec<(&'static str, String)>| {
        let mut form = vec![
            ("client_id", common::defaults::GOOGLE_CLIENT_ID.to_string()),
            ("redirect_uri", GOOGLE_REDIRECT.to_string()),
            ("response_type", "code".to_string()),
            ("scope", "openid".to_string()),
        ];
        form.extend(extra);
        form
    };
    let forged = post(base(vec![
        ("authenticity_token", "forged".into()),
        ("authorize", "1".into()),
    ]))
    .await;
    assert_eq!(forged.status(), 403, "forged authenticity_token");
    let no_decision = post(base(vec![("authenticity_token", token.clone())])).await;
    assert_eq!(no_decision.status(), 400, "no authorize field");
    let mut evil = base(vec![
        ("authenticity_token", token),
        ("authorize", "1".into()),
    ]);
    evil[1].1 = "http://evil.example/cb".into();
    let evil = post(evil).await;
    assert_eq!(
        evil.status(),
        400,
        "re-validated: redirect_uri mismatch on POST"
    );
    assert!(
        location(&evil).is_empty(),
        "never redirected to an unregistered URI"
    );
    assert!(
        t.mocks.google.store().lock().grants.is_empty(),
        "no grant from forged posts"
    );
}
