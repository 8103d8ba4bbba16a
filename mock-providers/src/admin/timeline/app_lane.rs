//! The app's lane: the app's side as far as it reports it (`POST /__mock/app-events`): each
//! user signed in or logged out, the providers linked and the token the app says it holds for
//! each. An app that reports nothing, like the course's, gets one line that says where to
//! look instead: its own home page.

use std::collections::BTreeMap;

use common::Provider;
use maud::{Markup, html};

use super::text::{self, SHOWN, more};
use crate::app_events::{AppEventKind, AppEventRecord};

/// The app's home page: the origin of a redirect URI registered for it.
pub fn app_home(redirect: &str) -> Option<String> {
    let url = url::Url::parse(redirect).ok()?;
    Some(format!("{}/", url.origin().ascii_serialization()))
}

/// A user of the app as its events tell: signed in or not, and the providers linked, each
/// with the token the app holds when its login named it.
pub struct AppUser<'a> {
    name: &'a str,
    signed_in: bool,
    linked: BTreeMap<Provider, Option<&'a str>>,
}

/// The app's users, the most recently active first.
pub fn app_users(events: &[AppEventRecord]) -> Vec<AppUser<'_>> {
    let mut users: Vec<AppUser<'_>> = Vec::new();
    for e in events {
        let name = e.user.as_deref().unwrap_or("someone");
        let at = users.iter().position(|u| u.name == name);
        let mut user = match at {
            Some(i) => users.remove(i),
            None => AppUser {
                name,
                signed_in: false,
                linked: BTreeMap::new(),
            },
        };
        match (e.kind, e.provider) {
            (AppEventKind::Login, p) => {
                user.signed_in = true;
                user.linked.extend(p.map(|p| (p, e.token.as_deref())));
            }
            (AppEventKind::Logout, _) => user.signed_in = false,
            (AppEventKind::Disconnect, Some(p)) => {
                user.linked.remove(&p);
            }
            (AppEventKind::Disconnect, None) => {}
        }
        users.insert(0, user);
    }
    users
}

pub fn lane(users: &[AppUser<'_>], home: Option<&str>) -> Markup {
    html! {
        section.lane.app aria-labelledby="lane-app" {
            h2 #lane-app { "The app now" }
            @if users.is_empty() {
                p.note {
                    "This app reports nothing here: its own home page"
                    @if let Some(home) = home { " (" a href=(home) { (home) } ")" }
                    " shows its session and the token it holds."
                }
            } @else {
                h3 { "Its session" }
                ul.items {
                    @for user in users.iter().take(SHOWN) {
                        li {
                            strong.name { (user.name) } " "
                            @if user.signed_in { span.tag.live { "signed in" } }
                            @else { span.tag.off { "logged out" } }
                            " " span.note { (linked(&user.linked)) }
                        }
                    }
                }
                (more(users.len(), "user", "users"))
            }
        }
    }
}

/// "linked: GitHub (token gho_AbCdEf…), Google", or that none is.
fn linked(providers: &BTreeMap<Provider, Option<&str>>) -> Markup {
    html! {
        @if providers.is_empty() { "no provider linked" }
        @else {
            "linked: "
            @for (i, (p, token)) in providers.iter().enumerate() {
                @if i > 0 { ", " }
                (p.name())
                @if let Some(token) = token { " (token " (text::token(token)) ")" }
            }
        }
    }
}

/// The tokens the app says it holds, by provider, as it reported them (shortened).
pub fn held<'a>(users: &[AppUser<'a>]) -> Vec<(Provider, &'a str)> {
    users
        .iter()
        .flat_map(|u| u.linked.iter())
        .filter_map(|(p, token)| Some((*p, (*token)?)))
        .collect()
}
