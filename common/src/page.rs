//! The frame of every HTML page the lab serves or writes (the app's, the mocks', the
//! checker's report): the doctype, English, UTF-8, a phone's viewport, the title, what the
//! page adds to its head (a stylesheet), and its body; whether a request asks for a page; an
//! error's answer with a page for its body; and a token as pages show it.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use maud::{DOCTYPE, Markup, html};

/// A whole HTML document.
pub fn document(title: &str, head: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                (head)
            }
            body { (body) }
        }
    }
}

/// Whether a request asks for HTML (a browser navigating or sending a form), which gets pages
/// where API clients get JSON.
pub fn wants_html(headers: &HeaderMap) -> bool {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    accept.is_some_and(|accept| accept.contains("text/html"))
}

/// `response` with `page` for its body, its status and other headers kept (a `Set-Cookie`, an
/// `Allow`): how an error's JSON becomes a page for a browser.
pub fn instead_of_body(response: Response, page: String) -> Response {
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let html = HeaderValue::from_static("text/html; charset=utf-8");
    parts.headers.insert(header::CONTENT_TYPE, html);
    Response::from_parts(parts, Body::from(page))
}

/// A token shortened as the mocks' dashboards show it, its first 10 characters and `…`:
/// enough to tell tokens apart, not to use one.
pub fn short_token(token: &str) -> String {
    let head: String = token.chars().take(10).collect();
    if head.len() < token.len() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_token_is_shortened_to_ten_characters() {
        assert_eq!(super::short_token("gho_0123456789abcdef"), "gho_012345…");
        assert_eq!(super::short_token("short"), "short");
    }

    #[test]
    fn a_document_has_the_frame_and_escapes_the_title() {
        let page = super::document(
            "a < b",
            maud::html! { style { "p{}" } },
            maud::html! { p { "hi" } },
        );
        let page = page.into_string();
        assert!(
            page.starts_with("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        );
        assert!(
            page.contains("content=\"width=device-width, initial-scale=1\""),
            "{page}"
        );
        assert!(
            page.contains("<title>a &lt; b</title><style>p{}</style></head>"),
            "{page}"
        );
        assert!(page.ends_with("<body><p>hi</p></body></html>"), "{page}");
    }
}
