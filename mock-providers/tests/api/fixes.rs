//! The help on both mocks' authorize error pages (`src/fixes.rs`): what the app sent, and the
//! command that fixes it, which works when run as printed and carries nothing from the request
//! but data.

use common::Provider;
use common::defaults::{GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_SECRET};
use html_escape::decode_html_entities;
use mock_providers::fixes::SECRET_PLACEHOLDER;
use serde_json::{Value, json};

use crate::helpers::{self, Fetch, TestMocks, post_json};

/// An authorize request at `provider`'s mock: its status and page.
async fn authorize(
    t: &TestMocks,
    provider: Provider,
    client_id: &str,
    redirect_uri: &str,
) -> (u16, String) {
    let (base, mut params) = match provider {
        Provider::GitHub => (&t.github, vec![]),
        Provider::Google => (
            &t.google,
            vec![("response_type", "code"), ("scope", "openid email")],
        ),
    };
    params.extend([("client_id", client_id), ("redirect_uri", redirect_uri)]);
    let mut url = url::Url::parse(&format!("{base}{}", provider.authorize_path())).unwrap();
    url.query_pairs_mut().extend_pairs(params);
    let response = helpers::browser().get(url.as_str()).fetch().await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The page's command blocks, as a person copies them.
fn commands(page: &str) -> Vec<String> {
    let open = r#"<pre class="command""#;
    let blocks = page.split(open).skip(1);
    let text = blocks.map(|block| {
        let start = block.find("<code>").unwrap() + "<code>".len();
        let end = block.find("</code>").unwrap();
        decode_html_entities(&block[start..end]).into_owned()
    });
    text.collect()
}

/// The words a POSIX shell makes of `command` (bare words and single quotes, all it uses).
fn shell_words(command: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut started) = (vec![], String::new(), false, false);
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => (quoted, started) = (!quoted, true),
            '\\' if !quoted => word.extend(chars.next()),
            c if c.is_whitespace() && !quoted => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => word.push(c),
        }
    }
    assert!(!quoted, "the quotes close: {command}");
    words.extend((started || !word.is_empty()).then_some(word));
    words
}

/// Runs a page's `curl -X POST URL -H ... -d BODY` (with `secret` in place of the placeholder):
/// the URL, the body as sent, and the mock's answer.
async fn run_curl(command: &str, secret: &str) -> (String, Value, (u16, Value)) {
    let words = shell_words(command);
    let [curl, x, post, url, h, header, d, body] = &words[..] else {
        panic!("eight words: {words:?}");
    };
    let flags = [curl, x, post, h, header, d].map(String::as_str);
    let expected = [
        "curl",
        "-X",
        "POST",
        "-H",
        "content-type: application/json",
        "-d",
    ];
    assert_eq!(flags, expected, "{command}");
    let mut body: Value = serde_json::from_str(body).unwrap();
    if body["client_secret"] == SECRET_PLACEHOLDER {
        body["client_secret"] = json!(secret);
    }
    let answer = post_json(url, body.clone()).await;
    (url.clone(), body, answer)
}

fn callback(provider: Provider) -> String {
    format!(
        "http://devbox.example:4300/auth/{}/callback",
        provider.slug()
    )
}

#[tokio::test]
async fn an_unknown_client_gets_the_mocks_own_client_and_a_command_that_registers_it() {
    let t = helpers::spawn().await;
    for (provider, status, words) in [
        (Provider::GitHub, 404, "Unknown application"),
        (Provider::Google, 401, "invalid_client"),
    ] {
        let uri = callback(provider);
        let (got, page) = authorize(&t, provider, "my-app", &uri).await;
        assert_eq!(got, status, "{provider}: the provider's status");
        assert!(page.contains(words), "{provider}: the provider's words");
        assert!(page.contains("client_id=my-app"), "{provider}: names it");
        let [own, register] = &commands(&page)[..] else {
            panic!("{provider}: two commands: {page}");
        };
        let prefix = provider.name().to_uppercase();
        let (id, secret) = match provider {
            Provider::GitHub => ("logout-lab-github", GITHUB_CLIENT_SECRET),
            Provider::Google => (
                "logout-lab.apps.googleusercontent.com",
                GOOGLE_CLIENT_SECRET,
            ),
        };
        let expected = format!("{prefix}_CLIENT_ID={id}\n{prefix}_CLIENT_SECRET={secret}");
        assert_eq!(own, &expected, "{provider}: the mock's client");
        let (url, body, (status, _)) = run_curl(register, "my-secret").await;
        assert!(url.ends_with("/__mock/clients"), "{provider}: {url}");
        assert_eq!(body["client_id"], "my-app", "{provider}");
        assert_eq!(body["redirect_uris"], json!([uri]), "{provider}");
        assert_eq!(status, 201, "{provider}: registered");
        let (again, _) = authorize(&t, provider, "my-app", &uri).await;
        assert_eq!(again, 302, "{provider}: then on to sign in");
    }
}

#[tokio::test]
async fn no_client_id_gets_the_mocks_own_client_only() {
    let t = helpers::spawn().await;
    for provider in Provider::ALL {
        let (_, page) = authorize(&t, provider, "", &callback(provider)).await;
        assert!(page.contains("sent no"), "{provider}: {page}");
        let commands = commands(&page);
        assert_eq!(commands.len(), 1, "{provider}: nothing to register");
        assert!(commands[0].contains("_CLIENT_ID=logout-lab"), "{provider}");
    }
}

#[tokio::test]
async fn what_the_request_sent_is_escaped_on_the_page_and_stays_data_in_the_command() {
    let t = helpers::spawn().await;
    let crafted = "x' -d @/etc/passwd; touch pwned; echo '<script>alert(1)</script>";
    for provider in Provider::ALL {
        let (_, page) = authorize(&t, provider, crafted, &callback(provider)).await;
        assert!(!page.contains("<script>"), "{provider}: escaped");
        assert!(page.contains("&lt;script&gt;"), "{provider}: shown");
        let register = &commands(&page)[1];
        let (_, body, (status, _)) = run_curl(register, "s").await;
        assert_eq!(body["client_id"], crafted, "{provider}: one word, the id");
        assert_eq!(status, 201, "{provider}");
    }
}

#[tokio::test]
async fn an_unregistered_redirect_uri_is_named_with_the_command_that_registers_it() {
    let t = helpers::spawn().await;
    for (provider, client, words) in [
        (
            Provider::GitHub,
            "logout-lab-github",
            "not associated with this application",
        ),
        (
            Provider::Google,
            "logout-lab.apps.googleusercontent.com",
            "redirect_uri_mismatch",
        ),
    ] {
        let uri = callback(provider);
        let (status, page) = authorize(&t, provider, client, &uri).await;
        assert_eq!(status, 400, "{provider}");
        assert!(page.contains(words), "{provider}: the provider's words");
        assert!(
            page.contains(&format!("redirect_uri={uri}")),
            "{provider}: names it"
        );
        let registered = format!("http://localhost:3000/auth/{}/callback", provider.slug());
        assert!(
            page.contains(&registered),
            "{provider}: and the registered ones"
        );
        let [register] = &commands(&page)[..] else {
            panic!("{provider}: one command: {page}");
        };
        assert!(
            !register.contains(SECRET_PLACEHOLDER),
            "{provider}: the secret is public"
        );
        let (_, body, (status, _)) = run_curl(register, "unused").await;
        assert_eq!(body["redirect_uris"], json!([uri]), "{provider}");
        assert_eq!(status, 200, "{provider}: added to the default client");
        let (again, _) = authorize(&t, provider, client, &uri).await;
        assert_eq!(again, 302, "{provider}: then on to sign in");
    }
}

#[tokio::test]
async fn another_clients_secret_stays_a_placeholder() {
    let t = helpers::spawn().await;
    for provider in Provider::ALL {
        let base = match provider {
            Provider::GitHub => &t.github,
            Provider::Google => &t.google,
        };
        let client = json!({"client_id": "mine", "client_secret": "hidden-secret",
            "redirect_uris": ["https://mine.example/cb"]});
        let (status, _) = post_json(&format!("{base}/__mock/clients"), client).await;
        assert_eq!(status, 201);
        let (_, page) = authorize(&t, provider, "mine", &callback(provider)).await;
        assert!(!page.contains("hidden-secret"), "{provider}: not shown");
        let (_, _, (status, _)) = run_curl(&commands(&page)[0], "hidden-secret").await;
        assert_eq!(status, 200, "{provider}: works with the secret filled in");
    }
}

#[tokio::test]
async fn a_uri_no_client_can_register_gets_no_command() {
    let t = helpers::spawn().await;
    let uri = "http://localhost:3000/auth/callback#fragment";
    for (provider, client) in [
        (Provider::GitHub, "logout-lab-github"),
        (Provider::Google, "logout-lab.apps.googleusercontent.com"),
    ] {
        let (status, page) = authorize(&t, provider, client, uri).await;
        assert_eq!(status, 400, "{provider}");
        assert!(commands(&page).is_empty(), "{provider}: no command");
        assert!(
            page.contains("not a redirect URI a client can register"),
            "{provider}"
        );
    }
}
