//! `POST /login/oauth/access_token`: always 200, the format by `Accept`, parameters from a
//! form, JSON or the query, and GitHub's three errors.

use std::collections::HashMap;

use super::support::{
    CALLBACK, CLIENT, OTHER, OTHER_SECRET, SECRET, code, event_kinds, exchange, get_user, spawn,
};

const DOCS: &str = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";

fn assert_error(answer: &HashMap<String, String>, error: &str, anchor: &str) {
    assert_eq!(
        answer.get("error").map(String::as_str),
        Some(error),
        "error in {answer:?}"
    );
    assert!(
        !answer["error_description"].is_empty(),
        "an error_description"
    );
    assert_eq!(
        answer["error_uri"],
        format!("{DOCS}/{anchor}"),
        "absolute error_uri"
    );
    assert!(!answer.contains_key("access_token"));
}

#[tokio::test]
async fn answers_form_encoded_by_default_json_or_xml_by_accept() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let client = reqwest::Client::new();
    let url = format!("{gh}/login/oauth/access_token");
    let creds = |code: String| {
        vec![
            ("client_id", CLIENT.to_string()),
            ("client_secret", SECRET.to_string()),
            ("code", code),
        ]
    };

    let code1 = code(gh, "ada", &[("scope", "read:user user:email")]).await;
    let form = client.post(&url).form(&creds(code1)).send().await.unwrap();
    assert_eq!(form.status(), 200);
    assert!(
        form.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/x-www-form-urlencoded")
    );
    let body = form.text().await.unwrap();
    let parsed: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap();
    assert!(
        body.contains("scope=read%3Auser%2Cuser%3Aemail"),
        "comma-joined scope: {body}"
    );
    assert_eq!(parsed["token_type"], "bearer");
    let token = &parsed["access_token"];
    assert!(
        token.starts_with("gho_")
            && token.len() == 40
            && token[4..].chars().all(|c| c.is_ascii_alphanumeric()),
        "{token}"
    );

    let code2 = code(gh, "ada", &[("scope", "read:user")]).await;
    let xml = client
        .post(&url)
        .header("Accept", "application/xml")
        .form(&creds(code2))
        .send()
        .await
        .unwrap();
    assert_eq!(xml.status(), 200);
    assert!(
        xml.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    let xml = xml.text().await.unwrap();
    assert!(
        xml.starts_with("<OAuth><access_token>gho_")
            && xml.contains("<token_type>bearer</token_type>")
            && xml.contains("<scope>read:user</scope>"),
        "{xml}"
    );

    let bad = client
        .post(&url)
        .header("Accept", "application/xml")
        .form(&creds("nope".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 200, "errors are 200 too");
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("<error>bad_verification_code</error>")
    );
    let bad = client
        .post(&url)
        .form(&creds("nope".into()))
        .send()
        .await
        .unwrap();
    let bad: HashMap<String, String> =
        serde_urlencoded::from_str(&bad.text().await.unwrap()).unwrap();
    assert_error(&bad, "bad_verification_code", "#bad-verification-code");
}

#[tokio::test]
async fn parameters_from_json_body_query_or_basic_auth() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let url = format!("{gh}/login/oauth/access_token");
    let client = reqwest::Client::new();
    let c = code(gh, "ada", &[]).await;
    let json: HashMap<String, String> = client
        .post(&url)
        .header("Accept", "application/json")
        .json(&serde_json::json!({"client_id": CLIENT, "client_secret": SECRET, "code": c}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        json["access_token"].starts_with("gho_"),
        "JSON body: {json:?}"
    );
    assert_eq!(json["scope"], "", "an empty scope is allowed");
    let c = code(gh, "ada", &[]).await;
    let query: HashMap<String, String> = client
        .post(format!(
            "{url}?client_id={CLIENT}&client_secret={SECRET}&code={c}"
        ))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        query["access_token"].starts_with("gho_"),
        "query: {query:?}"
    );
    let c = code(gh, "ada", &[]).await;
    let basic: HashMap<String, String> = client
        .post(&url)
        .header("Accept", "application/json")
        .basic_auth(CLIENT, Some(SECRET))
        .form(&[("code", c.as_str())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        basic["access_token"].starts_with("gho_"),
        "Basic auth: {basic:?}"
    );
    assert!(event_kinds(&mocks).contains(&"code_exchanged"));
}

#[tokio::test]
async fn client_credentials_and_redirect_uri_errors() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let c = code(gh, "ada", &[]).await;
    for (what, form) in [
        (
            "wrong secret",
            vec![
                ("client_id", CLIENT),
                ("client_secret", "wrong"),
                ("code", c.as_str()),
            ],
        ),
        (
            "unknown client",
            vec![
                ("client_id", "nope"),
                ("client_secret", SECRET),
                ("code", c.as_str()),
            ],
        ),
        (
            "no secret",
            vec![("client_id", CLIENT), ("code", c.as_str())],
        ),
        ("nothing", vec![]),
    ] {
        let answer = exchange(gh, &form).await;
        assert_error(
            &answer,
            "incorrect_client_credentials",
            "#incorrect-client-credentials",
        );
        assert!(!answer.is_empty(), "{what}");
    }
    let other = exchange(
        gh,
        &[
            ("client_id", OTHER),
            ("client_secret", OTHER_SECRET),
            ("code", &c),
        ],
    )
    .await;
    assert_error(&other, "bad_verification_code", "#bad-verification-code");
    let mismatch = exchange(
        gh,
        &[
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", &c),
            ("redirect_uri", "http://localhost:3000/elsewhere"),
        ],
    )
    .await;
    assert_error(
        &mismatch,
        "redirect_uri_mismatch",
        "#redirect-uri-mismatch2",
    );
    let ok = exchange(
        gh,
        &[
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", &c),
            ("redirect_uri", CALLBACK),
        ],
    )
    .await;
    assert!(
        ok.contains_key("access_token"),
        "refused attempts do not use up the code: {ok:?}"
    );
    assert!(event_kinds(&mocks).contains(&"code_refused"));
}

#[tokio::test]
async fn without_redirect_uri_at_authorize_the_exchange_still_checks_the_registered_callback() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let browser = super::support::signed_in(gh, "ada").await;
    let url = format!("{gh}/login/oauth/authorize?client_id={CLIENT}&scope=read:user");
    let target = super::support::callback(&browser, gh, &url).await;
    let c = crate::helpers::query(&target)["code"].clone();
    let form = |redirect_uri| {
        [
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", c.as_str()),
            ("redirect_uri", redirect_uri),
        ]
    };
    let evil = exchange(gh, &form("http://evil.example/auth/github/callback")).await;
    assert_error(&evil, "redirect_uri_mismatch", "#redirect-uri-mismatch2");
    let ok = exchange(gh, &form(CALLBACK)).await;
    assert!(
        ok.contains_key("access_token"),
        "the registered callback is the one authorize used: {ok:?}"
    );
}

#[tokio::test]
async fn a_reused_code_is_refused_and_revokes_the_token_it_gave() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let c = code(gh, "ada", &[("scope", "read:user")]).await;
    let form = [
        ("client_id", CLIENT),
        ("client_secret", SECRET),
        ("code", c.as_str()),
    ];
    let first = exchange(gh, &form).await;
    let token = first["access_token"].clone();
    assert_eq!(get_user(gh, &token).await.status(), 200, "the token works");
    let second = exchange(gh, &form).await;
    assert_error(&second, "bad_verification_code", "#bad-verification-code");
    assert_eq!(
        get_user(gh, &token).await.status(),
        401,
        "the replay revoked the first token"
    );
}

#[tokio::test]
async fn a_code_expires_after_ten_minutes() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let fresh = code(gh, "ada", &[]).await;
    let stale = code(gh, "ada", &[]).await;
    mocks.mocks.github.store().clock.advance(9 * 60);
    let ok = exchange(
        gh,
        &[
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", &fresh),
        ],
    )
    .await;
    assert!(
        ok.contains_key("access_token"),
        "still good after nine minutes: {ok:?}"
    );
    mocks.mocks.github.store().clock.advance(61 + 60);
    let late = exchange(
        gh,
        &[
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", &stale),
        ],
    )
    .await;
    assert_error(&late, "bad_verification_code", "#bad-verification-code");
}

#[tokio::test]
async fn a_pkce_code_needs_the_right_verifier() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let pkce = [
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ];
    let c = code(gh, "ada", &pkce).await;
    let base = [
        ("client_id", CLIENT),
        ("client_secret", SECRET),
        ("code", c.as_str()),
    ];
    let missing = exchange(gh, &base).await;
    assert_error(&missing, "bad_verification_code", "#bad-verification-code");
    let mut wrong = base.to_vec();
    wrong.push((
        "code_verifier",
        "wrong-verifier-wrong-verifier-wrong-verifier-x",
    ));
    assert_error(
        &exchange(gh, &wrong).await,
        "bad_verification_code",
        "#bad-verification-code",
    );
    let mut right = base.to_vec();
    right.push(("code_verifier", verifier));
    assert!(
        exchange(gh, &right).await.contains_key("access_token"),
        "the right verifier works"
    );
}
