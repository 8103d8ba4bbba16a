//! The OpenID Connect discovery document and the keys that verify ID tokens, all pointing
//! at the mock.

use serde_json::{Value, json};

use crate::helpers;

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
