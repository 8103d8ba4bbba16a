//! `GET /me` (the course's user JSON) and `GET /me/{provider}` (the live provider profile,
//! fetched with the stored token: the ongoing API use that justifies keeping it).

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use serde_json::{Value, json};

use crate::db::{accounts, retired};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use common::Provider;

/// The course's user fields, and the user's revocations still in the revocation queue when there
/// are any. Never a token.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeBody {
    pub id: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub avatar_url: Option<String>,
    pub github_id: Option<String>,
    pub google_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending_revocations: Vec<PendingBody>,
}

/// A pending revocation in `/me`: which provider, how it went so far, when it is tried next
/// (milliseconds since the epoch; null while refused).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingBody {
    pub provider: &'static str,
    pub attempts: u32,
    pub next_attempt_at_ms: Option<i64>,
    pub last_error: Option<String>,
    pub refused: Option<String>,
}

impl From<retired::pending::Pending> for PendingBody {
    fn from(p: retired::pending::Pending) -> Self {
        PendingBody {
            provider: p.provider.slug(),
            attempts: p.attempts,
            next_attempt_at_ms: p.next_attempt_ms,
            last_error: p.last_error,
            refused: p.refused,
        }
    }
}

pub async fn me(
    State(state): State<AppState>,
    SignedIn { user, .. }: SignedIn,
) -> Result<Json<MeBody>, AppError> {
    let user_id = user.id.clone();
    let (linked, pending) = state
        .db
        .run(move |conn| accounts::linked_and_pending(conn, &user_id))
        .await?;
    let id_of = |p: Provider| {
        linked
            .iter()
            .find(|l| l.provider == p)
            .map(|l| l.provider_user_id.clone())
    };
    Ok(Json(MeBody {
        github_id: id_of(Provider::GitHub),
        google_id: id_of(Provider::Google),
        id: user.id,
        email: user.email,
        name: user.name,
        avatar_url: user.avatar_url,
        pending_revocations: pending.into_iter().map(PendingBody::from).collect(),
    }))
}

/// 200 `{"provider": "github", "profile": {...}}` as the provider answers it now; 404 when
/// the provider is not linked; 403 when the stored token is dead; 502/504 when the provider
/// is down or slow.
pub async fn live_profile(
    provider: Provider,
    State(state): State<AppState>,
    SignedIn { user, .. }: SignedIn,
) -> Result<Json<Value>, AppError> {
    let token = linked_of(&state, &user)
        .await?
        .into_iter()
        .find(|l| l.provider == provider)
        .and_then(|l| l.access_token)
        .ok_or(AppError::NotLinked(provider))?;
    let profile = state.providers.live_profile(provider, &token).await?;
    Ok(Json(
        json!({ "provider": provider.slug(), "profile": profile }),
    ))
}

/// The provider accounts linked to `user`.
async fn linked_of(
    state: &AppState,
    user: &accounts::User,
) -> Result<Vec<accounts::Linked>, AppError> {
    let user_id = user.id.clone();
    state
        .db
        .run(move |conn| accounts::linked(conn, &user_id))
        .await
        .map_err(AppError::from)
}
