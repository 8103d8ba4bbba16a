//! Provider tokens sealed at rest: a copied database file reveals no token.
//!
//! Every access token is stored sealed with XChaCha20-Poly1305 (the `chacha20poly1305`
//! crate): `v1.` then the URL-safe base64 of a random 24-byte nonce and the ciphertext with its
//! tag. Two SQL functions registered on the app's connection do it, so the SQL says where:
//! `seal(?)` when a token is written, `unseal(access_token)` when one is read or compared.
//! A value that does not open with the key is an error, never a wrong token.
//!
//! The 32-byte key comes from the configuration ([`KeySource`]): given whole
//! (`LOGOUT_LAB_TOKEN_KEY`, base64), or read from a key file (`--token-key-file`, by default
//! the database path plus `.key`), which the app creates with mode 0600 on first run with the
//! mock providers. A check value sealed with the key is kept in the database (`meta`), so a
//! wrong key, or a missing key file for a database that has one, stops the start-up with a
//! message naming the cause, rather than failing at the first token.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rusqlite::functions::{Context as SqlContext, FunctionFlags};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension};

/// What a sealed value starts with: the format's version.
const PREFIX: &str = "v1.";
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

/// Where the token key comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// The key itself (from `LOGOUT_LAB_TOKEN_KEY`, or made by code: tests, the checker).
    Key(Key),
    /// A file holding the key in base64; `create`: make one (mode 0600) if there is none and
    /// the database has no sealed token yet.
    File { path: PathBuf, create: bool },
}

impl KeySource {
    /// The key file next to the database: `logout-lab.db.key`.
    pub fn beside(database: &Path, create: bool) -> KeySource {
        let mut path = database.as_os_str().to_owned();
        path.push(".key");
        KeySource::File {
            path: path.into(),
            create,
        }
    }
}

/// Seals `token` with `key`: `v1.` + base64url(nonce ‖ ciphertext ‖ tag).
pub fn seal(key: &Key, token: &str) -> String {
    let nonce: [u8; NONCE_LEN] = crate::random::bytes();
    let sealed = key
        .cipher()
        .encrypt(&XNonce::from(nonce), token.as_bytes())
        .expect("sealing a token in memory cannot fail");
    let mut bytes = nonce.to_vec();
    bytes.extend(sealed);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Opens a value [`seal`] made; `None` when it is not one, or not sealed with `key`.
pub fn unseal(key: &Key, sealed: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(sealed.strip_prefix(PREFIX)?).ok()?;
    if bytes.len() < NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
    let nonce = XNonce::try_from(nonce).ok()?;
    let opened = key.cipher().decrypt(&nonce, ciphertext).ok()?;
    String::from_utf8(opened).ok()
}

/// Registers `seal(text)` and `unseal(text)` on `conn`, with `key`; both pass NULL through.
pub fn register(conn: &Connection, key: &Key) -> rusqlite::Result<()> {
    // Not deterministic: every seal draws a new nonce.
    let flags = FunctionFlags::SQLITE_UTF8;
    let sealing = key.clone();
    conn.create_scalar_function("seal", 1, flags, move |ctx| {
        text_arg(ctx, |token| Ok(seal(&sealing, token)))
    })?;
    let opening = key.clone();
    conn.create_scalar_function("unseal", 1, flags, move |ctx| {
        text_arg(ctx, |sealed| {
            unseal(&opening, sealed).ok_or_else(|| {
                rusqlite::Error::UserFunctionError(
                    "a stored token does not open with the token key".into(),
                )
            })
        })
    })
}

/// Applies `f` to the function's one text argument; NULL stays NULL.
fn text_arg(
    ctx: &SqlContext<'_>,
    f: impl Fn(&str) -> rusqlite::Result<String>,
) -> rusqlite::Result<Value> {
    match ctx.get_raw(0) {
        ValueRef::Null => Ok(Value::Null),
        ValueRef::Text(text) => {
            let text = std::str::from_utf8(text)
                .map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
            Ok(Value::Text(f(text)?))
        }
        _ => Err(rusqlite::Error::UserFunctionError(
            "a token is stored as text".into(),
        )),
    }
}

/// The key for the database on `conn` (migrated, without the functions yet): read, or made
/// as the source allows. `database` names the file in messages.
pub fn resolve(conn: &Connection, source: &KeySource, database: &Path) -> anyhow::Result<Key> {
    let (path, create) = match source {
        KeySource::Key(key) => return Ok(key.clone()),
        KeySource::File { path, create } => (path, *create),
    };
    match std::fs::read_to_string(path) {
        Ok(text) => Key::from_base64(&text)
            .with_context(|| format!("cannot read the token key file {}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if check_value(conn)?.is_some() {
                bail!(
                    "the token key file {} is missing, and the database {} holds tokens sealed \
                     with a key: restore the file (or set LOGOUT_LAB_TOKEN_KEY), or start with \
                     a new database",
                    path.display(),
                    database.display()
                );
            }
            if !create {
                bail!(
                    "no token key: set LOGOUT_LAB_TOKEN_KEY to 32 random bytes in base64 (for \
                     example `openssl rand -base64 32`), or put them in {}",
                    path.display()
                );
            }
            create_key_file(path)
        }
        Err(e) => {
            Err(e).with_context(|| format!("cannot read the token key file {}", path.display()))
        }
    }
}

/// Writes a new random key to `path`, readable by its owner only.
fn create_key_file(path: &Path) -> anyhow::Result<Key> {
    let key = Key::random();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create the token key file {}", path.display()))?;
    writeln!(file, "{}", key.to_base64())
        .with_context(|| format!("cannot write the token key file {}", path.display()))?;
    tracing::info!(file = %path.display(), "created a token key file (mode 0600)");
    Ok(key)
}

fn check_value(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM meta WHERE name = 'token_key_check'")?
        .query_row([], |row| row.get(0))
        .optional()
}

/// Checks `key` against the database's check value, or, for a database without one, seals
/// the tokens it holds in plain text (from before sealing) and writes the check value. The
/// functions must be registered.
pub fn check_key(conn: &mut Connection, key: &Key, database: &Path) -> anyhow::Result<()> {
    if let Some(check) = check_value(conn)? {
        if unseal(key, &check).as_deref() == Some(CHECK) {
            return Ok(());
        }
        bail!(
            "the token key does not open the tokens of the database {}: it was sealed with \
             another key (check LOGOUT_LAB_TOKEN_KEY or the key file)",
            database.display()
        );
    }
    let tx = conn.transaction()?;
    for table in ["linked_accounts", "retired_tokens"] {
        tx.execute(
            &format!(
                "UPDATE {table} SET access_token = seal(access_token)
                 WHERE access_token IS NOT NULL AND access_token NOT LIKE '{PREFIX}%'"
            ),
            [],
        )?;
    }
    tx.prepare_cached("INSERT INTO meta (name, value) VALUES ('token_key_check', ?1)")?
        .execute([seal(key, CHECK)])?;
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
        assert!(sealed.starts_with(PREFIX) && !sealed.contains("gho_secret"));
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
