//! `foreign-origin` (beyond the course): a POST from another site is refused. A form on any
//! page can post to the app, and with a cookie that is not `SameSite` (or an old browser) the
//! session comes along; the app checks `Origin` (or `Sec-Fetch-Site`) on every POST.
use common::Provider;

use super::flow;
use super::{ExerciseId, Section, Spec};
use crate::client::Request;
use crate::context::{Ctx, Failure};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("foreign-origin"),
    section: Section::Beyond,
    hints: &[],
    drives_app: true,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

/// The other site the POST comes from.
const EVIL: &str = "https://evil.example";

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    ctx.step("log in with GitHub as grace").await?;
    flow::login(ctx, Provider::GitHub, "grace").await?;
    ctx.step(format!("POST /logout from a page of {EVIL}"))
        .await?;
    let mut request = Request::post_form(ctx.env.app_url("/logout"), &[]);
    request.headers.push(("Origin".into(), EVIL.into()));
    request
        .headers
        .push(("Sec-Fetch-Site".into(), "cross-site".into()));
    let answer = ctx.browser.send(request).await?;
    let me = flow::me(ctx, None).await?;
    if me.status != 200 {
        return Err(Failure::new(format!(
            "a POST from {EVIL} logged the user out: the app does not check where a POST comes from"
        ))
        .expected(format!(
            "403 for a POST with Origin: {EVIL}, and the session kept"
        ))
        .actual(format!(
            "POST /logout: {}; then GET /me: {}",
            answer.describe(),
            me.describe()
        )));
    }
    Ok(())
}
