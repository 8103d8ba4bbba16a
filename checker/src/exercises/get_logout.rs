//! `get-logout` (beyond the course): `GET /logout` does not log out. Logout is a POST because
//! any page on the web can make a browser send a GET (`<img src=".../logout">`).
use common::Provider;

use super::flow;
use super::{ExerciseId, Section, Spec};
use crate::context::{Ctx, Failure};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("get-logout"),
    section: Section::Beyond,
    hints: &[],
    drives_app: true,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    ctx.step("log in with GitHub as grace").await?;
    flow::login(ctx, Provider::GitHub, "grace").await?;
    ctx.step("GET /logout, then GET /me still answers the signed-in user")
        .await?;
    let url = ctx.env.app_url("/logout");
    let answer = ctx.browser.get(&url).await?;
    let me = flow::me(ctx, None).await?;
    if me.status != 200 {
        return Err(Failure::new(
            "GET /logout logged the user out: any page can do that with <img src=\".../logout\">",
        )
        .expected("GET /logout answers 404 or 405 and the session stays")
        .actual(format!(
            "GET /logout: {}; then GET /me: {}",
            answer.describe(),
            me.describe()
        )));
    }
    Ok(())
}
