//! Each event in words, for a class to read off the projector: what a mock saw ("the app
//! got a new token for ada", "tidy-up: the app revoked the token its new login replaced") and
//! what the app reported ("the app logged ada out: no provider call"). Tokens are named
//! shortened, users by their login or email; everything else a request brought is text,
//! escaped like all of the page.

use common::Provider;
use maud::{Markup, html};

use super::endings::{HELD, TIDY_UP};
use super::snapshot::Snapshot;
use super::text;
use crate::api::{EndCause, EventKind, EventRecord, RevocationRecord};
use crate::app_events::{AppEventKind, AppEventRecord};

/// An event in words.
#[derive(Debug)]
pub struct Words {
    /// What kind of thing happened, in a word or two (a tag beside who did it).
    pub tag: &'static str,
    pub text: Markup,
    /// How the row stands out: `revocation`, `revocation rejected`, `ending`, `app-event`.
    pub class: Option<&'static str>,
}

impl Words {
    fn new(tag: &'static str, text: Markup) -> Words {
        Words {
            tag,
            text,
            class: None,
        }
    }

    fn said(tag: &'static str, text: String) -> Words {
        Words::new(tag, html! { (text) })
    }

    fn marked(mut self, class: &'static str) -> Words {
        self.class = Some(class);
        self
    }
}

/// What a mock saw, in words.
pub fn event(snap: &Snapshot, e: &EventRecord) -> Words {
    let who = e
        .user
        .as_deref()
        .map_or_else(|| "someone".into(), |k| snap.name(k));
    let app = e
        .client_id
        .as_deref()
        .map_or("an app", |c| snap.app_name(c));
    if let Some((tag, text)) = sentence(e.kind, snap.provider.name(), &who, app) {
        return Words::said(tag, text);
    }
    match e.kind {
        EventKind::Revocation => match &e.revocation {
            Some(call) => revocation(snap, call),
            None => Words::said("revocation", e.summary.clone()).marked("revocation"),
        },
        EventKind::CodeExchanged => new_tokens(
            "new token",
            format!("the app got a new token for {who}"),
            &e.issued,
        ),
        EventKind::TokenRefreshed => new_tokens(
            "refresh",
            format!("the app refreshed {who}'s access"),
            &e.issued,
        ),
        EventKind::TokenLimit => limit(snap, e),
        EventKind::UserRemovedAccess => {
            let words = EndCause::UserRemovedAccess.in_words(snap.provider, &who);
            let text = html! { (words) (ended_count(&e.ended)) };
            Words::new("access removed", text).marked("ending")
        }
        EventKind::GrantRemoved => {
            let text =
                html! { "the grant of " (app) " for " (who) " ended" (ended_count(&e.ended)) };
            Words::new("grant removed", text).marked("revocation")
        }
        EventKind::FaultApplied => {
            let call = e.endpoint.as_deref().unwrap_or("");
            let text = html! { "an armed fault failed this call: " code { (call) } };
            Words::new("fault", text).marked("fault")
        }
        kind => Words::said(tag(kind), e.summary.clone()),
    }
}

/// The events told in one plain sentence: a person's steps at the provider (`p`), and the
/// app's reads.
fn sentence(kind: EventKind, p: &str, who: &str, app: &str) -> Option<(&'static str, String)> {
    Some(match kind {
        EventKind::ProviderLogin => ("sign-in", format!("{who} signed in at {p}")),
        EventKind::ProviderLogout => ("sign-out", format!("{who} signed out of {p}")),
        EventKind::ProviderSessionEnded => (
            "session ended",
            format!("{who}'s session at {p} was ended, as if they signed out"),
        ),
        EventKind::ConsentGiven => ("consent", format!("{who} authorized {app} at {p}")),
        EventKind::ConsentDenied => ("no consent", format!("{who} refused to authorize {app}")),
        EventKind::CodeIssued => (
            "code",
            format!("{p} sent {who} back to the app with a code"),
        ),
        EventKind::TokenUsed => ("read", format!("the app read {who}'s profile")),
        EventKind::Reset => ("reset", format!("the mock {p} went back to its seeds")),
        _ => return None,
    })
}

/// Whether a `grant_removed` event only repeats the revocation call just before it, which
/// ended the grant (Google's `/revoke`, GitHub's `DELETE .../grant`): that call's row says it.
pub fn repeats_call(snap: &Snapshot, e: &EventRecord) -> bool {
    e.kind == EventKind::GrantRemoved
        && snap.events.iter().any(|call| {
            call.seq + 1 == e.seq
                && call.kind == EventKind::Revocation
                && call.endpoint == e.endpoint
        })
}

/// The tag of the kinds told by their summary.
fn tag(kind: EventKind) -> &'static str {
    match kind {
        EventKind::CodeRefused => "code refused",
        EventKind::TokenRefused => "token refused",
        EventKind::TokenChecked => "token check",
        EventKind::ClientRegistered => "app registered",
        EventKind::FaultInjected => "fault armed",
        EventKind::ClockAdvanced => "clock",
        other => other.as_str(),
    }
}

fn new_tokens(tag: &'static str, words: String, issued: &[String]) -> Words {
    Words::new(
        tag,
        html! { (words) ":" @for t in issued { " " (text::token(t)) } },
    )
}

/// " (2 tokens ended)".
fn ended_count(ended: &[String]) -> String {
    format!(" ({} ended)", text::things(ended.len(), "token", "tokens"))
}

/// The provider's own limit at work: "GitHub ended the oldest of ten tokens itself".
fn limit(snap: &Snapshot, e: &EventRecord) -> Words {
    let words = format!(
        "{} ended the oldest of {} tokens itself",
        snap.provider.name(),
        text::count(snap.token_limit)
    );
    Words::new(
        "limit",
        html! { (words) @for t in &e.ended { " " (text::token(t)) } },
    )
    .marked("ending")
}

/// A revocation call: refused (and why), or accepted and told by the token it named: one a
/// newer login had replaced (tidy-up), the one the app held (disconnect), or a whole grant.
fn revocation(snap: &Snapshot, call: &RevocationRecord) -> Words {
    if !call.accepted() {
        return refused(snap.provider, call);
    }
    let named = call.token.as_deref().and_then(|t| snap.token(t));
    let lead = match named {
        Some(t) if whole_grant(t, call) => "the app revoked its whole grant",
        Some(_) if tidy_up(snap, call) => TIDY_UP,
        Some(_) => HELD,
        None => "the app revoked a token",
    };
    let others = call
        .revoked_tokens
        .iter()
        .filter(|t| call.token.as_ref() != Some(*t))
        .count();
    let text = html! {
        (lead)
        @if let Some(t) = &call.token { ", " (text::token(t)) }
        @if others > 0 {
            "; " (snap.provider.name()) " ended "
            (text::things(others, "other token", "other tokens")) " of the grant with it"
        }
    };
    Words::new("revocation", text).marked("revocation")
}

/// Whether a revocation call (accepted or not) named a token that a newer login had
/// replaced by then: tidy-up, never the token the app held.
pub fn tidy_up(snap: &Snapshot, call: &RevocationRecord) -> bool {
    let named = call.token.as_deref().and_then(|t| snap.token(t));
    named.is_some_and(|t| snap.replaced(t, call.seq))
}

/// Whether the call ended the named token with its whole grant (GitHub's `DELETE
/// .../grant`), rather than the token alone.
fn whole_grant(token: &crate::api::TokenRecord, call: &RevocationRecord) -> bool {
    token
        .ended
        .as_ref()
        .is_some_and(|e| e.seq == call.seq && e.cause == EndCause::GrantRemoved)
}

fn refused(provider: Provider, call: &RevocationRecord) -> Words {
    let answer = match call.status {
        0 => "the connection dropped".to_string(),
        status => status.to_string(),
    };
    let text = html! {
        (provider.name()) " refused a revocation call (" (answer) "): "
        (call.reason.as_deref().unwrap_or("no reason given"))
        @if let Some(t) = &call.token { " " (text::token(t)) }
    };
    Words::new("refused", text).marked("revocation rejected")
}

/// What the app reported, in words. `calls` are the providers a revocation call reached
/// around a logout (see [`super::rows`]); none is the lesson: logging out calls no provider.
pub fn app_event(e: &AppEventRecord, calls: &[Provider]) -> Words {
    let user = e.user.as_deref().unwrap_or("someone");
    let with = e
        .provider
        .map(|p| format!(" with {}", p.name()))
        .unwrap_or_default();
    let words = match e.kind {
        AppEventKind::Login => format!("the app logged {user} in{with}"),
        AppEventKind::Logout if calls.is_empty() => {
            format!("the app logged {user} out: no provider call")
        }
        AppEventKind::Logout => format!(
            "the app logged {user} out; meanwhile a revocation call reached {}",
            names(calls)
        ),
        AppEventKind::Disconnect => match e.provider {
            Some(p) => format!("the app disconnected {} for {user}", p.name()),
            None => format!("the app disconnected a provider for {user}"),
        },
    };
    let text = html! {
        (words)
        @if let Some(token) = &e.token { " (token " (text::token(token)) ")" }
        @if let Some(detail) = &e.detail { span.detail { " · " (detail) } }
    };
    Words::new(e.kind.as_str(), text).marked("app-event")
}

/// "GitHub", "GitHub and Google".
fn names(providers: &[Provider]) -> String {
    let names: Vec<&str> = providers.iter().map(|p| p.name()).collect();
    names.join(" and ")
}
