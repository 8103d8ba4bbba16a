//! The OpenID Connect discovery document and the keys that verify ID tokens, all pointing
//! at the mock: as a JWKS, and as the X.509 certificates of the older `/oauth2/v1/certs`.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};

use super::support::{ADA_SUB, CLIENT, ada_tokens, fields};
use crate::helpers::{self, Fetch};

#[tokio::test]
async fn discovery_and_certs_point_at_the_mock() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let doc: Value = helpers::document(&format!("{g}/.well-known/openid-configuration")).await;
    assert_eq!(doc["issuer"], g.as_str());
    assert_eq!(doc["jwks_uri"], format!("{g}/oauth2/v3/certs"));
    assert_eq!(doc["token_endpoint"], format!("{g}/token"));
    let authorize = format!("{g}/o/oauth2/v2/auth");
    assert_eq!(doc["authorization_endpoint"], authorize);
    assert_eq!(doc["revocation_endpoint"], format!("{g}/revoke"));
    let certs: Value = helpers::document(&format!("{g}/oauth2/v3/certs")).await;
    let key = &certs["keys"][0];
    assert_eq!(
        (&key["kty"], &key["alg"], &key["use"]),
        (&json!("RSA"), &json!("RS256"), &json!("sig"))
    );
    assert_eq!(key["e"], "AQAB");
    assert!(key["n"].as_str().unwrap().len() > 300, "a 2048-bit modulus");
}

#[tokio::test]
async fn the_pem_certificate_holds_the_signing_key_under_the_jwks_kid() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let response = helpers::api()
        .get(format!("{g}/oauth2/v1/certs"))
        .fetch()
        .await;
    let cache = response.headers()["cache-control"].to_str().unwrap();
    assert!(cache.starts_with("public, max-age="), "cacheable: {cache}");
    let (status, certs) = helpers::json_of(response).await;
    assert_eq!(status, 200);
    let jwks: Value = helpers::document(&format!("{g}/oauth2/v3/certs")).await;
    let jwk = &jwks["keys"][0];
    let kid = jwk["kid"].as_str().unwrap();
    let certs = certs.as_object().expect("a JSON object");
    assert_eq!(
        certs.keys().collect::<Vec<_>>(),
        [kid],
        "one certificate, by the JWKS's kid"
    );
    let pem = certs[kid].as_str().unwrap();
    let framed = pem.starts_with("-----BEGIN CERTIFICATE-----\n")
        && pem.ends_with("\n-----END CERTIFICATE-----\n");
    assert!(framed, "a PEM certificate: {pem}");
    let key = certificate_key(&pem_der(pem));
    let (n, e) = rsa_components(&key);
    let jwk_part = |name: &str| URL_SAFE_NO_PAD.decode(jwk[name].as_str().unwrap()).unwrap();
    assert_eq!(
        (n, e),
        (&jwk_part("n")[..], &jwk_part("e")[..]),
        "the JWKS's n and e"
    );
    let (_, tokens) = ada_tokens(&t).await;
    let [id_token] = fields(&tokens, ["id_token"]);
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[g]);
    validation.set_audience(&[CLIENT]);
    let key = DecodingKey::from_rsa_der(&key);
    let claims = jsonwebtoken::decode::<Value>(id_token, &key, &validation)
        .expect("an issued ID token verifies with the certificate's key")
        .claims;
    assert_eq!(claims["sub"], ADA_SUB);
}

/// The DER inside a PEM text.
fn pem_der(pem: &str) -> Vec<u8> {
    let base64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD
        .decode(base64)
        .expect("base64 between the PEM lines")
}

/// One DER element at the start of `bytes`: its contents, and the bytes after it.
fn der_element(bytes: &[u8]) -> (&[u8], &[u8]) {
    let first = usize::from(bytes[1]);
    let (len, start) = if first < 0x80 {
        (first, 2)
    } else {
        let width = first & 0x7f;
        let len = &bytes[2..2 + width];
        (
            len.iter().fold(0, |n, b| n << 8 | usize::from(*b)),
            2 + width,
        )
    };
    (&bytes[start..start + len], &bytes[start + len..])
}

/// The RSAPublicKey (PKCS#1 DER) of an X.509 certificate (RFC 5280 4.1): the certificate's
/// first element is tbsCertificate, whose seventh is subjectPublicKeyInfo (after version,
/// serialNumber, signature, issuer, validity, subject), whose BIT STRING holds the key.
fn certificate_key(certificate: &[u8]) -> Vec<u8> {
    let (certificate, _) = der_element(certificate);
    let (mut tbs, _) = der_element(certificate);
    for _ in 0..6 {
        tbs = der_element(tbs).1;
    }
    let (spki, _) = der_element(tbs);
    let (_algorithm, rest) = der_element(spki);
    let (bits, _) = der_element(rest);
    assert_eq!(bits[0], 0, "no unused bits");
    bits[1..].to_vec()
}

/// The modulus (without its sign byte) and exponent of an RSAPublicKey.
fn rsa_components(key: &[u8]) -> (&[u8], &[u8]) {
    let (sequence, _) = der_element(key);
    let (n, rest) = der_element(sequence);
    let (e, _) = der_element(rest);
    (n.strip_prefix(&[0]).unwrap_or(n), e)
}
