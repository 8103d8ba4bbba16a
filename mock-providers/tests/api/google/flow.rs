//! The whole flow with a client library this project did not write (the `oauth2` crate),
//! the ID token checked with another (`jsonwebtoken`) against the mock's JWKS.

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse,
    BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ExtraTokenFields, PkceCodeChallenge, RedirectUrl, RefreshToken, RequestTokenError,
    Scope, StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::support::{
    ADA, ADA_SUB, CALLBACK, CLIENT, EXPANDED, SECRET, authorize_url, consent, revoke, sign_in,
    userinfo_status,
};
use crate::helpers::{self, Fetch, location, query};

/// Google's token response carries an `id_token` besides the standard fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct IdFields {
    id_token: Option<String>,
}
impl ExtraTokenFields for IdFields {}

type GoogleClient = Client<
    BasicErrorResponse,
    StandardTokenResponse<IdFields, BasicTokenType>,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// The `oauth2` crate's HTTP client, built on reqwest.
async fn send(request: oauth2::HttpRequest) -> Result<oauth2::HttpResponse, reqwest::Error> {
    let (parts, body) = request.into_parts();
    let response = helpers::api()
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await?;
    let mut builder = oauth2::http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    Ok(builder.body(response.bytes().await?.to_vec()).unwrap())
}

#[tokio::test]
async fn full_flow_with_the_oauth2_crate_pkce_offline_refresh_id_token_and_revoke() {
    let t = helpers::spawn().await;
    let base = t.google.clone();
    let client: GoogleClient = Client::new(ClientId::new(CLIENT.into()))
        .set_client_secret(ClientSecret::new(SECRET.into()))
        .set_auth_uri(AuthUrl::new(format!("{base}/o/oauth2/v2/auth")).unwrap())
        .set_token_uri(TokenUrl::new(format!("{base}/token")).unwrap())
        .set_redirect_uri(RedirectUrl::new(CALLBACK.into()).unwrap());
    let browser = helpers::browser();
    let signed_in = sign_in(&browser, &base, ADA).await;
    assert_eq!(signed_in.status(), 302, "sign-in redirects");
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf) = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(["openid", "email", "profile"].map(|s| Scope::new(s.into())))
        .set_pkce_challenge(challenge)
        .add_extra_param("access_type", "offline")
        .add_extra_param("nonce", "n-0S6_WzA2Mj")
        .url();
    let page = browser.get(url.as_str()).fetch().await;
    assert_eq!(page.status(), 200, "first authorization shows consent");
    let page = page.text().await.unwrap();
    assert!(page.contains("Allow"), "consent page has Allow");
    let back = query(&location(&consent(&browser, &base, &page, true).await));
    assert_eq!(&back["state"], csrf.secret(), "state comes back");
    let code_shape = back["code"].starts_with("4/0A");
    assert!(code_shape, "code shape: {}", back["code"]);
    assert_eq!(back["scope"], EXPANDED, "scopes expanded in the redirect");
    assert_eq!(back["authuser"], "0");
    assert_eq!(back["prompt"], "consent");

    let tokens = client
        .exchange_code(AuthorizationCode::new(back["code"].clone()))
        .set_pkce_verifier(verifier)
        .request_async(&send)
        .await
        .expect("code exchange with PKCE and HTTP Basic client auth");
    let access = tokens.access_token().secret().clone();
    assert!(access.starts_with("ya29."), "access token shape");
    assert_eq!(tokens.expires_in().unwrap().as_secs(), 3599);
    let refresh = tokens
        .refresh_token()
        .expect("a refresh token on first offline consent")
        .clone();
    assert!(refresh.secret().starts_with("1//0"), "refresh token shape");
    read_ada(&base, &access).await;
    let id_token = tokens.extra_fields().id_token.clone().expect("an id_token");
    verify_id_token(&base, &id_token).await;
    refresh_then_revoke(&client, &base, &access, &refresh).await;
    let again = browser.get(authorize_url(&base, &[])).fetch_status().await;
    assert_eq!(again, 200, "after revoke, consent is asked again");
}

/// Userinfo on both paths with Ada's access token.
async fn read_ada(base: &str, access: &str) {
    for path in ["/v1/userinfo", "/oauth2/v3/userinfo"] {
        let request = helpers::api().get(format!("{base}{path}"));
        let (_, info) = request.bearer_auth(access).fetch_json().await;
        assert_eq!(info["sub"], ADA_SUB, "userinfo at {path}");
        assert_eq!(info["email"], ADA, "userinfo email at {path}");
        assert_eq!(info["email_verified"], true);
        assert_eq!(info["given_name"], "Ada");
    }
}

/// The ID token verifies with `jsonwebtoken` against the mock's JWKS, and says what it must.
async fn verify_id_token(base: &str, id_token: &str) {
    let jwks: JwkSet = helpers::document(&format!("{base}/oauth2/v3/certs")).await;
    let header = jsonwebtoken::decode_header(id_token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    let jwk = jwks.find(&header.kid.unwrap()).expect("kid in the JWKS");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[base]);
    validation.set_audience(&[CLIENT]);
    let key = DecodingKey::from_jwk(jwk).unwrap();
    let claims = jsonwebtoken::decode::<Value>(id_token, &key, &validation)
        .expect("the id_token verifies against the JWKS")
        .claims;
    assert_eq!(claims["nonce"], "n-0S6_WzA2Mj", "nonce copied");
    assert_eq!(claims["sub"], ADA_SUB);
    assert_eq!(claims["azp"], CLIENT);
    assert_eq!(claims["email"], ADA);
    assert_eq!(claims["name"], "Ada Lovelace");
    let lifetime = claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap();
    assert_eq!(lifetime, 3600, "id_token lives an hour");
}

/// A refresh gives a new access token; revoking the refresh token ends both access tokens,
/// and the refresh token is refused afterwards.
async fn refresh_then_revoke(
    client: &GoogleClient,
    base: &str,
    access: &str,
    refresh: &RefreshToken,
) {
    let refreshed = client
        .exchange_refresh_token(refresh)
        .request_async(&send)
        .await
        .expect("refresh grant");
    let access2 = refreshed.access_token().secret().clone();
    assert_ne!(access2, access, "a new access token");
    assert!(refreshed.refresh_token().is_none(), "no new refresh token");
    assert_eq!(userinfo_status(base, &access2).await, 200);

    let (status, body) = revoke(base, refresh.secret()).await;
    assert_eq!(status, 200, "revoke accepted");
    assert_eq!(body, json!({}));
    let first = userinfo_status(base, access).await;
    assert_eq!(first, 401, "first access token dead");
    let second = userinfo_status(base, &access2).await;
    assert_eq!(second, 401, "refreshed access token dead");
    let refused = client
        .exchange_refresh_token(refresh)
        .request_async(&send)
        .await
        .expect_err("revoked refresh token refused");
    match refused {
        RequestTokenError::ServerResponse(e) => {
            assert_eq!(e.error(), &BasicErrorResponseType::InvalidGrant);
            assert_eq!(
                e.error_description().map(String::as_str),
                Some("Token has been expired or revoked.")
            );
        }
        other => panic!("expected invalid_grant, got {other:?}"),
    }
}
