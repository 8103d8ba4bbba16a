//! Registering the app's redirect URIs with the mocks: the checker reads where the app sends a
//! browser to log in (client id and redirect URI), checks it is the mock the checker reads and
//! that the browser comes back to the app's host, and registers that redirect URI with the
//! mock's default client, so that an app on any port works.

use common::Provider;
use common::defaults;
use url::Url;

use super::{CannotRun, Running, root_cause};
use crate::client::{Browser, Log};
use crate::mocks::MockApi;

/// Registers, for each provider, the redirect URI the app's login sends to the mock.
pub(super) async fn register_redirect_uris(
    running: &mut Running,
    http: &reqwest::Client,
    log: Option<Log>,
) -> Result<(), CannotRun> {
    let mut browser = Browser::new(http, log);
    for provider in Provider::ALL {
        let mock = match provider {
            Provider::GitHub => running.github.clone(),
            Provider::Google => running.google.clone(),
        };
        // No redirect, or no client: the checks report it, with the hop that broke.
        let Some(location) = login_redirect(&mut browser, &running.app, provider).await? else {
            continue;
        };
        goes_to_the_mock(&location, &mock, provider)?;
        let (Some(client_id), Some(redirect_uri)) = (
            param(&location, "client_id"),
            param(&location, "redirect_uri"),
        ) else {
            continue;
        };
        comes_back_to_the_app(&redirect_uri, &running.app, provider)?;
        let api = MockApi::new(provider, &mock);
        known_client(&api, &mut browser, &client_id, &redirect_uri).await?;
        let Some(secret) = default_secret(provider, &client_id) else {
            continue;
        };
        api.register_client(&mut browser, &client_id, secret, &redirect_uri)
            .await
            .map_err(|e| {
                CannotRun(format!(
                    "could not register the app's redirect URI with the mock {}: {e:#}",
                    provider.name()
                ))
            })?;
    }
    Ok(())
}

/// Where `GET /auth/{provider}` sends the browser, if it is a redirect.
async fn login_redirect(
    browser: &mut Browser,
    app: &Url,
    provider: Provider,
) -> Result<Option<Url>, CannotRun> {
    let start = app
        .join(&format!("/auth/{}", provider.slug()))
        .expect("a path");
    let response = browser.get(&start).await.map_err(|e| {
        CannotRun(format!(
            "cannot reach the app at {app} ({})",
            root_cause(&e)
        ))
    })?;
    Ok(response.location().filter(|_| response.is_redirect()))
}

fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The app must send the browser to the mock the checker reads.
fn goes_to_the_mock(location: &Url, mock: &Url, provider: Provider) -> Result<(), CannotRun> {
    if location.origin() == mock.origin() {
        return Ok(());
    }
    Err(CannotRun(format!(
        "the app sends the browser to {} to log in with {}, but the checker reads the \
         mock {} at {mock}. Point the app at the mock (for ours, `{}_AUTHORIZE_URL` \
         and the other provider URLs), or pass --{}-url.",
        location.origin().ascii_serialization(),
        provider.name(),
        provider.name(),
        provider.slug().to_uppercase(),
        provider.slug()
    )))
}

/// The browser must come back to the host it started on, or the session cookie the callback
/// sets is never sent to the app at --app-url (cookies are per host).
fn comes_back_to_the_app(
    redirect_uri: &str,
    app: &Url,
    provider: Provider,
) -> Result<(), CannotRun> {
    let Ok(back) = Url::parse(redirect_uri) else {
        return Ok(());
    };
    if back.origin() == app.origin() {
        return Ok(());
    }
    let origin = back.origin().ascii_serialization();
    Err(CannotRun(format!(
        "the app's {} redirect URI is {redirect_uri}, on another host than {app}: its \
         session cookie would never reach the app there. Pass --app-url {origin} (the \
         app's BASE_URL), or change BASE_URL.",
        provider.name()
    )))
}

/// The mock must know the client the app names, or every login ends on its error page.
async fn known_client(
    api: &MockApi,
    browser: &mut Browser,
    client_id: &str,
    redirect_uri: &str,
) -> Result<(), CannotRun> {
    let clients = api.clients(browser).await.map_err(|e| {
        CannotRun(format!(
            "cannot read the mock {}'s clients: {e:#}",
            api.provider.name()
        ))
    })?;
    if clients.iter().any(|c| c.client_id == client_id) {
        return Ok(());
    }
    let (name, slug) = (api.provider.name(), api.provider.slug().to_uppercase());
    let (id, secret) = match api.provider {
        Provider::GitHub => (defaults::GITHUB_CLIENT_ID, defaults::GITHUB_CLIENT_SECRET),
        Provider::Google => (defaults::GOOGLE_CLIENT_ID, defaults::GOOGLE_CLIENT_SECRET),
    };
    let body = serde_json::json!({
        "client_id": client_id,
        "client_secret": "YOUR_CLIENT_SECRET",
        "redirect_uris": [redirect_uri],
    });
    let register = api.base.join("/__mock/clients").expect("a path");
    Err(CannotRun(format!(
        "the app logs in with {name} as client_id \"{client_id}\", a client the mock {name} \
         at {} does not know. Either give the app the mock's client, \
         {slug}_CLIENT_ID={id} and {slug}_CLIENT_SECRET={secret} \
         (`cargo run -p mock-providers -- --print-env` prints every variable the app needs), \
         or register the app's client at the mock:\n  curl -X POST {register} \
         -H 'content-type: application/json' -d '{body}'",
        api.base.as_str().trim_end_matches('/'),
    )))
}

/// The secret of the mock's default client, when the app uses it: the only secrets the
/// checker knows. Another client must be registered by whoever runs the app (the seed file,
/// or `POST /__mock/clients`).
fn default_secret(provider: Provider, client_id: &str) -> Option<&'static str> {
    match provider {
        Provider::GitHub if client_id == defaults::GITHUB_CLIENT_ID => {
            Some(defaults::GITHUB_CLIENT_SECRET)
        }
        Provider::Google if client_id == defaults::GOOGLE_CLIENT_ID => {
            Some(defaults::GOOGLE_CLIENT_SECRET)
        }
        _ => None,
    }
}
