//! PKCE (RFC 7636): checking a `code_verifier` against the challenge sent at authorize.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Whether a verifier is well formed: 43 to 128 characters of `[A-Za-z0-9-._~]`.
pub fn verifier_is_well_formed(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// `BASE64URL(SHA-256(verifier))`, the `S256` challenge of a verifier.
pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether `verifier` answers `challenge` under `method` (`S256` or `plain`).
pub fn verify(challenge: &str, method: &str, verifier: Option<&str>) -> bool {
    let Some(verifier) = verifier else {
        return false;
    };
    if !verifier_is_well_formed(verifier) {
        return false;
    }
    match method {
        "S256" => s256(verifier) == challenge,
        "plain" => verifier == challenge,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            s256(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(verify(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "S256",
            Some(verifier)
        ));
        assert!(!verify(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "S256",
            Some(&verifier.replace('d', "D"))
        ));
        assert!(!verify("x", "S256", None));
        assert!(!verify("short", "plain", Some("short")));
    }
}
