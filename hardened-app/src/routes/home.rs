//! `GET /`: the home page, signed out or signed in, with the two layers side by side (see
//! [`pages::home`]).

use axum::extract::State;
use axum::response::Html;
use tower_cookies::Cookies;

use crate::db::{self, accounts};
use crate::error::AppError;
use crate::pages::home::{self, ProviderLayer};
use crate::session::SignedIn;
use crate::state::AppState;
use common::Provider;

pub async fn home(
    State(state): State<AppState>,
    cookies: Cookies,
) -> Result<Html<String>, AppError> {
    let Some(signed_in) = SignedIn::find(&state, &cookies).await? else {
        return Ok(Html(home::signed_out(state.config()).into_string()));
    };
    let user_id = signed_in.user.id.clone();
    let (linked, pending) = state
        .db
        .run(move |conn| accounts::linked_and_pending(conn, &user_id))
        .await?;
    let layer = |provider: Provider| {
        let link = linked.iter().find(|l| l.provider == provider);
        let token = link.and_then(|l| l.access_token.clone());
        let pending = pending
            .iter()
            .filter(|p| p.provider == provider)
            .cloned()
            .collect();
        let state = &state;
        async move {
            let liveness = match &token {
                Some(token) => Some(state.providers.liveness(provider, token).await),
                None => None,
            };
            ProviderLayer {
                provider,
                linked: link.is_some(),
                held: token.as_deref().map(common::page::short_token),
                token: liveness,
                pending,
            }
        }
    };
    let (github, google) = tokio::join!(layer(Provider::GitHub), layer(Provider::Google));
    let page = home::signed_in(
        &signed_in.user,
        &signed_in.session,
        &[github, google],
        db::now_ms(),
    );
    Ok(Html(page.into_string()))
}
