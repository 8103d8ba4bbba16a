//! A request and its answer as an exchange keeps them: headers and bodies masked
//! ([`crate::mask`]), then bounded ([`URL_KEPT`], [`BODY_KEPT`], [`HEADER_KEPT`],
//! [`HEADERS_KEPT`]).

use std::borrow::Cow;

use axum::body::Bytes;
use axum::http::request;
use axum::http::response::Parts;
use axum::http::{HeaderMap, Method, StatusCode};

use super::tee::Kept;
use crate::api::{BODY_KEPT, HEADER_KEPT, HEADERS_KEPT, RequestRecord, ResponseRecord, URL_KEPT};
use crate::mask;

/// A request's line and headers, copied before the handler takes them.
pub struct Head {
    method: Method,
    url: String,
    headers: HeaderMap,
}

impl Head {
    pub fn of(parts: &request::Parts) -> Head {
        let url = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
        Head {
            method: parts.method.clone(),
            url,
            headers: parts.headers.clone(),
        }
    }

    /// The request as kept: its body is what the handler read of it.
    pub fn record(&self, body: &Kept, secrets: &[&str]) -> RequestRecord {
        let (text, cut) = kept_body(&body.start, body.len, secrets);
        RequestRecord {
            method: self.method.to_string(),
            url: cut_chars(mask::text(&self.url, secrets), URL_KEPT),
            headers: headers(&self.headers, secrets),
            body: text,
            body_len: body.len,
            body_cut: cut,
        }
    }
}

/// An answer as it is sent: its status, headers and body (`None`: a page, not read), and
/// the body's length.
pub struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Option<Bytes>,
    len: usize,
}

impl Answer {
    pub fn of(head: &Parts, body: Option<Bytes>, len: usize) -> Answer {
        Answer {
            status: head.status,
            headers: head.headers.clone(),
            body,
            len,
        }
    }

    pub fn record(&self, secrets: &[&str]) -> ResponseRecord {
        let (body, body_cut) = match &self.body {
            Some(bytes) => kept_body(bytes, self.len, secrets),
            None => (String::new(), self.len > 0),
        };
        ResponseRecord {
            status: self.status.as_u16(),
            headers: headers(&self.headers, secrets),
            body,
            body_len: self.len,
            body_cut,
        }
    }
}

/// The headers, masked, each value cut at [`HEADER_KEPT`] characters, at most
/// [`HEADERS_KEPT`] of them and then a line that says how many more there were.
fn headers(map: &HeaderMap, secrets: &[&str]) -> Vec<(String, String)> {
    let values: Vec<(&str, Cow<str>)> = map
        .iter()
        .take(HEADERS_KEPT)
        .map(|(name, value)| (name.as_str(), String::from_utf8_lossy(value.as_bytes())))
        .collect();
    let pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_ref())).collect();
    let masked = mask::headers(&pairs, secrets).into_iter();
    let mut kept: Vec<(String, String)> = pairs
        .iter()
        .zip(masked)
        .map(|((name, _), value)| {
            let name = cut_chars(name.to_string(), HEADER_KEPT);
            (name, cut_chars(value, HEADER_KEPT))
        })
        .collect();
    let more = map.len().saturating_sub(HEADERS_KEPT);
    if more > 0 {
        kept.push(("…".into(), format!("{more} more headers, not kept")));
    }
    kept
}

/// `value` cut at `max` characters, with `…` when it was.
fn cut_chars(value: String, max: usize) -> String {
    if value.len() <= max {
        return value;
    }
    match value.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value,
    }
}

/// The start of a body (`start`, of a body `len` bytes long) as text, masked, cut at
/// [`BODY_KEPT`] bytes; and whether anything was left out.
fn kept_body(start: &[u8], len: usize, secrets: &[&str]) -> (String, bool) {
    let masked = mask::text(&String::from_utf8_lossy(start), secrets);
    let mut end = masked.len().min(BODY_KEPT);
    while !masked.is_char_boundary(end) {
        end -= 1;
    }
    let cut = end < masked.len() || start.len() < len;
    (masked[..end].to_string(), cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_body_is_masked_then_cut_and_says_so() {
        let form = b"client_id=a&client_secret=s3cr3t&code=0123456789abcdef0123";
        let (text, cut) = kept_body(form, form.len(), &[]);
        assert_eq!(text, "client_id=a&client_secret=••••••••&code=0123456789…");
        assert!(!cut);
        let long = "é".repeat(BODY_KEPT);
        let (text, cut) = kept_body(long.as_bytes(), long.len(), &[]);
        assert_eq!(text.len(), BODY_KEPT, "cut on a character's boundary");
        assert!(cut);
        let (_, cut) = kept_body(b"abc", 5000, &[]);
        assert!(cut, "more was read than kept");
    }

    #[test]
    fn headers_are_masked_and_bounded() {
        let mut map = HeaderMap::new();
        map.insert("cookie", HeaderValue::from_static("SID=0123456789abcdef"));
        map.insert("x-long", HeaderValue::from_str(&"x".repeat(600)).unwrap());
        for i in 0..HEADERS_KEPT {
            map.insert(
                axum::http::HeaderName::try_from(format!("x-{i}")).unwrap(),
                HeaderValue::from_static("1"),
            );
        }
        let kept = headers(&map, &[]);
        assert_eq!(kept.len(), HEADERS_KEPT + 1);
        assert_eq!(kept.last().unwrap().1, "2 more headers, not kept");
        let value = |name: &str| kept.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        assert_eq!(value("cookie").as_deref(), Some("SID=0123456789…"));
        let long = value("x-long").unwrap();
        assert_eq!(long.chars().count(), HEADER_KEPT + 1);
        assert!(long.ends_with('…'));
    }
}
