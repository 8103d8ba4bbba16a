//! The dashboard's tables: users, provider sessions, grants, tokens, clients, faults and the
//! recent events, revocations highlighted (`tr.revocation`, refused ones
//! `tr.revocation.rejected`). They are the part of the dashboard that the live page
//! re-fetches (`GET /__mock/tables`); each wide table sits in a box that scrolls sideways
//! rather than widening the page.

use std::time::SystemTime;

use maud::{Markup, html};

pub use super::buttons::Forms;
use crate::api::{Account, EventRecord, Outcome, TokenRecord, TokenState};
use crate::config::GitHubEmail;
use crate::faults;
use crate::store::Inner;

/// How many events the page shows; the JSON API has them all.
const SHOWN_EVENTS: usize = 200;

/// Every table, in the order the page shows them.
pub fn all(inner: &Inner, now: SystemTime) -> Markup {
    html! {
        (summary(inner, now))
        (users(inner))
        (sessions(inner, &Forms::DASHBOARD))
        (grants(inner, &Forms::DASHBOARD))
        (token_table(inner, now))
        (clients(inner))
        (fault_list(inner))
        (events(inner))
    }
}

/// One line with what a class watches for: live tokens and revocation calls.
fn summary(inner: &Inner, now: SystemTime) -> Markup {
    let tokens = inner.token_records(now);
    let live = tokens
        .iter()
        .filter(|t| t.state == TokenState::Active)
        .count();
    let ended = tokens.iter().filter(|t| t.ended.is_some()).count();
    let calls = inner.revocations.len();
    let refused = inner
        .revocations
        .iter()
        .filter(|r| r.outcome == Outcome::Rejected)
        .count();
    html! {
        p.summary {
            (live) " live token(s) · "
            span.tag.revoked { (ended) " ended by a revocation or the provider" } " · "
            (calls) " revocation call(s)"
            @if refused > 0 { ", " span.tag.refused { (refused) " refused" } }
            " · next seq " (inner.next_seq())
        }
    }
}

fn users(inner: &Inner) -> Markup {
    html! {
        h2 { "Users" }
        div.scroll { table {
            tr { th { "key" } th { "signs in as" } th { "name" } th { "email" } }
            @for account in &inner.accounts {
                tr {
                    td { code { (account.key()) } }
                    td { (account.username()) }
                    td { (account.display_name()) }
                    td { (email_notes(account)) }
                }
            }
        } }
    }
}

/// What matters about an account's email for linking: public or null, verified or not.
fn email_notes(account: &Account) -> Markup {
    let row = |e: &GitHubEmail| {
        format!(
            "{}{}{}",
            e.email,
            if e.primary { " (primary)" } else { "" },
            if e.verified { "" } else { " NOT verified" }
        )
    };
    match account {
        Account::GitHub(user) => html! {
            "public: "
            @match &user.email { Some(e) => code { (e) }, None => em { "null" } }
            @for e in &user.emails { br; (row(e)) }
        },
        Account::Google(user) => html! {
            (user.email)
            @if user.email_verified { " (verified)" } @else { strong { " NOT verified" } }
        },
    }
}

pub fn sessions(inner: &Inner, forms: &Forms) -> Markup {
    let sessions = inner.session_records();
    html! {
        h2 { "Provider sessions" }
        @if sessions.is_empty() { p { "Nobody is signed in." } }
        @else {
            div.scroll { table {
                tr { th { "user" } th { "since" } th { "action" } }
                @for s in &sessions {
                    @let user = s.user.as_str();
                    tr {
                        td { (s.username.as_deref().unwrap_or(user)) }
                        td { (s.created_at) }
                        td {
                            form.inline method="post" action=(forms.action("/sessions/end")) {
                                (forms.hidden())
                                input type="hidden" name="user" value=(user);
                                button.secondary type="submit" { "End provider session" }
                            }
                        }
                    }
                }
            } }
        }
    }
}

/// The grants, each with a button that removes it as the user would in their settings.
pub fn grants(inner: &Inner, forms: &Forms) -> Markup {
    html! {
        h2 { "Grants (apps a user authorized)" }
        @if inner.grants.is_empty() { p { "None." } }
        @else {
            div.scroll { table {
                tr { th { "user" } th { "client" } th { "scopes" } th { "since" } th { "action" } }
                @for g in inner.grants.values() {
                    tr {
                        td { (username(inner, &g.user)) }
                        td { code { (g.client_id) } }
                        td { @for s in &g.scopes { code.long { (s) } " " } }
                        td { (g.granted_at) }
                        td {
                            form.inline method="post" action=(forms.action("/grants/remove")) {
                                (forms.hidden())
                                input type="hidden" name="user" value=(g.user);
                                input type="hidden" name="client_id" value=(g.client_id);
                                button.secondary type="submit" { "Remove grant" }
                            }
                        }
                    }
                }
            } }
        }
    }
}

pub fn token_table(inner: &Inner, now: SystemTime) -> Markup {
    let status = |t: &TokenRecord| match (&t.ended, t.state) {
        (Some(e), _) => {
            html! { span.tag.revoked { "revoked " (e.at) " (#" (e.seq) ")" } ": " (e.why) }
        }
        (None, TokenState::Expired) => html! { "expired" },
        _ => html! { span.tag.live { "active" } },
    };
    html! {
        h2 { "Tokens" }
        @if inner.tokens.is_empty() { p { "None issued." } }
        @else {
            div.scroll { table.wide {
                tr { th { "token" } th { "kind" } th { "user" } th { "client" } th { "issued" } th { "status" } }
                @for t in inner.token_records(now) {
                    tr.revocation[t.ended.is_some()] {
                        td { code.long { (t.token) } }
                        td { (format!("{:?}", t.kind).to_lowercase()) }
                        td { (t.username.as_deref().unwrap_or(&t.user)) }
                        td { code { (t.client_id) } }
                        td { (t.issued_at) " (#" (t.issued_seq) ")" }
                        td { (status(&t)) }
                    }
                }
            } }
        }
    }
}

fn clients(inner: &Inner) -> Markup {
    let mask = |secret: &str| {
        let head: String = secret.chars().take(4).collect();
        format!("{head}…")
    };
    html! {
        h2 { "Registered clients" }
        div.scroll { table {
            tr { th { "client_id" } th { "secret" } th { "name" } th { "redirect URIs" } }
            @for c in inner.clients.values() {
                tr {
                    td { code { (c.client_id) } }
                    td { code { (mask(&c.client_secret)) } }
                    td { (c.name.as_deref().unwrap_or("")) }
                    td { @for uri in &c.redirect_uris { code.long { (uri) } br; } }
                }
            }
        } }
    }
}

fn fault_list(inner: &Inner) -> Markup {
    html! {
        @if !inner.faults.is_empty() {
            h2 { "Armed faults" }
            ul {
                @for f in &inner.faults {
                    li { code { (f.endpoint) } ": " (faults::describe(f)) ", " (f.remaining) " call(s) left" }
                }
            }
        }
    }
}

/// How an event's row stands out: revocation calls, refused ones in red.
pub fn row_class(e: &EventRecord) -> Option<&'static str> {
    match &e.revocation {
        Some(r) if r.outcome == Outcome::Rejected => Some("revocation rejected"),
        Some(_) => Some("revocation"),
        None => None,
    }
}

/// What an event was: its summary, the call, and why a revocation was refused.
pub fn what(e: &EventRecord) -> Markup {
    html! {
        (e.summary)
        @if let Some(endpoint) = &e.endpoint { br; code.long { (endpoint) } }
        @if let Some(reason) = e.revocation.as_ref().and_then(|r| r.reason.as_deref()) {
            br; strong { "refused: " (reason) }
        }
    }
}

fn events(inner: &Inner) -> Markup {
    html! {
        h2 { "Recent events (newest first)" }
        div.scroll { table.events.wide {
            tr { th { "#" } th { "time" } th { "kind" } th { "what" } th { "user" } th { "client" } }
            @for e in inner.events.iter().rev().take(SHOWN_EVENTS) {
                tr class=[row_class(e)] {
                    td { (e.seq) }
                    td { (e.time) }
                    td { (e.kind) }
                    td { (what(e)) }
                    td { (e.user.as_deref().map(|u| username(inner, u)).unwrap_or_default()) }
                    td { (e.client_id.as_deref().unwrap_or("")) }
                }
            }
        } }
    }
}

/// What a person recognises: the login or email of an account key.
pub fn username(inner: &Inner, key: &str) -> String {
    inner
        .account(key)
        .map_or_else(|| key.to_string(), |a| a.username().to_string())
}
