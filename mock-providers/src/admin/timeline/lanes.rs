//! The three lanes at the top of the timeline, side by side on a projector and stacked on a
//! phone: the app's ([`super::app_lane`]), then each mock's: who is signed in at the
//! provider, which apps each user authorized (the grants), and the newest tokens, shortened,
//! with a badge, whether the app says it holds it, and what ended it. Each lane is bounded
//! (the newest few of each list, and how many more), so the events below stay on the first
//! screen whatever a demo or a class has done.

use common::Provider;
use maud::{Markup, html};

use super::app_lane::{self, app_home, app_users, held};
use super::endings::{self, Badge};
use super::snapshot::Snapshot;
use super::text::{self, SHOWN, more};
use crate::admin::tables::Forms;
use crate::app_events::AppEventRecord;

/// How many tokens a provider's lane shows, newest first.
const TOKENS_SHOWN: usize = 5;

/// The app's lane, then one per provider (or a note where a mock is not in this process).
pub fn lanes(snaps: &[Snapshot], app: &[AppEventRecord]) -> Markup {
    let home = snaps
        .iter()
        .find_map(|s| s.last_redirect.as_deref())
        .and_then(app_home);
    let users = app_users(app);
    let held = held(&users);
    html! {
        div.lanes {
            (app_lane::lane(&users, home.as_deref()))
            @for p in Provider::ALL {
                @match snaps.iter().find(|s| s.provider == p) {
                    Some(snap) => (provider_lane(snap, &held)),
                    None => (absent_lane(p)),
                }
            }
        }
    }
}

fn absent_lane(provider: Provider) -> Markup {
    html! {
        section.lane {
            h2 { "Mock " (provider.name()) " now" }
            p.note {
                "The mock " (provider.name()) " is not in this process: start both mocks together ("
                code { "cargo run -p mock-providers" } ") to see it here."
            }
        }
    }
}

fn provider_lane(snap: &Snapshot, held: &[(Provider, &str)]) -> Markup {
    let provider = snap.provider;
    let id = format!("lane-{}", provider.slug());
    let forms = Forms::timeline(provider);
    html! {
        section.lane aria-labelledby=(id) {
            h2 #(id) {
                "Mock " (provider.name()) " now "
                a.small href=(snap.dashboard) { "dashboard" }
            }
            h3 { "Signed in at " (provider.name()) }
            (sessions(snap, &forms))
            h3 { "Apps authorized (grants)" }
            (grants(snap, &forms))
            h3 { "Tokens, newest first" }
            (tokens(snap, held))
        }
    }
}

fn sessions(snap: &Snapshot, forms: &Forms) -> Markup {
    html! {
        @if snap.sessions.is_empty() { p.note { "Nobody." } }
        @else {
            ul.items {
                @for s in snap.sessions.iter().rev().take(SHOWN) {
                    li {
                        strong.name { (s.username.as_deref().unwrap_or(&s.user)) } " "
                        span.note { "since " (text::clock(&s.created_at)) } " "
                        form.inline method="post" action=(forms.action("/sessions/end")) {
                            (forms.hidden())
                            input type="hidden" name="user" value=(s.user);
                            button.secondary.small type="submit" { "End session" }
                        }
                    }
                }
            }
            (more(snap.sessions.len(), "session", "sessions"))
        }
    }
}

/// The grants, each with a button that removes it as the user would in their settings.
fn grants(snap: &Snapshot, forms: &Forms) -> Markup {
    html! {
        @if snap.grants.is_empty() { p.note { "None." } }
        @else {
            ul.items {
                @for g in snap.grants.iter().take(SHOWN) {
                    li {
                        strong.name { (snap.name(&g.user)) } " → " (snap.app_name(&g.client_id)) " "
                        form.inline method="post" action=(forms.action("/grants/remove")) {
                            (forms.hidden())
                            input type="hidden" name="user" value=(g.user);
                            input type="hidden" name="client_id" value=(g.client_id);
                            button.secondary.small type="submit"
                                title=(format!("as {} would in their {} settings", snap.name(&g.user), snap.provider.name())) {
                                "Remove access"
                            }
                        }
                    }
                }
            }
            (more(snap.grants.len(), "grant", "grants"))
        }
    }
}

/// The newest tokens: each shortened, its badge, whose, whether the app says it holds it,
/// and what ended it.
fn tokens(snap: &Snapshot, held: &[(Provider, &str)]) -> Markup {
    let holds = |token: &str| {
        held.iter()
            .any(|(p, shown)| *p == snap.provider && text::same_token(shown, token))
    };
    let older = snap.tokens.len().saturating_sub(TOKENS_SHOWN);
    let older_live = snap.tokens[..older]
        .iter()
        .filter(|t| t.is_active())
        .count();
    html! {
        @if snap.tokens.is_empty() { p.note { "None issued." } }
        @else {
            ul.tokens {
                @for t in snap.tokens.iter().rev().take(TOKENS_SHOWN) {
                    @let (badge, ended) = endings::status(snap, t);
                    li {
                        (text::token(&t.token)) " "
                        span class={ "tag status " (badge.as_str()) } { (badge.as_str()) } " "
                        span.note { (t.username.as_deref().unwrap_or(&t.user)) }
                        @if t.is_active() && holds(&t.token) { " " span.tag.held { "the app holds it" } }
                        @if let Some(words) = ended { span.ended { (words) } }
                    }
                }
            }
            @if older > 0 {
                p.note {
                    "and " (text::things(older, "older token", "older tokens"))
                    " (" (older_live) " " (Badge::Live.as_str()) "): "
                    a href=(snap.dashboard) { "the dashboard" } " lists them all"
                }
            }
        }
    }
}
