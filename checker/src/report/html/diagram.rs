//! A step's exchanges as a sequence diagram in HTML and CSS (no script, no picture): four
//! lifelines (Browser, App, GitHub, Google), every request an arrow and its answer a dashed
//! arrow back, the app's calls to a provider drawn inside the browser's exchange they were
//! made during. Each exchange is a `<details>` that opens to it in full ([`super::full`]). A
//! revocation call has its own colour, a glyph and its verdict in words, and is listed under
//! the diagram in words too ([`super::verdict`]). The lanes are a quarter of the width each, so a
//! phone shows all four.

use maud::{Markup, html};

use super::{full, verdict};
use crate::client::jar;
use crate::report::{Answer, Exchange, Full, Party, Timing};

/// One row of the diagram, top to bottom.
enum Row<'a> {
    /// An exchange, its answer drawn with it unless calls come between (`answered`); `calls`
    /// counts those calls, for a browser's request to the app.
    Exchange {
        exchange: &'a Exchange,
        answered: bool,
        calls: Option<usize>,
    },
    /// The answer to a browser's request, after the calls made during it.
    Answer(&'a Exchange),
}

/// The rows in order: a browser's request, the calls made during it, its answer.
fn rows<'a>(exchanges: &[&'a Exchange]) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, &exchange) in exchanges.iter().enumerate() {
        if exchange.timing != Timing::During {
            out.extend(open.take().map(Row::Answer));
        }
        let during = exchanges[i + 1..]
            .iter()
            .take_while(|e| e.timing == Timing::During)
            .count();
        let request = exchange.timing == Timing::Request;
        if request && during > 0 {
            open = Some(exchange);
        }
        out.push(Row::Exchange {
            exchange,
            answered: !(request && during > 0),
            calls: (request && exchange.to == Party::App).then_some(during),
        });
    }
    out.extend(open.map(Row::Answer));
    out
}

/// A step's diagram (its exchanges but those made between steps), the count of the app's
/// calls to a provider, and its revocations in words.
pub(super) fn render(exchanges: &[&Exchange]) -> Markup {
    if exchanges.is_empty() {
        return html! { p.no-exchanges { "No HTTP exchange of the browser in this step." } };
    }
    let calls: Vec<&Exchange> = exchanges.iter().copied().filter(|e| e.is_call()).collect();
    html! {
        (diagram(exchanges))
        p.step-calls { (calls_line(&calls)) }
        (verdict::list(exchanges))
    }
}

/// The calls the app made with no request of the browser waiting, drawn in a row of their
/// own: before the step's first request, or, in a step that sends none (`requests` false),
/// while the checker ran it.
pub(super) fn between(exchanges: &[&Exchange], step: &str, requests: bool) -> Markup {
    let (when, made) = if requests {
        ("before", "made before this step's first request")
    } else {
        (
            "during",
            "made while the checker ran this step, which sends no request",
        )
    };
    html! {
        section.between {
            h4 { span.glyph aria-hidden="true" { "↻" } " In the background, " (when) " “" (step) "”" }
            p.explain {
                "The app's calls to a provider that no request of the browser was waiting on, "
                (made) ": the app at work on its own, such as a queue's retries."
            }
            (diagram(exchanges))
            (verdict::list(exchanges))
        }
    }
}

fn diagram(exchanges: &[&Exchange]) -> Markup {
    html! {
        div.seq {
            div.lanes aria-hidden="true" {
                @for party in Party::ALL { span class={ "lane l" (party.lane()) } { (party.name()) } }
            }
            ol.rows {
                @for row in rows(exchanges) { (draw(&row)) }
            }
        }
    }
}

fn draw(row: &Row<'_>) -> Markup {
    match *row {
        Row::Exchange {
            exchange,
            answered,
            calls,
        } => html! {
            li class=(row_class(exchange)) {
                details.exchange {
                    summary {
                        (line(exchange.from, exchange.to, &request_label(exchange), false))
                        @if answered {
                            (line(exchange.to, exchange.from, &html! { (answer_label(exchange)) }, true))
                        }
                    }
                    (full::panel(exchange, calls))
                }
            }
        },
        Row::Answer(exchange) => html! {
            li.answer-row {
                (line(exchange.to, exchange.from, &html! { (answer_label(exchange)) }, true))
            }
        },
    }
}

/// The row's classes: an app's call, a call made during a request, a revocation's verdict.
fn row_class(exchange: &Exchange) -> String {
    let mut class = String::from("row");
    if exchange.is_call() {
        class.push_str(" call");
    }
    if exchange.timing == Timing::During {
        class.push_str(" during");
    }
    if let Some(revocation) = &exchange.revocation {
        class.push_str(" revocation ");
        class.push_str(verdict::of(exchange, revocation).class);
    }
    class
}

/// One arrow from `from` to `to` with its label above it.
fn line(from: Party, to: Party, label: &Markup, answer: bool) -> Markup {
    let (left, right) = (from.lane().min(to.lane()), from.lane().max(to.lane()));
    let direction = if to.lane() > from.lane() {
        "right"
    } else {
        "left"
    };
    html! {
        span class={ "line" @if answer { " answer" } } {
            span class={ "label s" (left) } {
                span.sr { (from.name()) " to " (to.name()) ": " }
                (label)
            }
            span class={ "arrow s" (left) " e" (right) " " (direction) } {}
        }
    }
}

/// `POST /logout`; a call names its provider, and a revocation says what came of it.
fn request_label(exchange: &Exchange) -> Markup {
    let verdict = exchange
        .revocation
        .as_ref()
        .map(|r| verdict::of(exchange, r));
    html! {
        @if let Some(verdict) = &verdict {
            span.glyph aria-hidden="true" { (verdict.glyph) } " "
        }
        @if exchange.is_call() { (exchange.to.name()) ": " }
        (exchange.method) " " (exchange.path)
        @if let (Some(verdict), Some(revocation)) = (&verdict, &exchange.revocation) {
            span.verdict {
                strong { (verdict.words) }
                @if let Some(token) = &revocation.token { ": " code { (token) } }
            }
        }
    }
}

/// The status (or what the mock recorded), and what the answer's cookies did.
fn answer_label(exchange: &Exchange) -> String {
    let mut text = match &exchange.answer {
        Answer::Status(status) => status.to_string(),
        Answer::Recorded(what) => what.clone(),
        Answer::Nothing => "no answer".into(),
    };
    let cookies = set_cookies(exchange);
    if !cookies.is_empty() {
        text.push_str(&format!(" · Set-Cookie: {}", cookies.join(", ")));
    }
    text
}

/// `session cleared`, `oauth_state set`: each `Set-Cookie` of a browser's answer.
fn set_cookies(exchange: &Exchange) -> Vec<String> {
    let Full::Http {
        response: Ok(answer),
        ..
    } = &exchange.full
    else {
        return vec![];
    };
    answer
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, value)| jar::set_cookie(value))
        .map(|(name, clears)| format!("{name} {}", if clears { "cleared" } else { "set" }))
        .collect()
}

/// How many calls the app made to a provider in the step, as the mocks saw them.
fn calls_line(calls: &[&Exchange]) -> String {
    if calls.is_empty() {
        return format!(
            "{}: the mocks saw no call from the app in this step.",
            full::count(0)
        );
    }
    let per: Vec<String> = Party::ALL
        .into_iter()
        .filter_map(|p| {
            let n = calls.iter().filter(|c| c.to == p).count();
            (n > 0).then(|| format!("{} {n}", p.name()))
        })
        .collect();
    format!(
        "{} in this step ({}), as the mocks recorded them.",
        full::count(calls.len()),
        per.join(", ")
    )
}
