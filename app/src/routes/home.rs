//! `GET /`: the home page, signed out or signed in.

use axum::extract::State;
use axum::response::Html;
use tower_cookies::Cookies;

use crate::db::accounts;
use crate::error::AppError;
use crate::pages;
use crate::session::SignedIn;
use crate::state::AppState;

pub async fn home(
    State(state): State<AppState>,
    cookies: Cookies,
) -> Result<Html<String>, AppError> {
    let Some(signed_in) = SignedIn::find(&state, &cookies).await? else {
        return Ok(Html(pages::signed_out().into_string()));
    };
    let user_id = signed_in.user.id.clone();
    let linked = state
        .db
        .call(move |conn| accounts::linked(conn, &user_id))
        .await?;
    Ok(Html(
        pages::signed_in(&signed_in.user, &linked).into_string(),
    ))
}
