//! The app's own layer: the `session` cookie (a random 256-bit id, a new one at every login)
//! and the user it stands for, and the `oauth_state` cookie that ties a login to the browser
//! that started it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use tower_cookies::cookie::time::Duration;
use tower_cookies::cookie::{CookieBuilder, SameSite};
use tower_cookies::{Cookie, Cookies};

use crate::App;
use crate::db::{self, User};
use crate::error::AppError;

/// The session cookie's name, the course's.
pub const SESSION_COOKIE: &str = "session";
/// The cookie that carries a pending login's state to the browser that started the login.
pub const STATE_COOKIE: &str = "oauth_state";

/// `session=ID; HttpOnly; SameSite=Lax; Path=/; Max-Age=86400` (and `Secure` over https).
pub fn session_cookie(id: String, https: bool) -> Cookie<'static> {
    let age = Duration::seconds(db::SESSION_SECS);
    private(Cookie::build((SESSION_COOKIE, id)).path("/").max_age(age), https)
}

/// The same name and path with an empty value and `Max-Age=0`: the browser forgets it.
pub fn cleared_session_cookie(https: bool) -> Cookie<'static> {
    private(Cookie::build((SESSION_COOKIE, "")).path("/").max_age(Duration::ZERO), https)
}

/// `oauth_state=STATE; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=600`. `Lax` still sends it
/// when the provider redirects the browser back to the callback.
pub fn state_cookie(state: String, https: bool) -> Cookie<'static> {
    let age = Duration::seconds(db::STATE_SECS);
    private(Cookie::build((STATE_COOKIE, state)).path("/auth").max_age(age), https)
}

/// No script can read it, other sites' subrequests do not carry it.
fn private(cookie: CookieBuilder<'static>, https: bool) -> Cookie<'static> {
    cookie.http_only(true).same_site(SameSite::Lax).secure(https).build()
}

/// 32 random bytes in hex: a session id or an OAuth state.
pub fn random_id() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random numbers");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The user of the request's session, if it has a live one.
pub async fn signed_in(app: &App, cookies: &Cookies) -> Result<Option<User>, AppError> {
    let Some(cookie) = cookies.get(SESSION_COOKIE) else { return Ok(None) };
    Ok(app.db.session_user(cookie.value()).await?)
}

/// A handler that takes the [`User`] answers 401 `{"error":"Unauthorized"}` to a request
/// without a live session.
impl FromRequestParts<App> for User {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<User, AppError> {
        let cookies = Cookies::from_request_parts(parts, app).await;
        let cookies = cookies.map_err(|(_, why)| AppError::Internal(anyhow::anyhow!(why)))?;
        signed_in(app, &cookies).await?.ok_or(AppError::Unauthorized)
    }
}
