//! What the authorize error pages of both mocks add below the provider's own words, for a
//! person whose app the mock refused: what the app sent, and the command that fixes it at
//! this mock. Everything from the request is HTML-escaped (maud) and, inside a command,
//! JSON-encoded and shell-quoted, so a crafted link cannot put a command of its own on a page
//! someone copies from.

use common::Provider;
use maud::{Markup, html};

use crate::api::Client;
use common::defaults;

/// The label of the section these pages add: what a client reading a page (the checker)
/// looks for.
pub const LABEL: &str = "How to fix it at this mock";

/// The secret a command shows for a client whose secret the mock does not print.
pub const SECRET_PLACEHOLDER: &str = "YOUR_CLIENT_SECRET";

/// An unknown (or missing) `client_id`: use the mock's own client, or register the app's.
/// `mock_url` is this mock's base URL; `redirect_uri` the one the app sent, if any.
pub fn unknown_client(
    provider: Provider,
    mock_url: &str,
    client_id: Option<&str>,
    redirect_uri: Option<&str>,
) -> Markup {
    let prefix = provider.name().to_uppercase();
    let (id, secret) = default_client(provider);
    let own_client = format!("{prefix}_CLIENT_ID={id}\n{prefix}_CLIENT_SECRET={secret}");
    let callback = redirect_uri.filter(|uri| registrable(uri)).map_or_else(
        || defaults::redirect_uri(defaults::APP_URL, provider),
        str::to_string,
    );
    html! {
        section aria-label=(LABEL) {
            h2 { "At this mock" }
            @match client_id {
                Some(sent) => p { "The app sent " code { "client_id=" (sent) } ", which no client here has." },
                None => p { "The app sent no " code { "client_id" } "." },
            }
            p { "Use the mock's own client: set these in the app's environment ("
                code { "cargo run -p mock-providers -- --print-env" } " prints all it needs):" }
            (command(&own_client))
            @if let Some(sent) = client_id {
                p { "Or register the app's client here, with the app's " code { (prefix) "_CLIENT_SECRET" }
                    " in place of " code { (SECRET_PLACEHOLDER) } ":" }
                (command(&register(mock_url, sent, SECRET_PLACEHOLDER, &callback)))
            }
        }
    }
}

/// A `redirect_uri` the client has not registered: name it, and the command that registers it.
pub fn unregistered_redirect_uri(
    provider: Provider,
    mock_url: &str,
    client: &Client,
    redirect_uri: &str,
) -> Markup {
    let (default_id, default_secret) = default_client(provider);
    let secret = if client.client_id == default_id {
        default_secret
    } else {
        SECRET_PLACEHOLDER
    };
    html! {
        section aria-label=(LABEL) {
            h2 { "At this mock" }
            p { "The app sent " code { "redirect_uri=" (redirect_uri) } " for client " code { (client.client_id) } "." }
            @if !client.redirect_uris.is_empty() {
                p { "Registered for this client: "
                    @for (i, uri) in client.redirect_uris.iter().enumerate() {
                        @if i > 0 { ", " } code { (uri) }
                    }
                }
            }
            @if registrable(redirect_uri) {
                p { "Register it with this mock:" }
                (command(&register(mock_url, &client.client_id, secret, redirect_uri)))
                @if secret == SECRET_PLACEHOLDER {
                    p { "(with the client's secret in place of " code { (SECRET_PLACEHOLDER) } ")" }
                }
                p { "Or start the mocks with " code { "--app-url" } " set to the app's BASE_URL, which registers its callbacks at start." }
            } @else {
                p { "That is not a redirect URI a client can register: it is an absolute http or https URL without a "
                    code { "#fragment" } ", the app's BASE_URL followed by "
                    code { "/auth/" (provider.slug()) "/callback" } "." }
            }
        }
    }
}

/// The mock's default client of `provider`: its id and its (public) secret.
fn default_client(provider: Provider) -> (&'static str, &'static str) {
    match provider {
        Provider::GitHub => (defaults::GITHUB_CLIENT_ID, defaults::GITHUB_CLIENT_SECRET),
        Provider::Google => (defaults::GOOGLE_CLIENT_ID, defaults::GOOGLE_CLIENT_SECRET),
    }
}

/// Whether `POST /__mock/clients` would take `uri` as a redirect URI.
fn registrable(uri: &str) -> bool {
    url::Url::parse(uri).is_ok_and(|url| {
        matches!(url.scheme(), "http" | "https") && url.has_host() && url.fragment().is_none()
    })
}

/// The `curl` that registers `redirect_uri` for a client at the mock at `mock_url`.
fn register(mock_url: &str, client_id: &str, secret: &str, redirect_uri: &str) -> String {
    let body = serde_json::json!({
        "client_id": client_id,
        "client_secret": secret,
        "redirect_uris": [redirect_uri],
    });
    format!(
        "curl -X POST {mock_url}/__mock/clients -H 'content-type: application/json' -d {}",
        shell_quote(&body.to_string())
    )
}

/// `text` as one single-quoted shell word: nothing inside is interpreted.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A block to copy whole.
fn command(text: &str) -> Markup {
    html! {
        pre.command style="white-space:pre-wrap;overflow-wrap:anywhere;user-select:all" { code { (text) } }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_quote_cannot_end_the_shell_word() {
        assert_eq!(
            super::shell_quote(r#"{"a":"it's"}"#),
            r#"'{"a":"it'\''s"}'"#
        );
    }
}
