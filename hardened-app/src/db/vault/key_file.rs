//! The token key, unlocked from its setting ([`KeySource`]): given whole, or read from a key
//! file (created, mode 0600, on the first run with the mock providers). A key file that others
//! can read or write is refused.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use rusqlite::Connection;

use super::check_value;
use crate::config::KeySource;
use crate::sealing::Key;

/// The key for the database on `conn` (migrated, without the functions yet): read, or made
/// as the source allows. `database` names the file in messages.
pub fn resolve(conn: &Connection, source: &KeySource, database: &Path) -> anyhow::Result<Key> {
    let (path, create) = match source {
        KeySource::Key(key) => return Ok(key.clone()),
        KeySource::File { path, create } => (path, *create),
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            private(path)?;
            Key::from_base64(&text)
                .with_context(|| format!("cannot read the token key file {}", path.display()))
        }
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

/// Refuses a key file its group or others may read or write (mode & 0o077): the key opens
/// every stored token, so a key file anyone else on the machine can read is as good as a
/// leaked database. Refused rather than warned about, as OpenSSH refuses a private key file
/// others can read: a warning in a log is missed, and the fix (`chmod 600`) takes a second.
#[cfg(unix)]
fn private(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .with_context(|| format!("cannot read the token key file {}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        bail!(
            "the token key file {} has mode {:o}: others on this machine can read or change \
             it, and it opens every stored token. Make it the owner's only (`chmod 600 {}`), \
             then start again",
            path.display(),
            mode & 0o777,
            path.display()
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn private(_: &Path) -> anyhow::Result<()> {
    Ok(())
}
