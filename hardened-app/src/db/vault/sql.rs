//! The vault in SQL: `seal(value, place...)`, `unseal(value, place...)` and
//! `unseal_or_null(value, place...)` on the app's connection, the place of each table's
//! tokens, and the one-time sealing again of tokens from before binding.

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Error};

use crate::sealing::{BOUND, Key, UNBOUND, seal_in, unseal, unseal_in};

/// The place of a linked account's token: its table, provider, provider account and user.
pub const LINKED: &str = "'linked_accounts', provider, provider_user_id, user_id";
/// The place of a retired token: its table, provider and row id.
pub const RETIRED: &str = "'retired_tokens', provider, id";

/// Registers `seal`, `unseal` and `unseal_or_null` on `conn`, with `key`: each takes the value
/// (NULL passes through) then its place, one or more parts (text, integer or NULL). `unseal`
/// fails on a value that does not open; `unseal_or_null` answers NULL instead, for a reader
/// that sets such a row aside rather than fail with it.
pub fn register(conn: &Connection, key: &Key) -> rusqlite::Result<()> {
    // Not deterministic: every seal draws a new nonce.
    let flags = FunctionFlags::SQLITE_UTF8;
    let k = key.clone();
    conn.create_scalar_function("seal", -1, flags, move |ctx| {
        let (value, place) = (text(ctx, 0)?, place(ctx)?);
        Ok(value.map(|v| seal_in(&k, &parts(&place), &v)))
    })?;
    let k = key.clone();
    conn.create_scalar_function("unseal", -1, flags, move |ctx| {
        let (value, place) = (text(ctx, 0)?, place(ctx)?);
        let opened = value.map(|v| unseal_in(&k, &parts(&place), &v));
        opened
            .map(|o| o.ok_or_else(|| fail("a stored token does not open with the token key")))
            .transpose()
    })?;
    let k = key.clone();
    conn.create_scalar_function("unseal_or_null", -1, flags, move |ctx| {
        let (value, place) = (text(ctx, 0).ok().flatten(), place(ctx)?);
        Ok(value.and_then(|v| unseal_in(&k, &parts(&place), &v)))
    })
}

/// Argument `i` as text; NULL is `None`.
fn text(ctx: &Context<'_>, i: usize) -> rusqlite::Result<Option<String>> {
    match ctx.get_raw(i) {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => Ok(Some(std::str::from_utf8(t).map_err(fail)?.into())),
        _ => Err(fail("a token is stored as text")),
    }
}

/// The place: every argument after the value, at least one.
fn place(ctx: &Context<'_>) -> rusqlite::Result<Vec<Option<String>>> {
    if ctx.len() < 2 {
        return Err(fail("seal and unseal take the value, then its place"));
    }
    (1..ctx.len())
        .map(|i| match ctx.get_raw(i) {
            ValueRef::Integer(n) => Ok(Some(n.to_string())),
            _ => text(ctx, i),
        })
        .collect()
}

fn parts(place: &[Option<String>]) -> Vec<Option<&str>> {
    place.iter().map(Option::as_deref).collect()
}

fn fail(why: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
    Error::UserFunctionError(why.into())
}

/// Seals again, bound to their place, the tokens of a database from before binding (`v1.`),
/// and with `plain` those from before sealing (no prefix), in the caller's transaction. Run
/// once, at the start that brings the schema to the version that binds, so a value in an old
/// format planted later is never adopted. A value that does not open stays as it is (where it
/// is read it fails; the revocation queue sets its row aside). Returns how many stayed.
pub fn bind_legacy(conn: &Connection, key: &Key, plain: bool) -> rusqlite::Result<i64> {
    let k = key.clone();
    conn.create_scalar_function("legacy_open", 1, FunctionFlags::SQLITE_UTF8, move |ctx| {
        Ok(match text(ctx, 0).ok().flatten() {
            Some(v) if v.starts_with(UNBOUND) => unseal(&k, &v),
            Some(v) if plain && !v.starts_with(BOUND) => Some(v),
            _ => None,
        })
    })?;
    let mut left = 0;
    for (table, place) in [("linked_accounts", LINKED), ("retired_tokens", RETIRED)] {
        conn.execute(
            &format!(
                "UPDATE {table} SET access_token = seal(legacy_open(access_token), {place})
                 WHERE legacy_open(access_token) IS NOT NULL"
            ),
            [],
        )?;
        left += conn.query_row(
            &format!(
                "SELECT COUNT(*) FROM {table}
                 WHERE access_token IS NOT NULL AND substr(access_token, 1, 3) <> '{BOUND}'"
            ),
            [],
            |row| row.get::<_, i64>(0),
        )?;
    }
    conn.remove_function("legacy_open", 1)?;
    Ok(left)
}
