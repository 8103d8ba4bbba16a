//! Users and the provider identities linked to them.
//!
//! A returning identity is found by (provider, provider user id). A new identity links to an
//! existing user with the same email only when the provider verified that email *and* the
//! existing user's email was verified too (ours: the course checks only the newcomer, which
//! would let an unverified first account capture a verified second one). Otherwise a new
//! user is created. A returning identity's fresh token replaces the stored one, which is
//! retired (kept in `retired_tokens`, see [`super::retired`]), never dropped.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::retired::{self, Retired};
use super::vault::sql::LINKED;
use crate::providers::{Grant, Identity};
use crate::random;
use common::Provider;

/// A user as `/me` shows it.
#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub avatar_url: Option<String>,
}

/// One provider identity linked to a user.
#[derive(Debug, Clone)]
pub struct Linked {
    pub provider: Provider,
    pub provider_user_id: String,
    pub access_token: Option<String>,
    pub scopes: String,
}

/// What a sign-in stored.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub user_id: String,
    /// The token this login replaced, now kept in `retired_tokens`: GitHub keeps every
    /// token of every login alive, so the stored one is superseded, not dead.
    pub superseded: Option<Retired>,
}

/// Finds or creates the user for a provider identity, links it, and stores its fresh token.
/// A returning identity's previous token is retired in the same transaction, so that no
/// moment exists where it is stored nowhere. Takes the caller's transaction: the callback
/// commits the session with it, all or nothing.
pub fn sign_in(
    tx: &Transaction<'_>,
    identity: &Identity,
    grant: &Grant,
    now: i64,
) -> rusqlite::Result<SignIn> {
    let provider = identity.provider;
    let returning: Option<(String, Option<String>, Option<i64>)> = tx
        .query_row(
            &format!(
                "SELECT user_id, unseal(access_token, {LINKED}), token_expires_at
                 FROM linked_accounts WHERE provider = ?1 AND provider_user_id = ?2"
            ),
            params![provider.slug(), identity.provider_user_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    if provider == Provider::Google {
        retired::pending::cancel_google_revocations(tx, &identity.provider_user_id)?;
    }
    let Some((user_id, previous, previous_expiry)) = returning else {
        let user_id = find_or_create_user(tx, identity, now)?;
        link(tx, identity, grant, &user_id, now)?;
        return Ok(SignIn {
            user_id,
            superseded: None,
        });
    };
    tx.prepare_cached(&format!(
        "UPDATE linked_accounts SET access_token = seal(?3, {LINKED}), scopes = ?4, email = ?5,
                email_verified = ?6, token_expires_at = ?7
         WHERE provider = ?1 AND provider_user_id = ?2"
    ))?
    .execute(params![
        provider.slug(),
        identity.provider_user_id,
        grant.access_token,
        grant.scopes,
        identity.email,
        identity.email_verified,
        retired::announced_end(grant, now)
    ])?;
    let superseded = match previous {
        Some(old) if old != grant.access_token => {
            let ends = retired::lifetime_end(provider, previous_expiry, now);
            Some(retired::retire(
                tx,
                provider,
                Some(&user_id),
                &old,
                ends,
                now,
            )?)
        }
        _ => None,
    };
    Ok(SignIn {
        user_id,
        superseded,
    })
}

/// Links a new identity to `user_id`, with its token.
fn link(
    tx: &Transaction<'_>,
    identity: &Identity,
    grant: &Grant,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO linked_accounts (provider, provider_user_id, user_id, email,
             email_verified, access_token, scopes, linked_at, token_expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, seal(?6, 'linked_accounts', ?1, ?2, ?3), ?7, ?8, ?9)",
    )?
    .execute(params![
        identity.provider.slug(),
        identity.provider_user_id,
        user_id,
        identity.email,
        identity.email_verified,
        grant.access_token,
        grant.scopes,
        now,
        retired::announced_end(grant, now)
    ])?;
    Ok(())
}

/// The user a new identity joins: the one with the same verified email (when the provider
/// verified it too), or a new one.
fn find_or_create_user(
    tx: &Transaction<'_>,
    identity: &Identity,
    now: i64,
) -> rusqlite::Result<String> {
    let existing = match (&identity.email, identity.email_verified) {
        (Some(email), true) => tx
            .query_row(
                "SELECT u.id FROM users u
                 WHERE u.email = ?1 COLLATE NOCASE AND u.email_verified = 1
                   AND NOT EXISTS (SELECT 1 FROM linked_accounts l
                                   WHERE l.user_id = u.id AND l.provider = ?2)
                 ORDER BY u.created_at LIMIT 1",
                params![email, identity.provider.slug()],
                |row| row.get::<_, String>(0),
            )
            .optional()?,
        _ => None,
    };
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = random::uuid_v4();
    tx.prepare_cached(
        "INSERT INTO users (id, email, email_verified, name, avatar_url, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        identity.email,
        identity.email_verified,
        identity.name,
        identity.avatar_url,
        now
    ])?;
    Ok(id)
}

pub fn user(conn: &Connection, id: &str) -> rusqlite::Result<Option<User>> {
    conn.prepare_cached("SELECT id, email, name, avatar_url FROM users WHERE id = ?1")?
        .query_row([id], |row| {
            Ok(User {
                id: row.get(0)?,
                email: row.get(1)?,
                name: row.get(2)?,
                avatar_url: row.get(3)?,
            })
        })
        .optional()
}

/// A user's linked accounts, and the revocations the app still owes them: what `/` and `/me`
/// show.
pub fn linked_and_pending(
    conn: &Connection,
    user_id: &str,
) -> rusqlite::Result<(Vec<Linked>, Vec<super::retired::pending::Pending>)> {
    Ok((
        linked(conn, user_id)?,
        super::retired::pending::of_user(conn, user_id)?,
    ))
}

/// The identities linked to a user, GitHub first.
pub fn linked(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<Linked>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT provider, provider_user_id, unseal(access_token, {LINKED}), scopes
         FROM linked_accounts WHERE user_id = ?1 ORDER BY provider"
    ))?;
    let rows = statement.query_map([user_id], |row| {
        let provider: String = row.get(0)?;
        Ok(Linked {
            provider: provider.parse().map_err(|_| {
                rusqlite::Error::InvalidColumnType(0, provider, rusqlite::types::Type::Text)
            })?,
            provider_user_id: row.get(1)?,
            access_token: row.get(2)?,
            scopes: row.get(3)?,
        })
    })?;
    rows.collect()
}

mod unlink;
pub use unlink::{Unlink, forget_dead, unlink_holding};

#[cfg(test)]
mod tests;
