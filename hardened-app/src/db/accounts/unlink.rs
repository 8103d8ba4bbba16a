//! A disconnect's unlink: the link (and its token) removed only if it still holds the token
//! the disconnect retired (revoked, or pending in the revocation queue), and is not the
//! user's last one.

use rusqlite::{Connection, OptionalExtension, params};

use crate::db::vault::sql::LINKED;
use common::Provider;

/// How a disconnect's unlink ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlink {
    /// The link and its (revoked) token are gone.
    Done,
    /// A login stored a new token while the disconnect was revoking the old one: the link
    /// stays, with the new token.
    Relinked,
    /// It is the user's only link (kept: they could not log in again).
    OnlyProvider,
    /// The link was already gone.
    NotLinked,
}

/// Removes the link (and with it the stored token) only if it still holds `revoked`, the
/// token the disconnect retired, and is not the user's last one. Both are checked in the
/// same statement: two disconnects racing cannot unlink both providers, and a login that
/// stored a new token meanwhile keeps it stored.
pub fn unlink_holding(
    conn: &Connection,
    user_id: &str,
    provider: Provider,
    revoked: Option<&str>,
) -> rusqlite::Result<Unlink> {
    let n = conn
        .prepare_cached(&format!(
            "DELETE FROM linked_accounts WHERE user_id = ?1 AND provider = ?2
           AND unseal(access_token, {LINKED}) IS ?3
           AND (SELECT COUNT(*) FROM linked_accounts WHERE user_id = ?1) > 1"
        ))?
        .execute(params![user_id, provider.slug(), revoked])?;
    if n > 0 {
        return Ok(Unlink::Done);
    }
    let now_stored: Option<Option<String>> = conn
        .query_row(
            &format!(
                "SELECT unseal(access_token, {LINKED}) FROM linked_accounts
                 WHERE user_id = ?1 AND provider = ?2"
            ),
            params![user_id, provider.slug()],
            |row| row.get(0),
        )
        .optional()?;
    Ok(match now_stored {
        None => Unlink::NotLinked,
        Some(token) if token.as_deref() != revoked => Unlink::Relinked,
        Some(_) => Unlink::OnlyProvider,
    })
}

/// A token that died while linked (a Google grant ended by a revocation during the login that
/// linked it): the link goes if it still holds `token`, or, when it is the user's only one,
/// stays without a token (the identity still logs them in, and the next login stores a live
/// token). Returns whether anything changed.
pub fn forget_dead(
    conn: &Connection,
    user_id: &str,
    provider: Provider,
    token: &str,
) -> rusqlite::Result<bool> {
    match unlink_holding(conn, user_id, provider, Some(token))? {
        Unlink::Done => Ok(true),
        Unlink::OnlyProvider => Ok(conn
            .prepare_cached(&format!(
                "UPDATE linked_accounts SET access_token = NULL, token_expires_at = NULL
                 WHERE user_id = ?1 AND provider = ?2 AND unseal(access_token, {LINKED}) = ?3"
            ))?
            .execute(params![user_id, provider.slug(), token])?
            > 0),
        Unlink::Relinked | Unlink::NotLinked => Ok(false),
    }
}
