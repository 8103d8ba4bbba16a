//! A Google revocation ends the whole grant: every token Google issued this app for that
//! account, including one a login is storing at that very moment. So it is decided against
//! the grant the app holds when the call is sent, and its result checked after:
//!
//! - **Before** one is sent ([`still_owed`]): if that Google account is linked again with
//!   another token, its grant is in use (the new link re-authorized the same grant), so the
//!   row leaves the revocation queue as superseded and its token is left to expire. A login
//!   cancels the row in the transaction that links the account; this check catches a row the
//!   worker read before that.
//! - **After** a call that ended the grant ([`died_meanwhile`]): a token linked for that
//!   account since (a login that finished while the call was on its way) is asked of Google.
//!   If it died with the grant it is unlinked, never kept dead: a disconnect's answer says so,
//!   the worker logs it. If Google cannot say, it is kept: it may work.
//!
//! Why check after rather than make a login wait for an in-flight revocation of its grant:
//! the code a login exchanges was issued under that grant, so once the grant ends its token
//! is dead whatever the order in the app; no lock in the app can keep it alive, and only
//! asking Google afterwards tells whether it died. (A revocation whose answer was lost, a
//! timeout, may have ended the grant too; the home page then shows the new token dead, and
//! the next login or disconnect settles it.)

use rusqlite::{Connection, OptionalExtension, params};

use crate::db::retired::{self, Retired};
use crate::db::vault::sql::LINKED;
use crate::providers::Liveness;
use crate::state::AppState;
use common::Provider;

/// A token linked to a user, as found after a revocation.
#[derive(Debug, Clone)]
pub struct LinkedToken {
    pub user_id: String,
    pub token: String,
}

/// The Google account of a pending Google row (`None` for GitHub's, and for Google rows
/// from failed logins or superseded at a re-login, which are never revoked).
pub fn account(row: &Retired) -> Option<String> {
    row.provider_user_id
        .clone()
        .filter(|_| row.provider == Provider::Google)
}

/// Whether `row` is still owed, checked just before its call is sent: always for GitHub;
/// for Google, see [`still_owed`].
pub async fn owed(state: &AppState, row: &Retired) -> anyhow::Result<bool> {
    let Some(account) = account(row) else {
        return Ok(true);
    };
    let (id, token) = (row.id, row.access_token.clone());
    Ok(state
        .db
        .run(move |conn| still_owed(conn, id, &account, &token))
        .await?)
}

/// Whether the pending Google row `id` of Google account `account`, holding `token`, is still
/// owed: still pending, and the account not linked again with another token (then the row is
/// cancelled here). A link that still holds `token` is the disconnect that retired it.
pub fn still_owed(
    conn: &Connection,
    id: i64,
    account: &str,
    token: &str,
) -> rusqlite::Result<bool> {
    if linked_token(conn, account)?.is_some_and(|linked| linked.token != token) {
        retired::pending::cancel_google_revocations(conn, account)?;
        return Ok(false);
    }
    let owed = conn
        .prepare_cached("SELECT pending = 1 FROM retired_tokens WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    Ok(owed.unwrap_or(false))
}

/// After the revocation of `row` ended its Google grant: the token a login linked for that
/// account meanwhile, if there is one and Google says it is dead.
pub async fn died_meanwhile(
    state: &AppState,
    row: &Retired,
) -> anyhow::Result<Option<LinkedToken>> {
    let Some(account) = account(row) else {
        return Ok(None);
    };
    let linked = state
        .db
        .run(move |conn| linked_token(conn, &account))
        .await?;
    let Some(linked) = linked.filter(|l| l.token != row.access_token) else {
        return Ok(None);
    };
    match state
        .providers
        .liveness(Provider::Google, &linked.token)
        .await
    {
        Liveness::Dead => Ok(Some(linked)),
        Liveness::Alive => Ok(None),
        Liveness::Unknown(why) => {
            tracing::warn!(user = %linked.user_id, %why,
                "a Google grant was ended while a login linked it again, and Google cannot \
                 say whether the new token died with it: kept");
            Ok(None)
        }
    }
}

/// The token linked for Google account `account`, if any.
fn linked_token(conn: &Connection, account: &str) -> rusqlite::Result<Option<LinkedToken>> {
    conn.prepare_cached(&format!(
        "SELECT user_id, unseal(access_token, {LINKED}) FROM linked_accounts
         WHERE provider = 'google' AND provider_user_id = ?1 AND access_token IS NOT NULL"
    ))?
    .query_row(params![account], |row| {
        Ok(LinkedToken {
            user_id: row.get(0)?,
            token: row.get(1)?,
        })
    })
    .optional()
}
