//! Provider tokens sealed at rest: a copied database file reveals no token, and a sealed
//! value moved to another row opens nowhere.
//!
//! Every access token is stored sealed to its place ([`crate::sealing::seal_in`]): the table,
//! the provider and the row's key, so a value copied into another user's row, another
//! provider's or another table fails to open. SQL functions registered on the app's
//! connection do it, so the SQL says where ([`sql`]): `seal(?, <place>)` when a token is
//! written, `unseal(access_token, <place>)` when one is read or compared, the place written
//! once per table ([`sql::LINKED`], [`sql::RETIRED`]). A value that does not open is an error,
//! never a wrong token; the revocation worker reads with `unseal_or_null` and sets such a row
//! aside instead.
//!
//! The tokens of a database from before binding (`v1.`, sealed without a place) are sealed
//! again, bound, by the start that brings its schema to version 7 ([`sql::bind_legacy`]).
//!
//! Whoever opens the database unlocks its key ([`resolve`]), from the setting
//! [`crate::config::KeySource`]: the key given whole (`LOGOUT_LAB_TOKEN_KEY`, base64), or a key file
//! (`--token-key-file`, by default the database path plus `.key`), which the app creates with
//! mode 0600 on first run with the mock providers, and refuses when others may read it
//! ([`key_file`]). A check value sealed with the key is kept in the database (`meta`), so a
//! wrong key, or a missing key file for a database that has one, stops the start-up with a
//! message naming the cause, rather than failing at the first token.

mod key_file;
pub mod sql;

use std::path::Path;

use anyhow::{Context, bail};
use rusqlite::{Connection, OptionalExtension};

use crate::sealing::{Key, seal, unseal};
pub use key_file::resolve;
pub use sql::register;

/// What the check value holds once opened.
const CHECK: &str = "logout-lab token key check";

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
                 they are (pending revocations among them are set aside by the revocation worker)");
        }
    }
    tx.commit()?;
    Ok(())
}
