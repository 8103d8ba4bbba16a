//! The whole authorization code flow, driven by the `oauth2` crate (a client this project did
//! not write) with PKCE S256, then the REST API, then revocation.

use mock_providers::api::Outcome;
use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, HttpRequest, HttpResponse,
    PkceCodeChallenge, RedirectUrl, Scope, TokenResponse, TokenUrl,
};
use serde_json::Value;

use super::support::{
    CALLBACK, CLIENT, SECRET, bad_credentials, consent, get_user, last_revocation, revoke, spawn,
};
use crate::helpers::{Fetch, TestMocks, browser, get_json, json_of, location, query};

/// The `oauth2` crate's HTTP client, on the workspace's reqwest.
async fn send(request: HttpRequest) -> Result<HttpResponse, reqwest::Error> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = client.execute(reqwest::Request::try_from(request)?).await?;
    let mut answer = HttpResponse::new(Vec::new());
    *answer.status_mut() = response.status();
    *answer.headers_mut() = response.headers().clone();
    *answer.body_mut() = response.bytes().await?.to_vec();
    Ok(answer)
}

#[tokio::test]
async fn oauth2_crate_full_flow_with_pkce_then_api_then_revocation() {
    let t = spawn().await;
    let github = &t.github;
    let client = BasicClient::new(ClientId::new(CLIENT.into()))
        .set_client_secret(ClientSecret::new(SECRET.into()))
        .set_auth_uri(AuthUrl::new(format!("{github}/login/oauth/authorize")).unwrap())
        .set_token_uri(TokenUrl::new(format!("{github}/login/oauth/access_token")).unwrap())
        .set_redirect_uri(RedirectUrl::new(CALLBACK.into()).unwrap());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (auth_url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scope(Scope::new("read:user".into()))
        .add_scope(Scope::new("user:email".into()))
        .set_pkce_challenge(challenge)
        .url();
    let params = sign_in_and_consent(github, auth_url.as_str()).await;
    assert_eq!(
        params["state"],
        *state.secret(),
        "state comes back unchanged"
    );
    let code = params["code"].clone();
    assert!(
        code.len() == 20 && code.chars().all(|c| c.is_ascii_hexdigit()),
        "code is 20 hex: {code}"
    );
    let token = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(verifier)
        .request_async(&send)
        .await
        .expect("the oauth2 crate accepts the token answer");
    let access = token.access_token().secret().clone();
    assert!(
        access.starts_with("gho_") && access.len() == 40,
        "a gho_ token: {access}"
    );
    read_grace(github, &access).await;
    revoke_it(&t, &access).await;
}

/// No GitHub session yet: the sign-in page first, then back to authorize; then the consent
/// page, and the callback's parameters.
async fn sign_in_and_consent(
    github: &str,
    auth_url: &str,
) -> std::collections::HashMap<String, String> {
    let browser = browser();
    let response = browser.get(auth_url).fetch().await;
    let status = response.status();
    assert_eq!(status, 302, "authorize without a session redirects");
    let login_url = format!("{github}{}", location(&response));
    let return_to = query(&login_url)["return_to"].clone();
    assert!(
        return_to.starts_with("/login/oauth/authorize?"),
        "return_to is the authorize step: {return_to}"
    );
    let page = browser.get(&login_url).fetch_text().await;
    let has_grace = page.contains("value=\"grace\"");
    assert!(has_grace, "the sign-in page has a button for grace");
    let form = [("login", "grace"), ("return_to", return_to.as_str())];
    let response = browser.post(format!("{github}/session")).form(&form);
    let back = location(&response.fetch().await);
    assert_eq!(back, return_to, "signing in goes back to authorize");

    // Signed in, not yet authorized: the consent page, then the code.
    let response = browser.get(format!("{github}{return_to}")).fetch().await;
    assert_eq!(response.status(), 200, "the consent page is shown");
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Logout Lab") && page.contains("user:email"),
        "consent names the app and scopes"
    );
    let response = consent(&browser, github, &page, true).await;
    let callback = location(&response);
    assert!(
        callback.starts_with(CALLBACK),
        "back to the registered callback: {callback}"
    );
    query(&callback)
}

/// `/user` and `/user/emails` with Grace's new token.
async fn read_grace(github: &str, access: &str) {
    let response = get_user(github, access).await;
    assert_eq!(response.status(), 200, "/user with the new token");
    let scopes = &response.headers()["x-oauth-scopes"];
    assert_eq!(scopes, "read:user, user:email");
    let (_, user) = json_of(response).await;
    assert_eq!(user["login"], "grace");
    assert_eq!(user["id"], 1_000_002);
    assert!(user["email"].is_null(), "grace's public email is null");
    let (_, emails) = reqwest::Client::new()
        .get(format!("{github}/user/emails"))
        .header("User-Agent", "logout-lab-tests")
        .header("Authorization", format!("token {access}"))
        .fetch_json()
        .await;
    assert_eq!(
        emails[0]["email"], "grace@example.com",
        "the private address comes from /user/emails"
    );
    assert_eq!(emails[0]["primary"], true);
    assert_eq!(emails[0]["verified"], true);
}

/// `DELETE /applications/{id}/token`: recorded, shown in `/__mock/revocations`, and the
/// token refused afterwards.
async fn revoke_it(t: &TestMocks, access: &str) {
    let github = &t.github;
    let status = revoke(github, "token", access).await;
    assert_eq!(status, 204, "DELETE /applications/{{id}}/token revokes");
    let record = last_revocation(t);
    assert_eq!(
        record.outcome,
        Outcome::Accepted,
        "the revocation is recorded as accepted"
    );
    assert_eq!(record.user.as_deref(), Some("grace"));
    assert_eq!(record.revoked_tokens, vec![access.to_string()]);
    let (_, log) = get_json(&format!("{github}/__mock/revocations")).await;
    let seen = &log["revocations"][0];
    assert_eq!(
        seen["outcome"], "accepted",
        "GET /__mock/revocations shows it: {log}"
    );
    assert_eq!(seen["token"], access);
    let endpoint = format!("DELETE /applications/{CLIENT}/token");
    assert_eq!(seen["endpoint"], endpoint);
    let response = get_user(github, access).await;
    assert_eq!(response.status(), 401, "the revoked token is refused");
    assert_eq!(response.json::<Value>().await.unwrap(), bad_credentials());
}
