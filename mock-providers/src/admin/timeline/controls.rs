//! What an instructor stages, kept behind a disclosure so that the lesson has the screen: a
//! form per mock that makes one of its endpoints fail (named in words, [`label`]), and the
//! reset of both mocks, which asks first: a page of its own without JavaScript
//! ([`confirm_reset`]), a `confirm()` with it (`data-confirm`, read by `live.js`, which then
//! sends the form's disabled `confirm=yes`).

use common::Provider;
use maud::{Markup, html};

use crate::faults::targets::{endpoint_names, label};

/// What a fault form offers: an error status, or a dropped connection.
pub const EFFECTS: [(&str, &str); 8] = [
    ("503", "503 Service Unavailable"),
    ("500", "500 Internal Server Error"),
    ("502", "502 Bad Gateway"),
    ("504", "504 Gateway Timeout"),
    ("429", "429 Too Many Requests"),
    ("401", "401 Unauthorized"),
    ("404", "404 Not Found"),
    ("drop", "drop the connection"),
];

/// The form's route, and the field and value that confirm a reset.
pub const RESET: &str = "/__mock/timeline/reset";
pub const CONFIRM: (&str, &str) = ("confirm", "yes");

/// What a reset forgets, said before it is done.
const RESET_FORGETS: &str = "Both mocks go back to their seeds: every provider session, grant \
     and token is forgotten, armed faults are disarmed, and the app's events leave this page. \
     Tokens the app still holds are then unknown to the mocks: its home shows them dead until \
     the user logs in again.";

/// The disclosure: a fault form per mock of the process, and the reset.
pub fn disclosure(providers: &[Provider], dashboards: &[(Provider, String)]) -> Markup {
    html! {
        details.stage {
            summary { "Stage a scenario" }
            div.faults { @for p in providers { (fault_form(*p)) } }
            p.note {
                "Dashboards: "
                @for (i, (p, url)) in dashboards.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(url) { "mock " (p.name()) }
                }
                ". What the app reported, as JSON: " a href="/__mock/app-events" { "app events" } "."
            }
            form.inline method="post" action=(RESET) data-confirm=(format!("Reset both mocks? {RESET_FORGETS}")) {
                // Sent only once the script's confirm() is answered; without a script, the
                // server asks on a page of its own.
                input type="hidden" name=(CONFIRM.0) value=(CONFIRM.1) disabled;
                button.secondary type="submit" { "Reset both mocks…" }
            }
        }
    }
}

/// The form that arms a fault at `provider`: endpoint, answer, how many calls.
fn fault_form(provider: Provider) -> Markup {
    let id = |field: &str| format!("fault-{}-{field}", provider.slug());
    html! {
        form.fault method="post" action="/__mock/timeline/faults" {
            fieldset {
                legend { "Make the mock " (provider.name()) " fail" }
                input type="hidden" name="provider" value=(provider.slug());
                label for=(id("endpoint")) { "Endpoint" }
                select #(id("endpoint")) name="endpoint" {
                    @for name in endpoint_names(provider) {
                        option value=(name) { (label(provider, name)) }
                    }
                }
                label for=(id("effect")) { "Answer" }
                select #(id("effect")) name="effect" {
                    @for (value, text) in EFFECTS { option value=(value) { (text) } }
                }
                label for=(id("count")) { "Calls" }
                input #(id("count")) type="number" name="count" min="1" max="100" value="1" required;
                button type="submit" { "Arm fault" }
            }
        }
    }
}

/// The page that asks before a reset (a reset posted without `confirm=yes`).
pub fn confirm_reset() -> Markup {
    html! {
        h1 { "Reset both mocks?" }
        p { (RESET_FORGETS) }
        form.inline method="post" action=(RESET) {
            input type="hidden" name=(CONFIRM.0) value=(CONFIRM.1);
            button type="submit" { "Yes, reset both mocks" }
        }
        " "
        a.button.quiet href="/__mock/timeline" { "No, back to the timeline" }
    }
}
