//! ID tokens: JWTs signed RS256, the keys that verify them (`/oauth2/v3/certs` as a JWKS,
//! `/oauth2/v1/certs` as X.509 certificates) and the discovery document
//! (`/.well-known/openid-configuration`).
//!
//! The signing key is `id_token_key.pem`, embedded in the crate. It is PUBLIC (it is in the
//! repository) and fit only for this mock: anyone can sign tokens this mock accepts. The
//! issuer (`iss`) is the mock's own base URL; the real Google's is `https://accounts.google.com`,
//! so an app must take the issuer from configuration (or from discovery), never hard-code it.

use std::sync::{Arc, LazyLock};
use std::time::SystemTime;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Json, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ring::rand::SystemRandom;
use ring::rsa::{KeyPair, PublicKeyComponents};
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, UnparsedPublicKey};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::scopes;
use crate::config::GoogleUser;
use crate::state::Mock;
use crate::store::unix;

const PEM: &str = include_str!("id_token_key.pem");

/// The signing key's public half in a self-signed X.509 certificate, for `/oauth2/v1/certs`.
/// Made once from the key, valid for a hundred years:
/// `openssl req -x509 -new -key id_token_key.pem -sha256 -days 36500 -set_serial 1
/// -subj "/CN=mock-providers ID token signing key" -out id_token_cert.pem`.
const CERT: &str = include_str!("id_token_cert.pem");

/// How long an ID token is valid, as Google's are.
pub const TTL_SECS: u64 = 3600;

/// The key, with what the JWKS publishes of it. Signing and verifying are ring's
/// (constant-time RSA, PKCS#1 v1.5 with SHA-256: RS256).
struct Key {
    pair: KeyPair,
    rng: SystemRandom,
    n: String,
    e: String,
    kid: String,
}

/// Parsed once: parsing and checking an RSA key takes a while.
static KEY: LazyLock<Key> = LazyLock::new(|| {
    let pair = KeyPair::from_pkcs8(&pem_body(PEM))
        .expect("the embedded id_token_key.pem is a valid PKCS#8 RSA key");
    let public = PublicKeyComponents::<Vec<u8>>::from(pair.public());
    // A stable key id derived from the key itself.
    let digest = Sha256::digest([public.n.as_slice(), public.e.as_slice()].concat());
    let kid = digest[..20].iter().map(|b| format!("{b:02x}")).collect();
    Key {
        n: B64.encode(&public.n),
        e: B64.encode(&public.e),
        pair,
        rng: SystemRandom::new(),
        kid,
    }
});

/// The DER inside a PEM file: the base64 between its `-----` lines.
fn pem_body(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .expect("the embedded PEM is base64")
}

/// Signs a claims object as a compact JWT.
pub fn sign(claims: &Value) -> String {
    let key = &*KEY;
    let header = json!({ "alg": "RS256", "kid": key.kid, "typ": "JWT" });
    let input = format!(
        "{}.{}",
        B64.encode(header.to_string()),
        B64.encode(claims.to_string())
    );
    let mut signature = vec![0; key.pair.public().modulus_len()];
    key.pair
        .sign(
            &RSA_PKCS1_SHA256,
            &key.rng,
            input.as_bytes(),
            &mut signature,
        )
        .expect("signing with the embedded key cannot fail");
    format!("{input}.{}", B64.encode(signature))
}

/// The header and claims of a JWT this mock signed and that has not expired at `now`.
pub fn verify(token: &str, now: SystemTime) -> Option<(Map<String, Value>, Map<String, Value>)> {
    let mut parts = token.split('.');
    let (h, c, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let decode = |part: &str| -> Option<Map<String, Value>> {
        serde_json::from_slice::<Value>(&B64.decode(part).ok()?)
            .ok()?
            .as_object()
            .cloned()
    };
    let header = decode(h)?;
    if header.get("alg")? != "RS256" || header.get("kid")? != KEY.kid.as_str() {
        return None;
    }
    let signature = B64.decode(s).ok()?;
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, KEY.pair.public().as_ref())
        .verify(format!("{h}.{c}").as_bytes(), &signature)
        .ok()?;
    let claims = decode(c)?;
    let exp = claims.get("exp")?.as_u64()?;
    (unix(now) < exp).then_some((header, claims))
}

/// `at_hash`: the left half of SHA-256 of the access token, base64url (OIDC Core 3.1.3.6).
fn at_hash(access_token: &str) -> String {
    B64.encode(&Sha256::digest(access_token.as_bytes())[..16])
}

/// What an ID token says: the email claims only with the email scope, the profile claims
/// only with the profile scope, as Google does.
pub fn issue(
    mock: &Mock,
    client_id: &str,
    user: &GoogleUser,
    granted: &[String],
    access_token: &str,
    nonce: Option<&str>,
    now: SystemTime,
) -> String {
    let iat = unix(now);
    let mut claims = json!({
        "iss": mock.base_url,
        "azp": client_id,
        "aud": client_id,
        "sub": user.sub,
        "at_hash": at_hash(access_token),
        "iat": iat,
        "exp": iat + TTL_SECS,
    });
    let object = claims.as_object_mut().expect("a JSON object literal");
    object.extend(scopes::claims(user, granted));
    if let Some(nonce) = nonce {
        object.insert("nonce".into(), json!(nonce));
    }
    sign(&claims)
}

/// `GET /oauth2/v3/certs`: the JWKS.
pub async fn certs() -> Response {
    let key = &*KEY;
    cacheable(json!({ "keys": [{
        "kty": "RSA", "alg": "RS256", "use": "sig", "kid": key.kid, "n": key.n, "e": key.e,
    }]}))
}

/// `GET /oauth2/v1/certs`: the same key as a certificate in PEM, by key id (what
/// google-auth-library's `verifyIdToken()` fetches).
pub async fn pem_certs() -> Response {
    cacheable(json!({ KEY.kid.as_str(): CERT }))
}

/// An answer clients may cache for an hour, as Google's keys are.
fn cacheable(body: Value) -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        Json(body),
    )
        .into_response()
}

/// `GET /.well-known/openid-configuration`: Google's discovery document, pointing here.
pub async fn discovery(State(mock): State<Arc<Mock>>) -> Response {
    Json(json!({
        "issuer": mock.base_url,
        "authorization_endpoint": mock.url("/o/oauth2/v2/auth"),
        "token_endpoint": mock.url("/token"),
        "userinfo_endpoint": mock.url("/v1/userinfo"),
        "revocation_endpoint": mock.url("/revoke"),
        "jwks_uri": mock.url("/oauth2/v3/certs"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "claims_supported": [
            "aud", "email", "email_verified", "exp", "family_name", "given_name", "iat",
            "iss", "name", "picture", "sub"
        ],
        "code_challenge_methods_supported": ["plain", "S256"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_signed_token_verifies_until_it_expires_and_tampering_is_caught() {
        let now = SystemTime::now();
        let token = sign(&json!({ "sub": "1", "exp": unix(now) + 10 }));
        let (header, claims) = verify(&token, now).expect("fresh token verifies");
        assert_eq!(header["typ"], "JWT");
        assert_eq!(claims["sub"], "1");
        assert!(verify(&token, now + Duration::from_secs(11)).is_none());
        let forged = format!(
            "{}.{}.{}",
            token.split('.').next().unwrap(),
            B64.encode(r#"{"sub":"2","exp":9999999999}"#),
            token.rsplit('.').next().unwrap()
        );
        assert!(verify(&forged, now).is_none());
        assert!(verify("a.b", now).is_none());
    }
}
