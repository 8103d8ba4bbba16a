//! Users and the provider identities linked to them.
//!
//! A returning identity is found by (provider, provider user id). A new identity links to an
//! existing user with the same email only when the provider verified that email *and* the
//! existing user's email was verified too (ours: the course checks only the newcomer, which
//! would let an unverified first account capture a verified second one). Otherwise a new
//! user is created.

use rusqlite::{Connection, OptionalExtension, params};

use crate::providers::{Identity, Provider};
use crate::random;

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

/// Finds or creates the user for a provider identity, links it, and stores its fresh token.
/// Returns the user's id.
pub fn sign_in(
    conn: &mut Connection,
    identity: &Identity,
    access_token: &str,
    scopes: &str,
    now: i64,
) -> rusqlite::Result<String> {
    let tx = conn.transaction()?;
    let provider = identity.provider.as_str();
    let returning: Option<String> = tx
        .query_row(
            "SELECT user_id FROM linked_accounts WHERE provider = ?1 AND provider_user_id = ?2",
            params![provider, identity.provider_user_id],
            |row| row.get(0),
        )
        .optional()?;
    let user_id = if let Some(user_id) = returning {
        tx.execute(
            "UPDATE linked_accounts SET access_token = ?3, scopes = ?4, email = ?5,
                    email_verified = ?6
             WHERE provider = ?1 AND provider_user_id = ?2",
            params![
                provider,
                identity.provider_user_id,
                access_token,
                scopes,
                identity.email,
                identity.email_verified
            ],
        )?;
        user_id
    } else {
        let existing = match (&identity.email, identity.email_verified) {
            (Some(email), true) => tx
                .query_row(
                    "SELECT u.id FROM users u
                     WHERE u.email = ?1 COLLATE NOCASE AND u.email_verified = 1
                       AND NOT EXISTS (SELECT 1 FROM linked_accounts l
                                       WHERE l.user_id = u.id AND l.provider = ?2)
                     ORDER BY u.created_at LIMIT 1",
                    params![email, provider],
                    |row| row.get::<_, String>(0),
                )
                .optional()?,
            _ => None,
        };
        let user_id = match existing {
            Some(id) => id,
            None => {
                let id = random::uuid_v4();
                tx.execute(
                    "INSERT INTO users (id, email, email_verified, name, avatar_url, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        id,
                        identity.email,
                        identity.email_verified,
                        identity.name,
                        identity.avatar_url,
                        now
                    ],
                )?;
                id
            }
        };
        tx.execute(
            "INSERT INTO linked_accounts (provider, provider_user_id, user_id, email,
                                          email_verified, access_token, scopes, linked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                provider,
                identity.provider_user_id,
                user_id,
                identity.email,
                identity.email_verified,
                access_token,
                scopes,
                now
            ],
        )?;
        user_id
    };
    tx.commit()?;
    Ok(user_id)
}

pub fn user(conn: &Connection, id: &str) -> rusqlite::Result<Option<User>> {
    conn.query_row(
        "SELECT id, email, name, avatar_url FROM users WHERE id = ?1",
        [id],
        |row| {
            Ok(User {
                id: row.get(0)?,
                email: row.get(1)?,
                name: row.get(2)?,
                avatar_url: row.get(3)?,
            })
        },
    )
    .optional()
}

/// The identities linked to a user, GitHub first.
pub fn linked(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<Linked>> {
    let mut statement = conn.prepare(
        "SELECT provider, provider_user_id, access_token, scopes FROM linked_accounts
         WHERE user_id = ?1 ORDER BY provider",
    )?;
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

/// Removes the link (and with it the stored token) unless it is the user's last one; the
/// count is checked in the same statement, so two disconnects racing cannot unlink both.
/// Returns whether the link was removed.
pub fn unlink_unless_last(
    conn: &Connection,
    user_id: &str,
    provider: Provider,
) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "DELETE FROM linked_accounts WHERE user_id = ?1 AND provider = ?2
           AND (SELECT COUNT(*) FROM linked_accounts WHERE user_id = ?1) > 1",
        params![user_id, provider.as_str()],
    )?;
    Ok(n > 0)
}
