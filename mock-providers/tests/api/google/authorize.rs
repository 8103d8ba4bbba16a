//! `GET|POST /o/oauth2/v2/auth`: validation order, prompts, consent, PKCE parameters, the
//! consent POST validated again.

use super::support::{
    ADA, CALLBACK, CLIENT, EXPANDED, Params, authorize, authorize_url, consent, events, sign_in,
    signed_in,
};
use crate::helpers::{self, CHALLENGE, Fetch, hidden_input, location, query};

/// An error page, never a redirect.
async fn assert_page(url: &str, status: u16, needle: &str, what: &str) {
    let response = helpers::browser().get(url).fetch().await;
    assert_eq!(response.status(), status, "{what}: status");
    assert!(location(&response).is_empty(), "{what}: no redirect");
    let body = response.text().await.unwrap();
    assert!(body.contains(needle), "{what}: page names {needle}");
}

#[tokio::test]
async fn unknown_client_and_bad_redirect_uri_get_error_pages_not_redirects() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let evil = "http://localhost:3000/evil";
    // The redirect URI is matched exactly: with a trailing slash it is another one.
    let slashed = format!("{CALLBACK}/");
    let cases: [(&str, &str, u16, &str); 5] = [
        ("client_id", "nope", 401, "invalid_client"),
        ("client_id", "", 400, "invalid_request"),
        ("redirect_uri", evil, 400, "redirect_uri_mismatch"),
        ("redirect_uri", &slashed, 400, "redirect_uri_mismatch"),
        ("redirect_uri", "", 400, "invalid_request"),
    ];
    for (field, value, status, needle) in cases {
        // The client and redirect URI are checked before anything else, even a bad response_type.
        let extra = [(field, value), ("response_type", "token")];
        let what = format!("{field}={value:?}");
        assert_page(&authorize_url(g, &extra), status, needle, &what).await;
    }
}

#[tokio::test]
async fn request_errors_after_a_valid_client_redirect_to_the_app_with_state() {
    let t = helpers::spawn().await;
    let browser = signed_in(&t.google, ADA).await;
    let s512 = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S512"),
    ];
    let cases: [(Params, &str); 8] = [
        (&[("response_type", "token")], "unsupported_response_type"),
        (&[("response_type", "")], "invalid_request"),
        (&[("scope", "")], "invalid_request"),
        (&[("scope", "openid drive")], "invalid_scope"),
        (&[("prompt", "sometimes")], "invalid_request"),
        (&[("prompt", "none consent")], "invalid_request"),
        (&s512, "invalid_request"),
        (&[("code_challenge", "short")], "invalid_request"),
    ];
    for (extra, error) in cases {
        let response = browser.get(authorize_url(&t.google, extra)).fetch().await;
        assert_eq!(response.status(), 302, "{extra:?}: redirect");
        let to = location(&response);
        assert!(to.starts_with(CALLBACK), "{extra:?}: to the app");
        let q = query(&to);
        assert_eq!(q["error"], error, "{extra:?}: error");
        assert_eq!(q["state"], "st4te", "{extra:?}: state kept");
        assert!(!q.contains_key("code"), "{extra:?}: no code");
    }
}

#[tokio::test]
async fn no_session_goes_to_sign_in_and_comes_back() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let browser = helpers::browser();
    let url = authorize_url(g, &[("login_hint", "bob@example.com")]);
    let response = browser.get(&url).fetch().await;
    assert_eq!(response.status(), 302);
    let to = location(&response);
    assert!(to.starts_with("/ServiceLogin?"), "to sign-in: {to}");
    let q = query(&format!("{g}{to}"));
    let back = q["continue"].starts_with("/o/oauth2/v2/auth?");
    assert!(back, "continue is the request");
    let page = browser.get(format!("{g}{to}")).fetch_text().await;
    for email in ["ada@example.com", "grace@example.com", "bob@example.com"] {
        assert!(page.contains(email), "a button for {email}");
    }
    let bob = page.find("bob@example.com").unwrap();
    let first = bob < page.find("ada@example.com").unwrap();
    assert!(first, "login_hint first");
    let prefilled = page.contains("type=\"email\" name=\"email\" value=\"bob@example.com\"");
    assert!(prefilled, "login_hint prefilled");
    let form = [("email", "bob@example.com"), ("continue", &q["continue"])];
    let signed = browser
        .post(format!("{g}/ServiceLogin"))
        .form(&form)
        .fetch()
        .await;
    assert_eq!(location(&signed), q["continue"], "back to the request");
    let consent_page = browser.get(format!("{g}{}", q["continue"]));
    assert_eq!(consent_page.fetch_status().await, 200, "then consent");
}

#[tokio::test]
async fn prompt_none_errors_and_silent_success() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    let none = [("prompt", "none")];
    let error = || async {
        let response = browser.get(authorize_url(&t.google, &none)).fetch().await;
        query(&location(&response))["error"].clone()
    };
    assert_eq!(error().await, "login_required", "no session");
    sign_in(&browser, &t.google, ADA).await;
    assert_eq!(error().await, "consent_required", "no grant");
    let first = authorize(&browser, &t.google, &[]).await;
    assert_eq!(first["prompt"], "consent");
    let silent = authorize(&browser, &t.google, &none).await;
    let code = silent.contains_key("code");
    assert!(code, "prompt=none with a grant gives a code");
    assert_eq!(silent["prompt"], "none");
    assert_eq!(silent["scope"], EXPANDED);
}

#[tokio::test]
async fn consent_once_then_straight_back_unless_prompt_consent_or_more_scopes() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let browser = signed_in(g, ADA).await;
    let get = |extra: Params<'_>| browser.get(authorize_url(g, extra)).fetch();
    let r = get(&[("scope", "openid email")]).await;
    assert_eq!(r.status(), 200, "first time: consent");
    consent(&browser, g, &r.text().await.unwrap(), true).await;
    let r = get(&[("scope", "email openid")]).await;
    assert_eq!(r.status(), 302, "granted: straight back");
    assert_eq!(query(&location(&r))["prompt"], "none");
    let r = get(&[]).await;
    assert_eq!(r.status(), 200, "profile not granted yet: consent");
    let r = get(&[("scope", "openid"), ("prompt", "consent")]).await;
    assert_eq!(r.status(), 200, "prompt=consent: consent");
    let earlier = [("scope", "openid"), ("include_granted_scopes", "true")];
    let q = authorize(&browser, g, &earlier).await;
    assert_eq!(
        q["scope"], "openid https://www.googleapis.com/auth/userinfo.email",
        "include_granted_scopes adds earlier grants"
    );
    let email = "https://www.googleapis.com/auth/userinfo.email";
    let full = authorize(&browser, g, &[("scope", email)]).await;
    assert_eq!(full["scope"], email, "full URLs accepted");
}

#[tokio::test]
async fn prompt_select_account_shows_the_chooser_even_with_a_session() {
    let t = helpers::spawn().await;
    let browser = signed_in(&t.google, ADA).await;
    let url = authorize_url(&t.google, &[("prompt", "select_account consent")]);
    let to = location(&browser.get(url).fetch().await);
    assert!(to.starts_with("/ServiceLogin?"), "to the chooser: {to}");
    let next = query(&format!("{}{to}", t.google))["continue"].clone();
    assert!(!next.contains("select_account"), "no loop: {next}");
    let kept = next.contains("prompt=consent");
    assert!(kept, "other prompts kept: {next}");
}

#[tokio::test]
async fn cancel_tampering_and_a_missing_decision() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let browser = signed_in(g, ADA).await;
    let page = browser.get(authorize_url(g, &[])).fetch_text().await;
    let denied = consent(&browser, g, &page, false).await;
    let q = query(&location(&denied));
    assert_eq!(q["error"], "access_denied", "Cancel");
    assert_eq!(q["state"], "st4te");
    assert!(!q.contains_key("code"));
    let denials = events(&t, "consent_denied").len();
    assert_eq!(denials, 1, "consent_denied event");

    let token = hidden_input(&page, "authenticity_token").unwrap();
    let url = format!("{g}/o/oauth2/v2/auth");
    let post = |form: Vec<(&'static str, String)>| browser.post(&url).form(&form).fetch();
    let base = |extra: Vec<(&'static str, String)>| {
        let mut form = vec![
            ("client_id", CLIENT.to_string()),
            ("redirect_uri", CALLBACK.to_string()),
            ("response_type", "code".to_string()),
            ("scope", "openid".to_string()),
        ];
        form.extend(extra);
        form
    };
    let forged = vec![
        ("authenticity_token", "forged".into()),
        ("authorize", "1".into()),
    ];
    assert_eq!(
        post(base(forged)).await.status(),
        403,
        "forged authenticity_token"
    );
    let no_decision = post(base(vec![("authenticity_token", token.clone())])).await;
    assert_eq!(no_decision.status(), 400, "no authorize field");
    let mut evil = base(vec![
        ("authenticity_token", token),
        ("authorize", "1".into()),
    ]);
    evil[1].1 = "http://evil.example/cb".into();
    let evil = post(evil).await;
    let status = evil.status();
    assert_eq!(status, 400, "re-validated: redirect_uri mismatch on POST");
    let redirected = location(&evil);
    assert!(
        redirected.is_empty(),
        "never redirected to an unregistered URI"
    );
    let grants = t.mocks.google.store().lock().grants.is_empty();
    assert!(grants, "no grant from forged posts");
}
