//! What the mock serves for its own pages: the stylesheets (`/__mock/assets/{name}.css`:
//! this provider's look and the dashboard's) and the users' avatars
//! (`/__mock/avatars/{key}.svg`), so no page needs anything from another host.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use common::Provider;

use super::dashboard;
use super::io::AdminError;
use crate::avatars;
use crate::state::Mock;
use crate::{github, google};

/// Assets change only with the binary: a browser may keep them a few minutes.
const CACHE: &str = "public, max-age=300";

/// The file name of the path, or a JSON 404 when it cannot be one (percent-encoded bytes that
/// are not UTF-8), rather than axum's plain-text 400.
fn file_name(path: Result<Path<String>, PathRejection>) -> Result<String, AdminError> {
    path.map(|Path(file)| file)
        .map_err(|_| AdminError::not_found("no such file: the name in the path is not UTF-8 text"))
}

/// `GET /__mock/assets/{file}`: `github.css` on the mock GitHub, `google.css` on the mock
/// Google, `dashboard.css` on both.
pub async fn stylesheet(
    State(mock): State<Arc<Mock>>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AdminError> {
    let file = file_name(path)?;
    let css = match (file.as_str(), mock.provider()) {
        ("github.css", Provider::GitHub) => github::views::STYLESHEET,
        ("google.css", Provider::Google) => google::views::STYLESHEET,
        ("dashboard.css", _) => dashboard::STYLESHEET,
        _ => {
            return Err(AdminError::not_found(format!(
                "no stylesheet `{file}` on the mock {} (it serves {}.css and dashboard.css)",
                mock.provider().name(),
                mock.provider().slug()
            )));
        }
    };
    let headers = [
        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
        (header::CACHE_CONTROL, CACHE),
    ];
    Ok((headers, css).into_response())
}

/// `GET /__mock/avatars/{key}.svg`: the initials of the account with that key (GitHub
/// login, Google `sub`) on a circle of its colour.
pub async fn avatar(
    State(mock): State<Arc<Mock>>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AdminError> {
    let file = file_name(path)?;
    let unknown = || {
        AdminError::not_found(format!(
            "no avatar `{file}`: avatars are /__mock/avatars/KEY.svg for an account key of this mock"
        ))
    };
    let key = avatars::key_of(&file).ok_or_else(unknown)?;
    let name = {
        let inner = mock.store.lock();
        let account = inner.account(key).ok_or_else(unknown)?;
        account.display_name().to_string()
    };
    let headers = [
        (header::CONTENT_TYPE, "image/svg+xml"),
        (header::CACHE_CONTROL, CACHE),
    ];
    Ok((headers, avatars::svg(key, &name)).into_response())
}
