//! Small request helpers both mocks use: Basic auth, bearer tokens, cookies, query strings,
//! form and JSON bodies that may be malformed, and the redirect-target check for sign-in
//! pages.

use std::collections::HashMap;
use std::convert::Infallible;

use axum::body::Bytes;
use axum::extract::FromRequestParts;
use axum::extract::rejection::BytesRejection;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The media type of every form body (`Content-Type` without parameters).
pub const FORM: &str = "application/x-www-form-urlencoded";

/// The `user:password` of an `Authorization: Basic` header, if there is a well-formed one.
/// The body, or `answer`'s response to one axum could not read (over the limit, cut short),
/// in the endpoint's own format: `answer(status, why)`.
pub fn body_or(
    body: Result<Bytes, BytesRejection>,
    answer: impl FnOnce(StatusCode, &str) -> Response,
) -> Result<Bytes, Box<Response>> {
    body.map_err(|rejection| Box::new(answer(rejection.status(), &rejection.body_text())))
}

pub fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// The token of an `Authorization` header with one of `schemes` (case-insensitive).
/// `Some("")` means the header is there but carries no token.
pub fn auth_token<'a>(headers: &'a HeaderMap, schemes: &[&str]) -> Option<&'a str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    schemes
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme))
        .then(|| token.trim())
}

/// The media type of `Content-Type`, lowercased, without parameters.
pub fn content_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

/// Whether the request comes from a browser: its (first) `Accept` names `text/html` (an API
/// client sends `*/*`, `application/json`, or nothing), as the apps and `/__mock/` read it.
pub fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("text/html"))
}

/// Whether the request carries a non-empty `User-Agent`.
pub fn has_user_agent(headers: &HeaderMap) -> bool {
    headers
        .get(header::USER_AGENT)
        .is_some_and(|v| !v.as_bytes().iter().all(u8::is_ascii_whitespace))
}

/// Parses `application/x-www-form-urlencoded` bytes into a map (the first value of a repeated
/// key wins). `None` when the bytes are not UTF-8.
pub fn parse_form(bytes: &[u8]) -> Option<HashMap<String, String>> {
    std::str::from_utf8(bytes).ok()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
    let mut map = HashMap::new();
    for (k, v) in pairs {
        map.entry(k).or_insert(v);
    }
    Some(map)
}

/// Parses a query string; a malformed one counts as empty (every parameter then "missing").
pub fn query_map(query: Option<&str>) -> HashMap<String, String> {
    query
        .and_then(|q| parse_form(q.as_bytes()))
        .unwrap_or_default()
}

/// The query string of a request as a map, as a handler's argument (see [`query_map`]):
/// a malformed query never rejects the request, it only leaves parameters missing.
#[derive(Debug, Clone, Default)]
pub struct QueryMap(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(QueryMap(query_map(parts.uri.query())))
    }
}

/// A parameter's value, when it is there and not empty.
pub fn param<'a>(params: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

/// Parses a JSON object whose values are strings (others are turned into their JSON text,
/// `null` is dropped). `None` when the body is not a JSON object.
pub fn parse_json_object(bytes: &[u8]) -> Option<HashMap<String, String>> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let object = value.as_object()?;
    Some(
        object
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().map_or_else(|| v.to_string(), str::to_string),
                )
            })
            .collect(),
    )
}

/// A sign-in page's `return_to` / `continue` target, accepted only when it is a path on this
/// same host (no open redirect). Control characters are refused too: browsers drop tabs and
/// newlines from a `Location`, so `/\t/evil.example` would become `//evil.example`.
pub fn local_path(target: &str) -> Option<&str> {
    let ok = target.starts_with('/')
        && !target.starts_with("//")
        && !target.contains('\\')
        && !target.chars().any(char::is_control);
    ok.then_some(target)
}

/// `METHOD /path`, as events and revocation records name a call.
pub fn call(method: &str, path: &str) -> Option<String> {
    Some(format!("{method} {path}"))
}

/// A cookie's value from the `Cookie` header.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn basic_auth_is_parsed_and_garbage_is_none() {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic YWJjOmRlZg=="),
        );
        assert_eq!(basic_auth(&h), Some(("abc".into(), "def".into())));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic !!!"));
        assert_eq!(basic_auth(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc"),
        );
        assert_eq!(basic_auth(&h), None);
        assert_eq!(auth_token(&h, &["bearer", "token"]), Some("abc"));
    }

    #[test]
    fn a_browser_is_told_by_its_accept_header() {
        let mut h = HeaderMap::new();
        assert!(!accepts_html(&h), "no Accept: a program");
        h.insert(header::ACCEPT, HeaderValue::from_static("*/*"));
        assert!(!accepts_html(&h));
        let chromium = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        h.insert(header::ACCEPT, HeaderValue::from_static(chromium));
        assert!(accepts_html(&h));
        h.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        h.append(header::ACCEPT, HeaderValue::from_static("text/html"));
        assert!(!accepts_html(&h), "the first Accept tells");
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert!(local_path("/login/oauth/authorize?x=1").is_some());
        assert!(local_path("//evil.example/").is_none());
        assert!(local_path("https://evil.example/").is_none());
        assert!(local_path("/\\evil").is_none());
        assert!(local_path("/\t/evil.example/").is_none());
        assert!(local_path("/\n/evil.example/").is_none());
    }

    #[test]
    fn bodies_that_are_not_what_they_claim() {
        assert!(parse_json_object(b"access_token=x").is_none());
        assert!(parse_json_object(b"[1]").is_none());
        assert_eq!(
            parse_json_object(br#"{"access_token":"x","n":1,"z":null}"#).unwrap()["n"],
            "1"
        );
        assert!(parse_form(&[0xff, 0xfe]).is_none());
        assert_eq!(parse_form(b"token=a&token=b").unwrap()["token"], "a");
    }
}
