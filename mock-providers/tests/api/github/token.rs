//! `POST /login/oauth/access_token`: always 200, the format by `Accept`, parameters from a
//! form, JSON or the query, GitHub's three errors, and the refresh token grant refused.

use std::collections::HashMap;

use super::support::{
    CALLBACK, CLIENT, OTHER, OTHER_SECRET, SECRET, callback, client_form, code, events, exchange,
    has_event, spawn, spawn_signed_in, token, user_status,
};
use crate::helpers::{CHALLENGE, Fetch, VERIFIER, content_type, query};

const DOCS: &str = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";

fn assert_error(answer: &HashMap<String, String>, error: &str, anchor: &str) {
    let got = answer.get("error").map(String::as_str);
    assert_eq!(got, Some(error), "error in {answer:?}");
    let described = !answer["error_description"].is_empty();
    assert!(described, "an error_description");
    let uri = format!("{DOCS}/{anchor}");
    assert_eq!(answer["error_uri"], uri, "absolute error_uri");
    assert!(!answer.contains_key("access_token"));
}

/// GitHub's answer to a code it will not exchange: unknown, used, expired, of another
/// client or with the wrong PKCE verifier.
fn assert_bad_code(answer: &HashMap<String, String>) {
    assert_error(answer, "bad_verification_code", "#bad-verification-code");
}

/// An answer with an access token in it.
fn assert_issued(answer: &HashMap<String, String>, what: &str) {
    let issued = answer.contains_key("access_token");
    assert!(issued, "{what}: {answer:?}");
}

/// The default client's form for `code`, with these extra fields.
fn with(code: &str, extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, String)> {
    let form = client_form(code).map(|(k, v)| (k, v.to_string()));
    let extra = extra.iter().map(|(k, v)| (*k, v.to_string()));
    form.into_iter().chain(extra).collect()
}

#[tokio::test]
async fn answers_form_encoded_by_default_json_or_xml_by_accept() {
    let t = spawn().await;
    let gh = &t.github;
    let client = reqwest::Client::new();
    let url = format!("{gh}/login/oauth/access_token");
    let post = |code: &str, accept: Option<&str>| {
        let request = client.post(&url).form(&with(code, &[]));
        match accept {
            Some(accept) => request.header("Accept", accept),
            None => request,
        }
        .fetch()
    };

    let code1 = code(gh, "ada", &[("scope", "read:user user:email")]).await;
    let form = post(&code1, None).await;
    assert_eq!(form.status(), 200);
    assert!(content_type(&form).starts_with("application/x-www-form-urlencoded"));
    let body = form.text().await.unwrap();
    let parsed: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap();
    let comma_joined = body.contains("scope=read%3Auser%2Cuser%3Aemail");
    assert!(comma_joined, "comma-joined scope: {body}");
    assert_eq!(parsed["token_type"], "bearer");
    let token = &parsed["access_token"];
    assert!(
        token.starts_with("gho_")
            && token.len() == 40
            && token[4..].chars().all(|c| c.is_ascii_alphanumeric()),
        "{token}"
    );

    let code2 = code(gh, "ada", &[("scope", "read:user")]).await;
    let xml = post(&code2, Some("application/xml")).await;
    assert_eq!(xml.status(), 200);
    assert!(content_type(&xml).starts_with("application/xml"));
    let xml = xml.text().await.unwrap();
    assert!(
        xml.starts_with("<OAuth><access_token>gho_")
            && xml.contains("<token_type>bearer</token_type>")
            && xml.contains("<scope>read:user</scope>"),
        "{xml}"
    );

    let bad = post("nope", Some("application/xml")).await;
    assert_eq!(bad.status(), 200, "errors are 200 too");
    let bad = bad.text().await.unwrap();
    assert!(bad.contains("<error>bad_verification_code</error>"));
    let bad = post("nope", None).await.text().await.unwrap();
    let bad: HashMap<String, String> = serde_urlencoded::from_str(&bad).unwrap();
    assert_bad_code(&bad);
}

#[tokio::test]
async fn parameters_from_json_body_query_or_basic_auth() {
    let t = spawn().await;
    let gh = &t.github;
    let url = format!("{gh}/login/oauth/access_token");
    let client = reqwest::Client::new();
    let answer = |request: reqwest::RequestBuilder| async move {
        let response = request.header("Accept", "application/json").fetch().await;
        response.json::<HashMap<String, String>>().await.unwrap()
    };
    let assert_gho = |answer: &HashMap<String, String>, what: &str| {
        let issued = answer["access_token"].starts_with("gho_");
        assert!(issued, "{what}: {answer:?}");
    };
    let c = code(gh, "ada", &[]).await;
    let body = serde_json::json!({"client_id": CLIENT, "client_secret": SECRET, "code": c});
    let json = answer(client.post(&url).json(&body)).await;
    assert_gho(&json, "JSON body");
    assert_eq!(json["scope"], "", "an empty scope is allowed");
    let c = code(gh, "ada", &[]).await;
    let in_query = format!("{url}?client_id={CLIENT}&client_secret={SECRET}&code={c}");
    let query = answer(client.post(in_query)).await;
    assert_gho(&query, "query");
    let c = code(gh, "ada", &[]).await;
    let basic = client.post(&url).basic_auth(CLIENT, Some(SECRET));
    let basic = answer(basic.form(&[("code", c.as_str())])).await;
    assert_gho(&basic, "Basic auth");
    assert!(has_event(&t, "code_exchanged"));
}

#[tokio::test]
async fn client_credentials_and_redirect_uri_errors() {
    let t = spawn().await;
    let gh = &t.github;
    let c = code(gh, "ada", &[]).await;
    let code = c.as_str();
    for (what, form) in [
        (
            "wrong secret",
            vec![
                ("client_id", CLIENT),
                ("client_secret", "wrong"),
                ("code", code),
            ],
        ),
        (
            "unknown client",
            vec![
                ("client_id", "nope"),
                ("client_secret", SECRET),
                ("code", code),
            ],
        ),
        ("no secret", vec![("client_id", CLIENT), ("code", code)]),
        ("nothing", vec![]),
    ] {
        let answer = exchange(gh, &form).await;
        let (error, anchor) = (
            "incorrect_client_credentials",
            "#incorrect-client-credentials",
        );
        assert_error(&answer, error, anchor);
        assert!(!answer.is_empty(), "{what}");
    }
    let form = [
        ("client_id", OTHER),
        ("client_secret", OTHER_SECRET),
        ("code", code),
    ];
    let other = exchange(gh, &form).await;
    assert_bad_code(&other);
    let elsewhere = with(code, &[("redirect_uri", "http://localhost:3000/elsewhere")]);
    let mismatch = exchange(gh, &elsewhere).await;
    let (error, anchor) = ("redirect_uri_mismatch", "#redirect-uri-mismatch2");
    assert_error(&mismatch, error, anchor);
    let ok = exchange(gh, &with(code, &[("redirect_uri", CALLBACK)])).await;
    assert_issued(&ok, "refused attempts do not use up the code");
    assert!(has_event(&t, "code_refused"));
}

#[tokio::test]
async fn without_redirect_uri_at_authorize_the_exchange_still_checks_the_registered_callback() {
    let (t, browser) = spawn_signed_in("ada").await;
    let gh = &t.github;
    let url = format!("{gh}/login/oauth/authorize?client_id={CLIENT}&scope=read:user");
    let target = callback(&browser, &url).await;
    let c = query(&target)["code"].clone();
    let form = |redirect_uri| with(&c, &[("redirect_uri", redirect_uri)]);
    let evil = form("http://evil.example/auth/github/callback");
    let evil = exchange(gh, &evil).await;
    assert_error(&evil, "redirect_uri_mismatch", "#redirect-uri-mismatch2");
    let ok = exchange(gh, &form(CALLBACK)).await;
    assert_issued(&ok, "the registered callback is the one authorize used");
}

#[tokio::test]
async fn a_reused_code_is_refused_and_revokes_the_token_it_gave() {
    let t = spawn().await;
    let gh = &t.github;
    let c = code(gh, "ada", &[("scope", "read:user")]).await;
    let form = client_form(&c);
    let first = exchange(gh, &form).await;
    let token = first["access_token"].clone();
    assert_eq!(user_status(gh, &token).await, 200, "the token works");
    let second = exchange(gh, &form).await;
    assert_bad_code(&second);
    let status = user_status(gh, &token).await;
    assert_eq!(status, 401, "the replay revoked the first token");
}

#[tokio::test]
async fn a_code_expires_after_ten_minutes() {
    let t = spawn().await;
    let gh = &t.github;
    let fresh = code(gh, "ada", &[]).await;
    let stale = code(gh, "ada", &[]).await;
    t.mocks.github.store().clock.advance(9 * 60);
    let ok = exchange(gh, &client_form(&fresh)).await;
    assert_issued(&ok, "still good after nine minutes");
    t.mocks.github.store().clock.advance(61 + 60);
    let late = exchange(gh, &client_form(&stale)).await;
    assert_bad_code(&late);
}

#[tokio::test]
async fn a_pkce_code_needs_the_right_verifier() {
    let t = spawn().await;
    let gh = &t.github;
    let pkce = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let c = code(gh, "ada", &pkce).await;
    let missing = exchange(gh, &client_form(&c)).await;
    assert_bad_code(&missing);
    let wrong = with(
        &c,
        &[(
            "code_verifier",
            "wrong-verifier-wrong-verifier-wrong-verifier-x",
        )],
    );
    let wrong = exchange(gh, &wrong).await;
    assert_bad_code(&wrong);
    let right = exchange(gh, &with(&c, &[("code_verifier", VERIFIER)])).await;
    assert_issued(&right, "the right verifier works");
}

/// RFC 9700 §2.1.1: a `code_verifier` for a code issued without a `code_challenge` is a
/// downgrade (an attacker's code, injected where the app expects PKCE): refused, as a code
/// that does not verify is, and the code still serves a request without a verifier.
#[tokio::test]
async fn a_verifier_for_a_code_issued_without_pkce_is_refused() {
    let t = spawn().await;
    let gh = &t.github;
    let c = code(gh, "ada", &[]).await;
    let downgraded = exchange(gh, &with(&c, &[("code_verifier", VERIFIER)])).await;
    assert_bad_code(&downgraded);
    let refused = events(&t, "code_refused");
    let why = &refused.last().expect("a code_refused event").summary;
    assert!(why.contains("code_challenge"), "the event says why: {why}");
    let plain = exchange(gh, &client_form(&c)).await;
    assert_issued(&plain, "without a verifier, the code is exchanged");
}

const REFRESH_DOCS: &str = "https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens";

/// A refresh token grant of the default client, with this secret.
fn refresh_form(secret: &'static str, refresh_token: &str) -> [(&'static str, String); 4] {
    [
        ("client_id", CLIENT),
        ("client_secret", secret),
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
    ]
    .map(|(k, v)| (k, v.to_string()))
}

#[tokio::test]
async fn a_refresh_token_grant_is_always_bad_refresh_token() {
    let t = spawn().await;
    let gh = &t.github;
    let access = token(gh, "ada", "read:user").await;
    for (what, refresh_token) in [
        ("unknown", "ghr_nope"),
        ("an access token", &access),
        ("empty", ""),
    ] {
        let answer = exchange(gh, &refresh_form(SECRET, refresh_token)).await;
        let fields = ["error", "error_description", "error_uri"].map(|k| answer[k].as_str());
        let expected = [
            "bad_refresh_token",
            "The refresh token passed is incorrect or expired.",
            REFRESH_DOCS,
        ];
        assert_eq!(fields, expected, "{what}");
        assert_eq!(answer.len(), 3, "{what}: no token in {answer:?}");
    }
    assert_eq!(
        user_status(gh, &access).await,
        200,
        "the access token lives on"
    );
    let refused = events(&t, "token_refused");
    assert_eq!(refused.len(), 3, "each refusal recorded: {refused:?}");
    assert_eq!(refused[0].client_id.as_deref(), Some(CLIENT));
    let endpoint = refused[0].endpoint.as_deref();
    assert_eq!(endpoint, Some("POST /login/oauth/access_token"));
}

#[tokio::test]
async fn a_refresh_token_grant_answers_as_accept_asks_after_the_client_check() {
    let t = spawn().await;
    let url = format!("{}/login/oauth/access_token", t.github);
    let post = |secret: &'static str, accept: &'static str| {
        let request = reqwest::Client::new().post(&url);
        let request = request.form(&refresh_form(secret, "ghr_nope"));
        request.header("Accept", accept).fetch()
    };
    let form = post(SECRET, "*/*").await;
    assert_eq!(form.status(), 200);
    assert!(content_type(&form).starts_with("application/x-www-form-urlencoded"));
    let form = form.text().await.unwrap();
    let form: HashMap<String, String> = serde_urlencoded::from_str(&form).unwrap();
    assert_eq!(form["error"], "bad_refresh_token", "form-encoded: {form:?}");
    let xml = post(SECRET, "application/xml").await;
    assert_eq!(xml.status(), 200);
    let xml = xml.text().await.unwrap();
    let error = xml.contains("<error>bad_refresh_token</error>");
    assert!(error && xml.starts_with("<OAuth>"), "{xml}");
    let wrong = post("wrong", "application/json").await;
    assert_eq!(wrong.status(), 200);
    let wrong: HashMap<String, String> = wrong.json().await.unwrap();
    let (error, anchor) = (
        "incorrect_client_credentials",
        "#incorrect-client-credentials",
    );
    assert_error(&wrong, error, anchor);
}
