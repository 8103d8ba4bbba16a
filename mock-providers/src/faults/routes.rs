//! `/__mock/faults`: listing (`GET`), arming (`POST`) and disarming (`DELETE`) faults, in
//! the store's armed list; [`super::apply`] applies them. The timeline's fault form arms
//! through [`arm`] too.

use std::sync::Arc;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::fault::{Fault, FaultsDoc, describe};
use super::targets::{endpoint_names, label};
use crate::admin::io::{AdminError, Body, Shape, done, query};
use crate::api::EventKind;
use crate::state::Mock;
use crate::store::EventInfo;

/// The longest delay a fault may ask for: long enough to trip any sensible client timeout,
/// short enough that a typo does not hang a demo for an hour.
pub const MAX_DELAY_MS: u64 = 60_000;

/// A good body, quoted in every complaint.
const FAULT_SHAPE: &str = r#"{"endpoint": "user", "count": 1, "status": 503 | "delay_ms": 2000 | "drop_connection": true}"#;

/// `GET /__mock/faults`: the faults still armed, with the calls each will still catch.
pub async fn list(
    State(mock): State<Arc<Mock>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<FaultsDoc>, AdminError> {
    query(raw.as_deref(), &[])?;
    let endpoints = endpoint_names(mock.provider());
    Ok(Json(FaultsDoc {
        provider: mock.provider(),
        faults: mock.store.lock().faults.clone(),
        endpoints: endpoints.into_iter().map(str::to_string).collect(),
    }))
}

/// The body of `POST /__mock/faults`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    endpoint: String,
    count: u32,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    delay_ms: Option<u64>,
    #[serde(default)]
    drop_connection: bool,
}

impl FaultRequest {
    /// The next `count` calls of `endpoint` answer `status`, or lose their connection.
    pub fn new(endpoint: String, count: u32, status: Option<u16>, drop_connection: bool) -> Self {
        FaultRequest {
            endpoint,
            count,
            status,
            delay_ms: None,
            drop_connection,
        }
    }
}

impl Shape for FaultRequest {
    const SHAPE: &'static str = FAULT_SHAPE;
}

/// `POST /__mock/faults`: the next `count` calls of `endpoint` fail as described.
pub async fn add(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    Body(request): Body<FaultRequest>,
) -> Result<Response, AdminError> {
    let fault = arm(&mock, request)?;
    Ok(done(
        &headers,
        StatusCode::CREATED,
        json!({ "fault": fault }),
    ))
}

/// The most faults armed at once: the list is bounded like every other the mock keeps.
pub const MAX_FAULTS: usize = 100;

/// Checks `request`, arms the fault it describes and records it.
pub fn arm(mock: &Mock, request: FaultRequest) -> Result<Fault, AdminError> {
    let fault = validate_fault(mock, request)?;
    {
        let mut inner = mock.store.lock();
        if inner.faults.len() >= MAX_FAULTS {
            return Err(AdminError::unprocessable(format!(
                "at most {MAX_FAULTS} faults may be armed at once: DELETE /__mock/faults \
                 disarms them, or give one fault a larger `count`"
            )));
        }
        inner.faults.push(fault.clone());
    }
    mock.store.event(
        EventKind::FaultInjected,
        format!(
            "fault armed on {} for the next {} call(s): {}",
            label(mock.provider(), &fault.endpoint),
            fault.remaining,
            describe(&fault)
        ),
        EventInfo {
            endpoint: Some("POST /__mock/faults".into()),
            ..EventInfo::default()
        },
    );
    Ok(fault)
}

fn validate_fault(mock: &Mock, request: FaultRequest) -> Result<Fault, AdminError> {
    let names = endpoint_names(mock.provider());
    if !names.contains(&request.endpoint.as_str()) {
        return Err(AdminError::unprocessable(format!(
            "unknown endpoint `{}` for the mock {}; valid names: {}",
            request.endpoint,
            mock.provider().name(),
            names.join(", ")
        )));
    }
    if request.count == 0 {
        return Err(AdminError::unprocessable("`count` must be at least 1"));
    }
    if let Some(status) = request.status
        && !(400..=599).contains(&status)
    {
        return Err(AdminError::unprocessable(format!(
            "`status` must be an error status between 400 and 599, got {status}"
        )));
    }
    if request.delay_ms.is_some_and(|d| d > MAX_DELAY_MS) {
        return Err(AdminError::unprocessable(format!(
            "`delay_ms` must be at most {MAX_DELAY_MS}"
        )));
    }
    if request.drop_connection && request.status.is_some() {
        return Err(AdminError::unprocessable(
            "`drop_connection` and `status` exclude each other: a dropped connection has no status",
        ));
    }
    if !request.drop_connection && request.status.is_none() && request.delay_ms.is_none() {
        return Err(AdminError::unprocessable(
            "a fault needs at least one of `status`, `delay_ms`, `drop_connection`",
        ));
    }
    Ok(Fault {
        endpoint: request.endpoint,
        remaining: request.count,
        status: request.status,
        delay_ms: request.delay_ms,
        drop_connection: request.drop_connection,
    })
}

/// `DELETE /__mock/faults`: disarm every fault.
pub async fn clear(State(mock): State<Arc<Mock>>, headers: HeaderMap) -> Response {
    let cleared = std::mem::take(&mut mock.store.lock().faults).len();
    done(&headers, StatusCode::OK, json!({ "cleared": cleared }))
}
