//! What a disconnect answers: the JSON, or for a browser a page saying exactly what was
//! ended and deleted, or left to the revocation queue.

use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{Ended, Held};
use crate::pages;
use crate::providers::Revoked;
use common::Provider;

/// The JSON answer, or for a browser a page saying exactly what happened: 200 when every
/// token is confirmed dead, 202 when a revocation is left to the revocation queue.
pub(super) fn answer(provider: Provider, ended: &Ended, headers: &HeaderMap) -> Response {
    let message = format!("{provider} disconnected");
    let status = match ended.pending() {
        0 => StatusCode::OK,
        _ => StatusCode::ACCEPTED,
    };
    let failure = match &ended.held {
        Held::Pending(failure) => Some(failure),
        _ => None,
    };
    if common::page::wants_html(headers) {
        let page = pages::message_page(&message, &what_happened(provider, ended), None);
        return (status, page).into_response();
    }
    let revoked = ended.revoked();
    let body = Json(json!({
        "message": message,
        "tokenRevoked": revoked.is_some(),
        "alreadyRevoked": revoked == Some(Revoked::Already),
        "olderTokensRevoked": ended.older,
        "newerTokensEnded": usize::from(ended.newer.is_some()),
        "revocationsPending": ended.pending(),
        "revocationError": failure.map(|f| &f.error),
        "revocationRefused": failure.is_some_and(|f| f.refused),
    }));
    (status, body).into_response()
}

impl Ended {
    /// How the stored token ended, if it did.
    fn revoked(&self) -> Option<Revoked> {
        match self.held {
            Held::Ended(revoked) => Some(revoked),
            _ => None,
        }
    }
}

/// What revoking any Google token ends.
const GRANT: &str = "every token Google issued this app for you";

/// The page's sentence: exactly what was ended and deleted, or queued.
fn what_happened(provider: Provider, ended: &Ended) -> String {
    if ended.pending() > 0 {
        return what_is_pending(provider, ended);
    }
    let n = ended.older;
    let older = match n {
        1 => "1 older token from an earlier login".to_string(),
        n => format!("{n} older tokens from earlier logins"),
    };
    let were = if n == 1 { "was" } else { "were" };
    let held = match (provider, ended.revoked()) {
        (Provider::GitHub, Some(Revoked::Now)) if n > 0 => format!(
            "the access token this app held was revoked at GitHub and deleted here, and so {were} {older}"
        ),
        (Provider::GitHub, Some(Revoked::Now)) => {
            "the access token this app held was revoked at GitHub and deleted here".to_string()
        }
        (Provider::GitHub, Some(Revoked::Already)) => {
            "the access token this app held was already revoked at GitHub, and is deleted here"
                .to_string()
        }
        (Provider::Google, Some(Revoked::Now)) if n > 0 => format!(
            "the access token this app held was revoked at Google, which ended the whole grant \
             ({GRANT}, {older} among them), and they are deleted here"
        ),
        (Provider::Google, Some(Revoked::Now)) => format!(
            "the access token this app held was revoked at Google, which ended the whole grant \
             ({GRANT}), and it is deleted here"
        ),
        (Provider::Google, Some(Revoked::Already)) => {
            "the access token this app held was already revoked or expired at Google, and is \
             deleted here"
                .to_string()
        }
        (_, None) => "no access token was stored for it".to_string(),
    };
    // GitHub's older tokens are revoked one by one, whatever became of the stored one.
    let extra = if provider == Provider::GitHub && n > 0 && ended.revoked() != Some(Revoked::Now) {
        format!("; {older} {were} revoked at GitHub and deleted here")
    } else {
        String::new()
    };
    let newer = match ended.newer {
        Some(_) => format!(
            " A login during the disconnect had linked {provider} again; its new token ended \
             with the grant too, and is deleted here."
        ),
        None => String::new(),
    };
    format!("{provider} disconnected: {held}{extra}.{newer} You are still logged in here.")
}

/// The page's sentence when a revocation is left to the revocation queue: unlinked now, revoked later,
/// nothing for the user to do (or, refused, something for the operator).
fn what_is_pending(provider: Provider, ended: &Ended) -> String {
    let (tokens, them, each) = match ended.pending() {
        1 => ("Its access token".to_string(), "it", "it"),
        n => (format!("{n} of its access tokens"), "them", "each"),
    };
    let why = match &ended.held {
        Held::Pending(failure) => format!(" ({})", failure.error),
        _ => String::new(),
    };
    let refused = matches!(&ended.held, Held::Pending(f) if f.refused);
    let then = if refused {
        format!(
            "{provider} refused the revocation in a way retrying cannot fix{why}: it is queued, \
             and the app's operator must correct its configuration; the home page shows it"
        )
    } else {
        format!(
            "{tokens} could not be revoked yet{why}, so this app keeps {them} in its \
             revocation queue and retries until {provider} confirms {each} dead: nothing to do \
             on your side, and the home page shows its progress"
        )
    };
    format!("{provider} is unlinked from your account. {then}. You are still logged in here.")
}
