//! `GET /`: the lesson's two layers side by side. This app's session (whether there is one,
//! since when and until when) and, per provider, which token the app stores (shortened) and
//! whether the provider still accepts it. There are buttons only where they make sense: Log in when
//! signed out, Link for a provider not linked, Disconnect unless it is the only one, and Log
//! out.

use maud::{Markup, html};

use super::layout;
use crate::config::Config;
use crate::db::accounts::User;
use crate::db::retired::pending::Pending;
use crate::db::sessions::Session;
use crate::providers::Liveness;
use common::Provider;

/// What the home page shows of one provider for the signed-in user.
#[derive(Debug, Clone)]
pub struct ProviderLayer {
    pub provider: Provider,
    /// Whether the user's account at this provider is linked here.
    pub linked: bool,
    /// The token the app stores for it, shortened as the mocks' dashboards show it.
    pub held: Option<String>,
    /// Whether the app stores a token for it, and what the provider says of it now.
    pub token: Option<Liveness>,
    /// Revocations of this provider's tokens still in the revocation queue.
    pub pending: Vec<Pending>,
}

/// The home page when nobody is signed in: no app session; the providers' sessions and
/// tokens are not this page's to know, and logging out did not end them.
pub fn signed_out(config: &Config) -> Markup {
    let app = html! {
        p { strong { "No session." } " This browser is not signed in to the app." }
        p {
            a.button href="/auth/github" { "Log in with GitHub" } " "
            a.button href="/auth/google" { "Log in with Google" }
        }
    };
    let providers = html! {
        p { "Logging out of the app ends this app's session only. Your sessions at the providers, and the tokens this app stored, stay as they were." }
        p {
            "See for yourself: "
            a href=(config.provider_home(Provider::GitHub)) { "GitHub" } ", "
            a href=(config.provider_home(Provider::Google)) { "Google" } "."
        }
    };
    let api = html! { p { small { "API: " code { "GET /me" } ", " code { "POST /logout" } "." } } };
    layout("Logout lab", html! { (layers(app, providers)) (api) })
}

/// The home page of a signed-in user: who and which session, then each provider's layer.
pub fn signed_in(
    user: &User,
    session: &Session,
    providers: &[ProviderLayer],
    now_ms: i64,
) -> Markup {
    let now = now_ms / 1000;
    let only = providers.iter().filter(|p| p.linked).count() == 1;
    let app = html! {
        (who(user))
        p {
            "Session started " (ago(now - session.created_at)) ", ends in "
            (span(session.expires_at - now)) "."
        }
        form method="post" action="/logout" { button type="submit" { "Log out" } }
        p { small { "Logging out ends this session only: it revokes no provider token." } }
    };
    let layer = html! {
        @for provider in providers { (provider_card(provider, only, now_ms)) }
    };
    layout("Signed in", layers(app, layer))
}

/// The two layers, side by side on a wide screen and one above the other on a phone.
fn layers(app: Markup, providers: Markup) -> Markup {
    html! {
        div.layers {
            section.layer aria-labelledby="app-layer" {
                h2 #app-layer { "This app's session" }
                (app)
            }
            section.layer aria-labelledby="provider-layer" {
                h2 #provider-layer { "At the providers" }
                (providers)
            }
        }
    }
}

fn who(user: &User) -> Markup {
    html! {
        p {
            @if let Some(avatar) = user.avatar_url.as_deref().filter(|url| loadable(url)) {
                img src=(avatar) alt="" width="40" height="40"; " "
            }
            strong { (user.name.as_deref().unwrap_or("(no name)")) }
            @if let Some(email) = &user.email { " · " (email) }
        }
        p { small { "User id " code { (user.id) } } }
    }
}

/// Whether the page may load an image from `url`, a provider's `avatar_url`: `https:`, or
/// `http:` on this machine (the mocks serve their avatars so). The provider, or a user on a
/// real provider's profile, chooses it: `javascript:`, `data:`, plain http elsewhere or a
/// relative URL is not shown.
fn loadable(url: &str) -> bool {
    let Ok(url) = url::Url::parse(url) else {
        return false;
    };
    match (url.scheme(), url.host()) {
        ("https", Some(_)) => true,
        ("http", Some(url::Host::Domain(name))) => name.eq_ignore_ascii_case("localhost"),
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        _ => false,
    }
}

fn provider_card(layer: &ProviderLayer, only: bool, now_ms: i64) -> Markup {
    let provider = layer.provider;
    html! {
        div.card {
            h3 { (provider) }
            @for pending in &layer.pending { (pending_line(provider, pending, now_ms)) }
            @if layer.linked {
                p {
                    "Linked. Token stored here: "
                    @if let Some(held) = &layer.held { code { (held) } } @else { strong { "none" } "." }
                }
                @if let Some(liveness) = &layer.token { p { (liveness_line(provider, liveness)) } }
                (provider_actions(provider, only))
            } @else {
                p { "Not linked: no token stored here." }
                p { a.button href={ "/auth/" (provider.slug()) } { "Link " (provider) } }
                p { small { "Linking logs you in with " (provider) "; it joins this account when " (provider) " verifies the same email." } }
            }
        }
    }
}

fn liveness_line(provider: Provider, liveness: &Liveness) -> Markup {
    html! {
        @match liveness {
            Liveness::Alive => { "At " (provider) ": " strong.alive { "alive" } ", the token still works. " a href={ "/me/" (provider.slug()) } { "Live profile" } }
            Liveness::Dead => { "At " (provider) ": " strong.dead { "dead" } ", the provider no longer accepts it (revoked, expired, its access removed, or unknown to it, as every token is after a mock reset)." }
            Liveness::Unknown(why) => { "At " (provider) ": " strong { "unknown" } " (" (why) ")." }
        }
    }
}

/// A revocation still in the revocation queue: when it is tried next, or that the operator must act.
fn pending_line(provider: Provider, pending: &Pending, now_ms: i64) -> Markup {
    let error = pending.last_error.as_deref().unwrap_or("not tried yet");
    html! {
        p.pending role="status" {
            @if let Some(refused) = &pending.refused {
                strong.dead { "Revocation refused" } ": " (provider) " refused to revoke a token this app no longer uses (" (refused) "). Retrying cannot fix that: the app's operator must correct its " (provider) " configuration and restart it."
            } @else if let Some(why) = &pending.set_aside {
                strong.dead { "Revocation set aside" } ": a " (provider) " token this app no longer uses cannot be read from its database (" (why) "), so it cannot be revoked from here. The app's operator must restore its key or database, or end the token at " (provider) "."
            } @else {
                strong { "Revocation pending" } ": a " (provider) " token this app no longer uses is in its revocation queue ("
                (pending.attempts) " failed " (if pending.attempts == 1 { "attempt" } else { "attempts" }) ", last: " (error) "). "
                @match pending.next_attempt_ms {
                    Some(at) if at > now_ms => { "Next try in " (span_ms(at - now_ms)) "." }
                    _ => { "Next try now." }
                }
            }
        }
    }
}

/// `3 seconds`, `2 minutes`: a short wait in words.
fn span_ms(ms: i64) -> String {
    match ms {
        ..=1_499 => "about a second".into(),
        1_500..=59_999 => format!("{} seconds", (ms + 500) / 1000),
        _ => span(ms / 1000),
    }
}

fn provider_actions(provider: Provider, only: bool) -> Markup {
    html! {
        @if only {
            p { small { (provider) " is the only provider of this account, so it cannot be disconnected: link the other one first." } }
        } @else {
            form method="post" action={ "/disconnect/" (provider.slug()) } {
                button.secondary type="submit" { "Disconnect " (provider) }
            }
            p { small { "Disconnecting revokes the stored " (provider) " token and unlinks it; you stay logged in here." } }
        }
    }
}

/// `3 minutes ago`, `just now`.
fn ago(seconds: i64) -> String {
    if seconds < 60 {
        "just now".into()
    } else {
        format!("{} ago", span(seconds))
    }
}

/// `23 hours 58 minutes`, `5 minutes`, `less than a minute`.
fn span(seconds: i64) -> String {
    let (hours, minutes) = (seconds / 3600, seconds % 3600 / 60);
    let unit = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match (hours, minutes) {
        (0, 0) => "less than a minute".into(),
        (0, m) => unit(m, "minute"),
        (h, 0) => unit(h, "hour"),
        (h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_as_words() {
        assert_eq!(span(86_400 - 90), "23 hours 58 minutes");
        assert_eq!(span(3600), "1 hour");
        assert_eq!(span(61), "1 minute");
        assert_eq!(span(30), "less than a minute");
        assert_eq!(ago(10), "just now");
        assert_eq!(ago(300), "5 minutes ago");
        assert_eq!(span_ms(900), "about a second");
        assert_eq!(span_ms(4_400), "4 seconds");
        assert_eq!(span_ms(120_000), "2 minutes");
    }
}
