//! A disconnect's unlink: the link (and its token) removed only if it still holds the token
//! the disconnect revoked or queued, and is not the user's last one.

use rusqlite::{Connection, OptionalExtension, params};

use crate::db::retired;
use crate::db::vault::sql::LINKED;
use crate::providers::Provider;

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
/// token the disconnect revoked, and is not the user's last one. Both are checked in the
/// same statement: two disconnects racing cannot unlink both providers, and a login that
/// stored a new token meanwhile keeps it stored.
pub fn unlink_revoked(
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

/// For a disconnect whose revocation failed: moves the stored token into the revocation
/// queue and removes the link, in one transaction, if the link still holds `token` and is
/// not the user's last one (as [`unlink_revoked`]). The row keeps the failure: its error,
/// when it is due again, and whether it was refused. A Google token whose
/// lifetime is unknown is kept at most Google's hour from now.
pub fn unlink_pending(
    conn: &mut Connection,
    user_id: &str,
    provider: Provider,
    token: &str,
    failure: &retired::Failure,
) -> rusqlite::Result<Unlink> {
    let now_ms = crate::db::now_ms();
    let tx = conn.transaction()?;
    let default_end = match provider {
        Provider::GitHub => None,
        Provider::Google => Some(now_ms / 1000 + retired::GOOGLE_DEFAULT_LIFETIME_SECS),
    };
    // The token moves from its link's place to its retired row's, a row id picked here.
    let queued = tx
        .prepare_cached(&format!(
            "INSERT INTO retired_tokens (id, provider, user_id, provider_user_id, access_token,
             retired_at, expires_at, pending, attempts, next_attempt_ms, last_error, refused)
         SELECT next.id, provider, user_id, provider_user_id,
                seal(?3, 'retired_tokens', provider, next.id), ?4,
                COALESCE(token_expires_at, ?5), 1, ?9, ?6, ?7, ?8
         FROM linked_accounts, (SELECT IFNULL(MAX(id), 0) + 1 AS id FROM retired_tokens) AS next
         WHERE user_id = ?1 AND provider = ?2 AND unseal(access_token, {LINKED}) = ?3
           AND (SELECT COUNT(*) FROM linked_accounts WHERE user_id = ?1) > 1"
        ))?
        .execute(params![
            user_id,
            provider.slug(),
            token,
            now_ms / 1000,
            default_end,
            failure.next_ms,
            failure.error,
            failure.refused.then_some(&failure.error),
            failure.attempts,
        ])?;
    let unlinked = unlink_revoked(&tx, user_id, provider, Some(token))?;
    if queued == 1 && unlinked == Unlink::Done {
        tx.commit()?;
    }
    Ok(unlinked)
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
    match unlink_revoked(conn, user_id, provider, Some(token))? {
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
