//! `cookie-flags` (beyond the course; the course's cookie has both): the session cookie is
//! `HttpOnly` (no script can read it, so an XSS cannot steal the session) and `SameSite`
//! `Lax` or `Strict` (a cross-site POST does not carry it).

use common::Provider;
use cookie::{Cookie, SameSite};

use super::flow;
use super::{ExerciseId, Hint, Section, Spec};
use crate::context::{Ctx, Failure};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("cookie-flags"),
    section: Section::Beyond,
    hints: &[HTTP_ONLY, SAME_SITE],
    drives_app: true,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

pub const HTTP_ONLY: Hint = Hint::new("http-only");
pub const SAME_SITE: Hint = Hint::new("same-site");

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    ctx.step("log in with GitHub as grace: the session cookie's flags")
        .await?;
    let login = flow::login(ctx, Provider::GitHub, "grace").await?;
    let cookie = Cookie::parse(login.set_cookie.clone()).map_err(|e| {
        Failure::new(format!("the session cookie cannot be read: {e}"))
            .actual(login.set_cookie.clone())
    })?;
    let expected = "Set-Cookie: session=...; HttpOnly; SameSite=Lax; Path=/; Max-Age=86400";
    if cookie.http_only() != Some(true) {
        return Err(
            Failure::new("the session cookie is not HttpOnly: scripts can read it")
                .expected(expected)
                .actual(format!("Set-Cookie: {}", login.set_cookie))
                .hint(HTTP_ONLY),
        );
    }
    if !matches!(cookie.same_site(), Some(SameSite::Lax | SameSite::Strict)) {
        return Err(Failure::new(
            "the session cookie has no SameSite=Lax or Strict: other sites' requests carry it",
        )
        .expected(expected)
        .actual(format!("Set-Cookie: {}", login.set_cookie))
        .hint(SAME_SITE));
    }
    Ok(())
}
