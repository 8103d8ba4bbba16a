//! Sealing values with a key (XChaCha20-Poly1305, the `chacha20poly1305` crate): what the
//! database's tokens ([`crate::db::vault`]) and the browser's pending logins
//! ([`crate::flows`]) are sealed with.
//!
//! Each value gets a random 24-byte nonce. [`seal_in`] binds a value to its place (table,
//! provider, row key...): the place is the associated data, so a value copied elsewhere does
//! not open (the tag covers it); stored as `v2.` then the URL-safe base64 of nonce, ciphertext
//! and tag. [`seal`] binds it to no place (`v1.`): for what lives outside a database row.

use std::fmt;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// What a value sealed without a place starts with.
pub(crate) const UNBOUND: &str = "v1.";
/// What a value sealed to its place starts with.
pub(crate) const BOUND: &str = "v2.";
const NONCE_LEN: usize = 24;

/// A 32-byte key. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(..)")
    }
}

impl Key {
    /// A new random key from the operating system's generator.
    pub fn random() -> Key {
        Key(crate::random::bytes())
    }

    /// A key written as base64 (standard or URL-safe, padding optional): 32 bytes.
    pub fn from_base64(text: &str) -> anyhow::Result<Key> {
        let text = text.trim();
        let bytes = STANDARD
            .decode(text)
            .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
            .context("the token key is not base64")?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| anyhow::anyhow!("the token key has {} bytes, not 32", b.len()))?;
        Ok(Key(bytes))
    }

    /// The key as standard base64, as a key file holds it.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0.into())
    }
}

/// Seals `text` with `key`, bound to no place: `v1.` + base64url(nonce ‖ ciphertext ‖ tag).
/// For what lives outside a database row (a cookie, the key check).
pub fn seal(key: &Key, text: &str) -> String {
    encrypt(key, UNBOUND, &[], text)
}

/// Opens a value [`seal`] made; `None` when it is not one, or not sealed with `key`.
pub fn unseal(key: &Key, sealed: &str) -> Option<String> {
    decrypt(key, UNBOUND, &[], sealed)
}

/// Seals `text` with `key`, bound to `place` (table, provider, row key...): `v2.` +
/// base64url(nonce ‖ ciphertext ‖ tag), opening only with the same place.
pub fn seal_in(key: &Key, place: &[Option<&str>], text: &str) -> String {
    encrypt(key, BOUND, &associated_data(place), text)
}

/// Opens a value [`seal_in`] made for `place`; `None` when it is not one, was sealed for
/// another place, or with another key.
pub fn unseal_in(key: &Key, place: &[Option<&str>], sealed: &str) -> Option<String> {
    decrypt(key, BOUND, &associated_data(place), sealed)
}

/// The place as associated data: each part length-prefixed (NULL apart from ''), so no two
/// places share their bytes.
fn associated_data(place: &[Option<&str>]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for part in place {
        match part {
            Some(text) => {
                let len = u32::try_from(text.len()).unwrap_or(u32::MAX - 1);
                bytes.extend(len.to_be_bytes());
                bytes.extend(text.as_bytes());
            }
            None => bytes.extend(u32::MAX.to_be_bytes()),
        }
    }
    bytes
}

fn encrypt(key: &Key, prefix: &str, aad: &[u8], text: &str) -> String {
    let nonce: [u8; NONCE_LEN] = crate::random::bytes();
    let msg = text.as_bytes();
    let sealed = key
        .cipher()
        .encrypt(&XNonce::from(nonce), Payload { msg, aad })
        .expect("sealing a token in memory cannot fail");
    let mut bytes = nonce.to_vec();
    bytes.extend(sealed);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

fn decrypt(key: &Key, prefix: &str, aad: &[u8], sealed: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(sealed.strip_prefix(prefix)?).ok()?;
    if bytes.len() < NONCE_LEN {
        return None;
    }
    let (nonce, msg) = bytes.split_at(NONCE_LEN);
    let nonce = XNonce::try_from(nonce).ok()?;
    let opened = key.cipher().decrypt(&nonce, Payload { msg, aad }).ok()?;
    String::from_utf8(opened).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_token_opens_with_its_key_only() {
        let key = Key::random();
        let sealed = seal(&key, "gho_secret");
        assert!(sealed.starts_with(UNBOUND) && !sealed.contains("gho_secret"));
        assert_ne!(sealed, seal(&key, "gho_secret"), "a new nonce each time");
        assert_eq!(unseal(&key, &sealed).as_deref(), Some("gho_secret"));
        assert_eq!(unseal(&Key::random(), &sealed), None);
        assert_eq!(unseal(&key, "gho_secret"), None, "plain text is not sealed");
        assert_eq!(unseal(&key, "v1.AAAA"), None, "too short");
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(unseal(&key, &tampered), None, "the tag catches a change");
    }

    #[test]
    fn a_token_sealed_in_a_place_opens_only_there() {
        let key = Key::random();
        let place = [
            Some("linked_accounts"),
            Some("github"),
            Some("42"),
            Some("u1"),
        ];
        let sealed = seal_in(&key, &place, "gho_secret");
        assert!(sealed.starts_with(BOUND) && !sealed.contains("gho_secret"));
        assert_eq!(
            unseal_in(&key, &place, &sealed).as_deref(),
            Some("gho_secret")
        );
        for other in [
            [
                Some("linked_accounts"),
                Some("github"),
                Some("42"),
                Some("u2"),
            ],
            [
                Some("linked_accounts"),
                Some("google"),
                Some("42"),
                Some("u1"),
            ],
            [
                Some("retired_tokens"),
                Some("github"),
                Some("42"),
                Some("u1"),
            ],
            [
                Some("linked_accounts"),
                Some("github"),
                Some("4"),
                Some("2u1"),
            ],
            [Some("linked_accounts"), Some("github"), Some("42"), None],
        ] {
            assert_eq!(unseal_in(&key, &other, &sealed), None, "{other:?}");
        }
        assert_eq!(unseal_in(&Key::random(), &place, &sealed), None);
        assert_eq!(
            unseal(&key, &sealed),
            None,
            "not as a value without a place"
        );
        let unbound = seal(&key, "gho_secret");
        assert_eq!(unseal_in(&key, &place, &unbound), None, "nor the reverse");
    }

    #[test]
    fn keys_read_back_from_base64_and_other_lengths_are_refused() {
        let key = Key::random();
        assert_eq!(Key::from_base64(&key.to_base64()).unwrap(), key);
        assert!(
            Key::from_base64("c2hvcnQ=")
                .unwrap_err()
                .to_string()
                .contains("not 32")
        );
        assert!(Key::from_base64("not base64!").is_err());
        assert_eq!(format!("{key:?}"), "Key(..)");
    }
}
