//! The whole flow with a client library this project did not write (the `oauth2` crate),
//! the ID token checked with another (`jsonwebtoken`) against the mock's JWKS.

use common::defaults::{GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};

use crate::google::GOOGLE_REDIRECT;
use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse,
    BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ExtraTokenFields, PkceCodeChallenge, RedirectUrl, RequestTokenError, Scope,
    StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{ADA, ADA_SUB, EXPANDED, consent, sign_in, userinfo_status};
use crate::helpers::{self, location, query};

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
async fn send(
    http: reqwest::Client,
    request: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, reqwest::Error> {
    let (parts, body) = request.into_parts();
    let response = http
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
    let client: GoogleClient = Client::new(ClientId::new(GOOGLE_CLIENT_ID.into()))
        .set_client_secret(ClientSecret::new(GOOGLE_CLIENT_SECRET.into()))
        .set_auth_uri(AuthUrl::new(format!("{base}/o/oauth2/v2/auth")).unwrap())
        .set_token_uri(TokenUrl::new(format!("{base}/token")).unwrap())
        .set_redirect_uri(RedirectUrl::new(GOOGLE_REDIRECT.into()).unwrap());
    let http = helpers::api();
    let http_client = |request| send(http.clone(), request);

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
    let page = browser.get(url.as_str()).send().await.unwrap();
    assert_eq!(page.status(), 200, "first authorization shows consent");
    let page = page.text().await.unwrap();
    assert!(page.contains("Allow"), "consent page has Allow");
    let back = consent(&browser, &base, &page, true).await;
    let back = query(&location(&back));
    assert_eq!(&back["state"], csrf.secret(), "state comes back");
    assert!(
        back["code"].starts_with("4/0A"),
        "code shape: {}",
        back["code"]
    );
    assert_eq!(back["scope"], EXPANDED, "scopes expanded in the redirect");
    assert_eq!(back["authuser"], "0");
    assert_eq!(back["prompt"], "consent");

    let tokens = client
        .exchange_code(AuthorizationCode::new(back["code"].clone()))
        .set_pkce_verifier(verifier)
        .request_async(&http_client)
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

    for path in ["/v1/userinfo", "/oauth2/v3/userinfo"] {
        let info: Value = helpers::api()
            .get(format!("{base}{path}"))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(info["sub"], ADA_SUB, "userinfo at {path}");
        assert_eq!(info["email"], ADA, "userinfo email at {path}");
        assert_eq!(info["email_verified"], true);
        assert_eq!(info["given_name"], "Ada");
    }

    let id_token = tokens.extra_fields().id_token.clone().expect("an id_token");
    let jwks: JwkSet = helpers::api()
        .get(format!("{base}/oauth2/v3/certs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let header = jsonwebtoken::decode_header(&id_token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    let jwk = jwks.find(&header.kid.unwrap()).expect("kid in the JWKS");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[&base]);
    validation.set_audience(&[GOOGLE_CLIENT_ID]);
    let claims =
        jsonwebtoken::decode::<Value>(&id_token, &DecodingKey::from_jwk(jwk).unwrap(), &validation)
            .expect("the id_token verifies against the JWKS")
            .claims;
    assert_eq!(claims["nonce"], "n-0S6_WzA2Mj", "nonce copied");
    assert_eq!(claims["sub"], ADA_SUB);
    assert_eq!(claims["azp"], GOOGLE_CLIENT_ID);
    assert_eq!(claims["email"], ADA);
    assert_eq!(claims["name"], "Ada Lovelace");
    let lifetime = claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap();
    assert_eq!(lifetime, 3600, "id_token lives an hour");

    let refreshed = client
        .exchange_refresh_token(&refresh)
        .request_async(&http_client)
        .await
        .expect("refresh grant");
    let access2 = refreshed.access_token().secret().clone();
    assert_ne!(access2, access, "a new access token");
    assert!(refreshed.refresh_token().is_none(), "no new refresh token");
    assert_eq!(userinfo_status(&base, &access2).await, 200);

    let revoked = helpers::api()
        .post(format!("{base}/revoke"))
        .form(&[("token", refresh.secret())])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200, "revoke accepted");
    assert_eq!(
        revoked.json::<Value>().await.unwrap(),
        serde_json::json!({})
    );
    assert_eq!(
        userinfo_status(&base, &access).await,
        401,
        "first access token dead"
    );
    assert_eq!(
        userinfo_status(&base, &access2).await,
        401,
        "refreshed access token dead"
    );
    let refused = client
        .exchange_refresh_token(&refresh)
        .request_async(&http_client)
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
    let again = browser
        .get(super::auth_url(&base, &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200, "after revoke, consent is asked again");
}
