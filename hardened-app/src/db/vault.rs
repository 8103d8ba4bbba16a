//! Provider tokens sealed at rest: a copied database file reveals no token, and a sealed
//! value moved to another row opens nowhere.
//!
//! Every access token is stored sealed with XChaCha20-Poly1305 (the `chacha20poly1305`
//! crate) with a random 24-byte nonce, bound to its place: the table, the provider and the
//! row's key are its associated data ([`seal_in`]), so a value copied into another user's row,
//! another provider's or another table fails to open (the tag covers them). Stored as `v2.`
//! then the URL-safe base64 of nonce, ciphertext and tag. SQL functions registered on the
//! app's connection do it, so the SQL says where ([`sql`]): `seal(?, <place>)` when a token is
//! written, `unseal(access_token, <place>)` when one is read or compared, the place written
//! once per table ([`sql::LINKED`], [`sql::RETIRED`]). A value that does not open is an error,
//! never a wrong token; the revocation queue reads with `unseal_or_null` and sets such a row
//! aside instead.
//!
//! `v1.` values are sealed without a place: what lives outside a row (the key check, the
//! browser's pending logins, [`seal`]), and the tokens of a database from before binding,
//! which the start that brings its schema to version 7 seals again, bound ([`sql::bind_legacy`]).
//!
//! The 32-byte key comes from the configuration ([`KeySource`]): given whole
//! (`LOGOUT_LAB_TOKEN_KEY`, base64), or read from a key file (`--token-key-file`, by default
//! the database path plus `.key`), which the app creates with mode 0600 on first run with the
//! mock providers, and refuses when others may read it ([`key_file`]). A check value sealed
//! with the key is kept in the database (`meta`), so a wrong key, or a missing key file for a
//! database that has one, stops the start-up with a message naming the cause, rather than
//! failing at the first token.

mod key_file;
pub mod sql;

use std::fmt;
use std::path::Path;

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rusqlite::{Connection, OptionalExtension};

pub use key_file::{KeySource, resolve};
pub use sql::register;

/// What a value sealed without a place starts with.
const UNBOUND: &str = "v1.";
/// What a value sealed to its place starts with.
const BOUND: &str = "v2.";
const NONCE_LEN: usize = 24;
/// What the check value holds once opened.
const CHECK: &str = "logout-lab token key check";

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

fn check_value(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM meta WHERE name = 'token_key_check'")?
        .query_row([], |row| row.get(0))
        .optional()
}

/// Checks `key` against the database's check value, or, for a database without one (from
/// before sealing), writes it. Returns whether the database had one: if not, its tokens are
/// in plain text, for [`sql::bind_legacy`] to seal.
pub fn check_key(conn: &Connection, key: &Key, database: &Path) -> anyhow::Result<bool> {
    let Some(check) = check_value(conn)? else {
        conn.prepare_cached("INSERT INTO meta (name, value) VALUES ('token_key_check', ?1)")?
            .execute([seal(key, CHECK)])?;
        return Ok(false);
    };
    if unseal(key, &check).as_deref() == Some(CHECK) {
        return Ok(true);
    }
    bail!(
        "the token key does not open the tokens of the database {}: it was sealed with \
         another key (check LOGOUT_LAB_TOKEN_KEY or the key file)",
        database.display()
    )
}

/// Unlocks the database's tokens at start-up, in one transaction: checks `key` (or writes
/// the check value of a database from before sealing), then, for a database whose schema was
/// older than the binding's (`bind`) or from before sealing, seals its tokens again, bound
/// ([`sql::bind_legacy`]). The functions must be registered.
pub fn unlock(conn: &mut Connection, key: &Key, database: &Path, bind: bool) -> anyhow::Result<()> {
    let tx = conn.transaction()?;
    let had_check = check_key(&tx, key, database)?;
    if bind || !had_check {
        let left = sql::bind_legacy(&tx, key, !had_check)
            .with_context(|| format!("cannot seal the tokens of {} again", database.display()))?;
        if left > 0 {
            tracing::warn!(tokens = left, database = %database.display(),
                "stored tokens in an older format do not open with the token key: left as \
                 they are (pending revocations among them are set aside by the queue)");
        }
    }
    tx.commit()?;
    Ok(())
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
