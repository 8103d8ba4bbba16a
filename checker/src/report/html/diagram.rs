//! A step's exchanges as an inline SVG sequence diagram: three lifelines (Browser, App,
//! Provider, each arrow naming GitHub or Google), every request an arrow and its answer a
//! dashed arrow back, the app's calls to a provider drawn inside the browser's exchange they
//! were made during. A revocation call has its own colour, a marker and a second line (the
//! token, accepted or refused, whether it was revoked unnecessarily), and is listed under the
//! diagram in words; the whole sequence is also given as a list, for reading without the
//! picture.

use maud::{Markup, html};

use crate::report::{Answer, Exchange, Party, Revocation};

/// The lifelines' names and where they stand.
const LANES: [(&str, f64); 3] = [("Browser", 60.0), ("App", 285.0), ("Provider", 510.0)];
const WIDTH: f64 = 600.0;
/// The width of a character of the diagram's 12 px monospace font, about.
const CHAR_WIDTH: f64 = 7.3;
/// Where the first arrow goes, below the lifelines' heads.
const TOP: f64 = 66.0;
const ROW: f64 = 30.0;
/// A revocation's row also has its second line.
const REVOCATION_ROW: f64 = 50.0;
/// The longest label drawn whole (the text list has every label whole).
const LABEL_CHARS: usize = 60;

/// One arrow, top to bottom.
struct Arrow<'a> {
    from: Party,
    to: Party,
    /// `METHOD /path`, or the answer.
    text: String,
    /// An answer, drawn dashed.
    answer: bool,
    revocation: Option<&'a Revocation>,
}

impl Arrow<'_> {
    /// The text on the arrow: a request to a provider names it.
    fn label(&self) -> String {
        match self.to {
            Party::Provider(provider) if !self.answer => {
                format!("{}: {}", provider.name(), self.text)
            }
            _ => self.text.clone(),
        }
    }
}

fn lane(party: Party) -> f64 {
    match party {
        Party::Browser => LANES[0].1,
        Party::App => LANES[1].1,
        Party::Provider(_) => LANES[2].1,
    }
}

fn answer_text(answer: &Answer) -> String {
    match answer {
        Answer::Status(status) => status.to_string(),
        Answer::Recorded(what) => what.clone(),
        Answer::Nothing => "no answer".into(),
    }
}

fn request(exchange: &Exchange) -> Arrow<'_> {
    Arrow {
        from: exchange.from,
        to: exchange.to,
        text: format!("{} {}", exchange.method, exchange.path),
        answer: false,
        revocation: exchange.revocation.as_ref(),
    }
}

fn answer(exchange: &Exchange) -> Arrow<'_> {
    Arrow {
        from: exchange.to,
        to: exchange.from,
        text: answer_text(&exchange.answer),
        answer: true,
        revocation: None,
    }
}

/// The arrows in order: a browser's request, the calls nested in it, its answer.
fn arrows(exchanges: &[Exchange]) -> Vec<Arrow<'_>> {
    let mut out = Vec::new();
    let mut waiting: Option<&Exchange> = None;
    for exchange in exchanges {
        if !exchange.nested
            && let Some(open) = waiting.take()
        {
            out.push(answer(open));
        }
        out.push(request(exchange));
        if exchange.from == Party::Browser {
            waiting = Some(exchange);
        } else {
            out.push(answer(exchange));
        }
    }
    out.extend(waiting.map(answer));
    out
}

/// What a revocation named, how the provider took it, and the judge's word.
fn parts(revocation: &Revocation) -> (&str, &'static str, &'static str) {
    let token = revocation.token.as_deref().unwrap_or("no token");
    let outcome = if revocation.accepted {
        "accepted"
    } else {
        "refused"
    };
    let judged = match (revocation.unnecessary, revocation.accepted) {
        (true, true) => "revoked unnecessarily",
        (true, false) => "tried to revoke unnecessarily",
        (false, _) => "allowed",
    };
    (token, outcome, judged)
}

/// A revocation's second line in the diagram.
fn revocation_line(revocation: &Revocation) -> String {
    let (token, outcome, judged) = parts(revocation);
    format!("revocation of {token}: {outcome}, {judged}")
}

/// Where a label starting at `x` goes: there, or ending at the right edge when it would run
/// past it.
fn place(text: &str, x: f64) -> (f64, &'static str) {
    let width = text.chars().count() as f64 * CHAR_WIDTH;
    if x + width > WIDTH - 6.0 {
        (WIDTH - 6.0, "end")
    } else {
        (x, "start")
    }
}

fn fit(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_string();
    }
    let head: String = text.chars().take(LABEL_CHARS - 1).collect();
    format!("{head}…")
}

/// The step's diagram, its revocations in words, and its exchanges as a list.
pub(super) fn render(exchanges: &[Exchange]) -> Markup {
    if exchanges.is_empty() {
        return html! { p.no-exchanges { "No HTTP exchange in this step." } };
    }
    let arrows = arrows(exchanges);
    let mut y = TOP;
    let mut rows = Vec::new();
    for arrow in &arrows {
        rows.push(y);
        y += if arrow.revocation.is_some() {
            REVOCATION_ROW
        } else {
            ROW
        };
    }
    let height = y;
    let label = format!(
        "Sequence diagram of {} arrows between the browser, the app and the providers",
        arrows.len()
    );
    html! {
        div.diagram {
            svg width=(WIDTH) height=(height) viewBox={ "0 0 " (WIDTH) " " (height) }
                role="img" aria-label=(label) {
                (lifelines(height))
                @for (arrow, y) in arrows.iter().zip(rows) {
                    (draw(arrow, y))
                }
            }
        }
        (revocations(exchanges))
        details.as-text {
            summary { "The exchanges as text" }
            ol {
                @for arrow in &arrows {
                    li { (arrow.from.name()) " → " (arrow.to.name()) ": " (arrow.text)
                        @if let Some(revocation) = arrow.revocation {
                            " (" (revocation_line(revocation)) ")"
                        }
                    }
                }
            }
        }
    }
}

/// The three lifelines: a head with the name, a dashed line down.
fn lifelines(height: f64) -> Markup {
    html! {
        @for (name, x) in LANES {
            g.lifeline {
                rect x=(x - 52.0) y="8" width="104" height="28" rx="4" {}
                text.head x=(x) y="27" text-anchor="middle" { (name) }
                line x1=(x) y1="36" x2=(x) y2=(height - 6.0) {}
            }
        }
    }
}

fn draw(arrow: &Arrow<'_>, y: f64) -> Markup {
    let (x1, x2) = (lane(arrow.from), lane(arrow.to));
    let dir = if x2 > x1 { 1.0 } else { -1.0 };
    let head = format!(
        "{x2},{y} {},{} {},{}",
        x2 - 9.0 * dir,
        y - 5.0,
        x2 - 9.0 * dir,
        y + 5.0
    );
    let mut class = String::from("arrow");
    for (on, name) in [
        (arrow.answer, " answer"),
        (arrow.from == Party::App && !arrow.answer, " call"),
        (arrow.revocation.is_some(), " revocation"),
        (
            arrow.revocation.is_some_and(|r| r.unnecessary),
            " unnecessary",
        ),
    ] {
        if on {
            class.push_str(name);
        }
    }
    let label = fit(&arrow.label());
    let (label_x, anchor) = place(&label, x1.min(x2) + 10.0);
    html! {
        g class=(class) {
            line x1=(x1) y1=(y) x2=(x2 - 8.0 * dir) y2=(y) {}
            polygon points=(head) {}
            text x=(label_x) y=(y - 8.0) text-anchor=(anchor) {
                title { (arrow.label()) }
                (label)
            }
            @if let Some(revocation) = arrow.revocation {
                @let line = revocation_line(revocation);
                @let (line_x, anchor) = place(&line, x1.min(x2) + 10.0);
                (marker(x2 - 24.0 * dir, y))
                text.revocation-label x=(line_x) y=(y + 19.0) text-anchor=(anchor) { (line) }
            }
        }
    }
}

/// A revocation's marker on its arrow: a circle struck through.
fn marker(x: f64, y: f64) -> Markup {
    html! {
        g.revocation-mark {
            circle cx=(x) cy=(y) r="6" {}
            line x1=(x - 4.0) y1=(y + 4.0) x2=(x + 4.0) y2=(y - 4.0) {}
        }
    }
}

/// The step's revocation calls in words: endpoint, token, outcome and the judge's verdict.
fn revocations(exchanges: &[Exchange]) -> Markup {
    let calls: Vec<(&Exchange, &Revocation)> = exchanges
        .iter()
        .filter_map(|e| Some((e, e.revocation.as_ref()?)))
        .collect();
    html! {
        @if !calls.is_empty() {
            ul.revocations {
                @for (exchange, revocation) in calls {
                    @let (token, outcome, judged) = parts(revocation);
                    li class={ "revocation" @if revocation.unnecessary { " unnecessary" } } {
                        strong { "Revocation" } " at " (exchange.to.name()) ": "
                        code { (exchange.method) " " (exchange.path) } " naming "
                        code { (token) } ", " (outcome) " (" (answer_text(&exchange.answer))
                        "): " strong.judged { (judged) }
                    }
                }
            }
        }
    }
}
