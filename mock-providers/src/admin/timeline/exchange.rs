//! A row's call opened, as Google's OAuth 2.0 Playground shows one: the request and the
//! answer as HTTP reads (first line, headers, then the body), in monospace, as the mock kept
//! them (masked when recorded: no secret, whole token or cookie value is here). A
//! `<details>`, so it opens without JavaScript; the words of the row are its summary.

use maud::{Markup, html};

use super::text;
use crate::api::{ExchangeRecord, RequestRecord, ResponseRecord};

/// The row's words, opening to `exchange`.
pub fn opening(words: Markup, exchange: &ExchangeRecord) -> Markup {
    html! {
        details.exchange {
            summary { (words) }
            div.call {
                section {
                    p.part { "Request" }
                    (request(&exchange.request))
                }
                section {
                    p.part { "Answer" }
                    @match &exchange.response {
                        Some(answer) => (response(answer)),
                        None => p.none { "No answer: the connection was dropped (a mock fault)." },
                    }
                }
            }
        }
    }
}

fn request(sent: &RequestRecord) -> Markup {
    let line = format!("{} {}", sent.method, sent.url);
    message(
        &line,
        &sent.headers,
        &sent.body,
        sent.body_len,
        sent.body_cut,
    )
}

fn response(answer: &ResponseRecord) -> Markup {
    let line = format!("HTTP {}", answer.status);
    let body = (&answer.body, answer.body_len, answer.body_cut);
    message(&line, &answer.headers, body.0, body.1, body.2)
}

/// A message as HTTP reads: its line and headers, then its body, or what of it was kept.
fn message(line: &str, headers: &[(String, String)], body: &str, len: usize, cut: bool) -> Markup {
    let mut head = line.to_string();
    for (name, value) in headers {
        head.push_str(&format!("\n{name}: {value}"));
    }
    let bytes = text::things(len, "byte", "bytes");
    html! {
        pre.http { code { (head) } }
        @if len == 0 {
            p.none { "No body." }
        } @else if body.is_empty() {
            p.cut { "Not kept: the mock keeps no page (" (bytes) ")." }
        } @else {
            pre.body { code { (body) } }
            @if cut { p.cut { "Cut: the mock kept the start of these " (bytes) "." } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(body: &str, len: usize, cut: bool) -> ExchangeRecord {
        ExchangeRecord {
            request: RequestRecord {
                method: "POST".into(),
                url: "/token?x=<y>".into(),
                headers: vec![("content-type".into(), "a/b".into())],
                body: body.into(),
                body_len: len,
                body_cut: cut,
            },
            response: None,
        }
    }

    #[test]
    fn a_call_opens_to_its_request_and_answer_escaped() {
        let shown = opening(html! { "words" }, &exchange("a=<b>&c", 7, false)).into_string();
        assert!(shown.starts_with("<details class=\"exchange\"><summary>words</summary>"));
        assert!(shown.contains(
            "<pre class=\"http\"><code>POST /token?x=&lt;y&gt;\ncontent-type: a/b</code></pre>"
        ));
        assert!(shown.contains("<pre class=\"body\"><code>a=&lt;b&gt;&amp;c</code></pre>"));
        assert!(shown.contains("No answer: the connection was dropped"));
    }

    #[test]
    fn a_body_says_what_of_it_was_kept() {
        let cut = opening(html! {}, &exchange("abc", 5000, true)).into_string();
        assert!(cut.contains("Cut: the mock kept the start of these 5000 bytes."));
        let page = opening(html! {}, &exchange("", 12, true)).into_string();
        assert!(page.contains("Not kept: the mock keeps no page (twelve bytes)."));
        let none = opening(html! {}, &exchange("", 0, false)).into_string();
        assert!(none.contains("No body."));
    }
}
