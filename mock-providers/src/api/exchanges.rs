//! A call to a provider's endpoint in full, as the mock answered it: kept on each event the
//! call recorded ([`EventRecord::exchange`](super::EventRecord::exchange)). Masked when it is
//! recorded (`mock_providers::mask`): no client secret, Basic password, whole token, code or
//! cookie value is ever kept, so `/__mock/` never serves one here. Bounded: the URL is cut
//! at [`URL_KEPT`] characters, bodies at [`BODY_KEPT`] bytes, header names and values at
//! [`HEADER_KEPT`] characters, and at most
//! [`HEADERS_KEPT`] headers of a message are kept.

use serde::{Deserialize, Serialize};

/// The most of a request's path and query an exchange keeps, in characters (then `…`).
pub const URL_KEPT: usize = 2048;
/// The most of a body an exchange keeps, in bytes.
pub const BODY_KEPT: usize = 2048;
/// The most of a header's value an exchange keeps, in characters (then `…`).
pub const HEADER_KEPT: usize = 512;
/// The most headers of a request or an answer an exchange keeps (then a last line that
/// says how many were left out).
pub const HEADERS_KEPT: usize = 32;

/// A call and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeRecord {
    pub request: RequestRecord,
    /// `None` when no answer was sent: a fault dropped the connection.
    #[serde(default)]
    pub response: Option<ResponseRecord>,
}

/// A request as it came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    /// The path and query: `/login/oauth/access_token`, `/revoke?token=ya29.a0AbCd…`.
    pub url: String,
    /// Name (lowercase, as HTTP/1.1 servers read them) and value, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The start of the body (`""` for none), as text.
    pub body: String,
    /// The whole body's length in bytes, as read.
    pub body_len: usize,
    /// Whether part of the body was left out (`body` is its start).
    #[serde(default, skip_serializing_if = "is_false")]
    pub body_cut: bool,
}

/// An answer as it was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseRecord {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The start of the body (`""` for none). An HTML page (a browser's) is not kept:
    /// `""`, with `body_cut` and its length.
    pub body: String,
    pub body_len: usize,
    #[serde(default, skip_serializing_if = "is_false")]
    pub body_cut: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}
