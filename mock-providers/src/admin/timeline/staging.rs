//! The timeline's forms: `POST /__mock/timeline/{sessions/end, grants/remove, faults,
//! reset}`. Each is posted to the mock that serves the page and acts, in-process, on the mock
//! that owns the thing (the form's `provider` field), with the same code as the `/__mock/`
//! JSON routes; then `303 See Other` back to `/__mock/timeline`. A reset asks first: without
//! `confirm=yes` it answers the page that asks. A mistake is a 4xx: an HTML page for a
//! browser, `{"error": "..."}` for a program.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use common::Provider;
use maud::html;
use serde::Deserialize;

use super::controls::{CONFIRM, confirm_reset};
use crate::admin::actions::{end_sessions_of, remove_grant_of};
use crate::admin::io::{AdminError, Body, Shape, wants_html};
use crate::faults::routes::{FaultRequest, arm};
use crate::pages;
use crate::state::Mock;

/// Where every form goes back to.
const TIMELINE: &str = "/__mock/timeline";

/// A form's body, or what was wrong with it.
type Form<T> = Result<Body<T>, AdminError>;

/// The body of `POST /__mock/timeline/sessions/end`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionForm {
    provider: Provider,
    user: String,
}

impl Shape for SessionForm {
    const SHAPE: &'static str = "provider=github&user=ada";
}

/// The body of `POST /__mock/timeline/grants/remove`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantForm {
    provider: Provider,
    user: String,
    client_id: String,
}

impl Shape for GrantForm {
    const SHAPE: &'static str = "provider=github&user=ada&client_id=logout-lab-github";
}

/// The body of `POST /__mock/timeline/faults`: `effect` a status (400 to 599) or `drop`,
/// `count` the calls to catch, both as a form sends them (text).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultForm {
    provider: Provider,
    endpoint: String,
    effect: String,
    count: String,
}

impl Shape for FaultForm {
    const SHAPE: &'static str = "provider=github&endpoint=revoke_token&effect=503|drop&count=1";
}

/// The answer to a form: back to the timeline, or the mistake.
fn answer(headers: &HeaderMap, mock: &Mock, result: Result<(), AdminError>) -> Response {
    match result {
        Ok(()) => Redirect::to(TIMELINE).into_response(),
        Err(error) if wants_html(headers) => {
            let body = html! {
                h1 { "That did not work" }
                div.flash.error role="alert" { p { (error.message) } }
                p { a href=(TIMELINE) { "Back to the timeline" } }
            };
            let page = pages::dashboard_frame(mock.provider(), "Not done", body);
            (error.status, Html(page.into_string())).into_response()
        }
        Err(error) => error.into_response(),
    }
}

/// The mock of `provider` in this process, or a 404 saying it is not here.
fn owner(mock: &Arc<Mock>, provider: Provider) -> Result<Arc<Mock>, AdminError> {
    mock.of(provider).ok_or_else(|| {
        AdminError::not_found(format!(
            "the mock {} is not in this process",
            provider.name()
        ))
    })
}

pub async fn end_session(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    form: Form<SessionForm>,
) -> Response {
    let result = form.and_then(|Body(f)| {
        let target = owner(&mock, f.provider)?;
        end_sessions_of(&target, &f.user)
    });
    answer(&headers, &mock, result.map(drop))
}

pub async fn remove_grant(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    form: Form<GrantForm>,
) -> Response {
    let result = form.and_then(|Body(f)| {
        let target = owner(&mock, f.provider)?;
        remove_grant_of(&target, &f.user, &f.client_id)
    });
    answer(&headers, &mock, result.map(drop))
}

pub async fn add_fault(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    form: Form<FaultForm>,
) -> Response {
    let result = form.and_then(|Body(f)| {
        let target = owner(&mock, f.provider)?;
        arm(&target, fault_request(f)?).map(drop)
    });
    answer(&headers, &mock, result)
}

/// The form's text fields as the JSON route's request (which then checks the values).
fn fault_request(form: FaultForm) -> Result<FaultRequest, AdminError> {
    let count = form.count.trim().parse().map_err(|_| {
        AdminError::unprocessable(format!(
            "`count` must be a whole number of calls, at least 1, got `{}`",
            form.count
        ))
    })?;
    let (status, drop_connection) = match form.effect.trim() {
        "drop" => (None, true),
        effect => match effect.parse::<u16>() {
            Ok(status) => (Some(status), false),
            Err(_) => {
                return Err(AdminError::unprocessable(format!(
                    "`effect` must be an error status (400 to 599) or `drop`, got `{effect}`"
                )));
            }
        },
    };
    Ok(FaultRequest::new(
        form.endpoint,
        count,
        status,
        drop_connection,
    ))
}

/// The body of `POST /__mock/timeline/reset`: `confirm=yes` once the instructor has
/// confirmed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetForm {
    #[serde(default)]
    confirm: Option<String>,
}

impl Shape for ResetForm {
    const SHAPE: &'static str = "confirm=yes";
}

/// `POST /__mock/timeline/reset`: without `confirm=yes`, the page that asks first (200),
/// and nothing is reset; with it, both mocks back to their seeds and the app's events
/// forgotten, then back to the timeline.
pub async fn reset(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    form: Form<ResetForm>,
) -> Response {
    let confirmed = form.and_then(|Body(f)| match f.confirm.as_deref().map(str::trim) {
        None => Ok(false),
        Some(value) if value == CONFIRM.1 => Ok(true),
        Some(value) => Err(AdminError::unprocessable(format!(
            "`confirm` must be `{}` to reset, got `{value}`",
            CONFIRM.1
        ))),
    });
    match confirmed {
        Ok(false) => {
            let page = pages::dashboard_frame(mock.provider(), "Reset?", confirm_reset());
            Html(page.into_string()).into_response()
        }
        Ok(true) => {
            for m in mock.both() {
                m.store.reset();
            }
            mock.app_events.clear();
            answer(&headers, &mock, Ok(()))
        }
        Err(error) => answer(&headers, &mock, Err(error)),
    }
}
