//! The app's own session: the `session` cookie, its server-side row, and the extractor that
//! turns one into the signed-in user.
//!
//! The cookie carries a 256-bit random id; the database keeps only its SHA-256, so a leaked
//! database holds no usable session. Sessions end 24 hours after login (absolute), and every
//! login gets a new id.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use tower_cookies::cookie::SameSite;
use tower_cookies::cookie::time::Duration;
use tower_cookies::{Cookie, Cookies};

use crate::db::{self, accounts, sessions};
use crate::error::AppError;
use crate::state::AppState;
use crate::{flows, random};

/// The session cookie's name (the course's).
pub const SESSION_COOKIE: &str = "session";
/// The cookie carrying the browser's pending logins, sealed ([`crate::flows`]).
pub const STATE_COOKIE: &str = "oauth_state";

/// `session=ID; HttpOnly; SameSite=Lax; Path=/; Max-Age=86400` (+ `Secure` over https).
pub fn session_cookie(id: String, secure: bool) -> Cookie<'static> {
    let max_age = Duration::seconds(sessions::SESSION_TTL_SECS);
    private_cookie((SESSION_COOKIE, id), "/", max_age, secure)
}

/// The same cookie with an empty value and `Max-Age=0`: the browser drops it.
pub fn cleared_session_cookie(secure: bool) -> Cookie<'static> {
    private_cookie((SESSION_COOKIE, String::new()), "/", Duration::ZERO, secure)
}

/// `oauth_state=SEALED; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=600`. `Lax` still sends
/// it on the provider's top-level redirect back to the callback. The path is `/auth`, not the
/// callbacks' alone: a login's start reads it too, to keep the browser's other pending logins.
pub fn state_cookie(sealed: String, secure: bool) -> Cookie<'static> {
    let max_age = Duration::seconds(flows::TTL_SECS);
    private_cookie((STATE_COOKIE, sealed), "/auth", max_age, secure)
}

/// The state cookie with an empty value and `Max-Age=0`: no login is pending any more.
pub fn cleared_state_cookie(secure: bool) -> Cookie<'static> {
    let empty = (STATE_COOKIE, String::new());
    private_cookie(empty, "/auth", Duration::ZERO, secure)
}

/// A cookie scripts cannot read (`HttpOnly`), sent on top-level navigations from other sites
/// but not on their subrequests (`SameSite=Lax`), and `Secure` when the app is served over
/// https.
fn private_cookie(
    (name, value): (&'static str, String),
    path: &'static str,
    max_age: Duration,
    secure: bool,
) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path(path)
        .max_age(max_age)
        .build()
}

/// The hash under which a session id is stored.
pub fn hash(id: &str) -> String {
    random::sha256_hex(id)
}

/// The signed-in user of a request with a live session; otherwise the request is refused
/// with 401 `{"error":"Unauthorized"}`.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: accounts::User,
    pub session: sessions::Session,
}

impl SignedIn {
    /// The signed-in user, if any.
    pub async fn find(state: &AppState, cookies: &Cookies) -> Result<Option<SignedIn>, AppError> {
        let Some(id) = cookies.get(SESSION_COOKIE).map(|c| c.value().to_string()) else {
            return Ok(None);
        };
        if id.is_empty() {
            return Ok(None);
        }
        let id_hash = hash(&id);
        if state.ended_sessions.contains(&id_hash, db::now()) {
            return Ok(None);
        }
        state
            .db
            .run(move |conn| {
                let Some(session) = sessions::live(conn, &id_hash, db::now())? else {
                    return Ok(None);
                };
                let user = accounts::user(conn, &session.user_id)?;
                Ok(user.map(|user| SignedIn { user, session }))
            })
            .await
            .map_err(AppError::from)
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let cookies = Cookies::from_request_parts(parts, state)
            .await
            .map_err(|(_, why)| AppError::Internal(anyhow::anyhow!("cookies: {why}")))?;
        SignedIn::find(state, &cookies)
            .await?
            .ok_or(AppError::Unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_read_as_the_course_writes_them() {
        assert_eq!(
            session_cookie("abc".into(), false).to_string(),
            "session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=86400"
        );
        assert_eq!(
            session_cookie("abc".into(), true).to_string(),
            "session=abc; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=86400"
        );
        assert_eq!(
            cleared_session_cookie(false).to_string(),
            "session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"
        );
        assert_eq!(
            state_cookie("b".into(), false).to_string(),
            "oauth_state=b; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=600"
        );
        assert_eq!(
            cleared_state_cookie(false).to_string(),
            "oauth_state=; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=0"
        );
    }
}
