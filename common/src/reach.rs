//! Whether a provider's sign-in page answers, asked when a login starts, before the browser
//! is sent there: with the mocks stopped, a login would otherwise leave the app for the
//! browser's own "This site can't be reached", which names neither the mock nor how to start
//! it. The app shows its own page instead, from [`NotAnswering`].
//!
//! Only a sign-in page on this machine is checked (a loopback host, as the mocks' are by
//! default): there the app's view is the browser's, and a connection is accepted or refused
//! at once. A provider elsewhere is the browser's to reach, from its own network, and is not
//! asked. The check opens a TCP connection and sends nothing, so the mock records no call.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use axum::http::Uri;
use tokio::net::TcpStream;

use crate::Provider;

/// The command that starts the mock providers.
pub const START_MOCKS: &str = "cargo run -p mock-providers";

/// How long the check waits for a connection.
pub const TIMEOUT: Duration = Duration::from_secs(1);

/// A provider's sign-in page that nothing answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAnswering {
    pub provider: Provider,
    /// Where it was tried: the authorize URL's origin, `http://127.0.0.1:3001`.
    pub address: String,
    /// What the connection met: `connection refused`, `no answer within 1 s`.
    pub why: String,
}

impl fmt::Display for NotAnswering {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let NotAnswering {
            provider,
            address,
            why,
        } = self;
        write!(
            f,
            "{provider} cannot be reached at {address} ({why}), so the login did not start. If it \
             is the lab's mock {provider}, start the mock providers with `{START_MOCKS}`, then \
             log in again"
        )
    }
}

impl std::error::Error for NotAnswering {}

/// When `authorize_url` is on this machine, whether something accepts a connection at its
/// host and port within [`TIMEOUT`]; any other URL is taken to answer.
pub async fn sign_in_page(provider: Provider, authorize_url: &str) -> Result<(), NotAnswering> {
    let Ok(uri) = authorize_url.parse::<Uri>() else {
        return Ok(());
    };
    let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) else {
        return Ok(());
    };
    if !is_loopback(host) {
        return Ok(());
    }
    let port = uri
        .port_u16()
        .unwrap_or(if scheme == "https" { 443 } else { 80 });
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let why = match tokio::time::timeout(TIMEOUT, TcpStream::connect((bare, port))).await {
        Ok(Ok(_)) => return Ok(()),
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused: nothing listens there".to_string()
        }
        Ok(Err(e)) => e.to_string(),
        Err(_) => format!("no answer within {} s", TIMEOUT.as_secs()),
    };
    let address = format!("{scheme}://{host}:{port}");
    Err(NotAnswering {
        provider,
        address,
        why,
    })
}

/// `localhost` (and names under it) or a loopback address (`127.0.0.1`, `[::1]`).
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::{TcpListener, TcpSocket};

    #[test]
    fn loopback_hosts_are_this_machine() {
        for host in [
            "localhost",
            "LOCALHOST",
            "app.localhost",
            "127.0.0.1",
            "127.1.2.3",
            "[::1]",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "github.com",
            "10.0.0.1",
            "[2001:db8::1]",
            "localhost.example",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[tokio::test]
    async fn a_listening_page_answers_and_other_hosts_are_not_asked() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let url = format!("http://127.0.0.1:{port}/login/oauth/authorize");
        assert_eq!(sign_in_page(Provider::GitHub, &url).await, Ok(()));
        let localhost = format!("http://localhost:{port}/login/oauth/authorize");
        assert_eq!(sign_in_page(Provider::GitHub, &localhost).await, Ok(()));
        let real = "https://github.com/login/oauth/authorize";
        assert_eq!(sign_in_page(Provider::GitHub, real).await, Ok(()));
        assert_eq!(sign_in_page(Provider::GitHub, "not a url").await, Ok(()));
    }

    #[tokio::test]
    async fn a_page_nothing_listens_at_is_named_with_the_command_that_starts_the_mocks() {
        // Bound but not listening: the port stays taken, and every connection is refused.
        let socket = TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let port = socket.local_addr().unwrap().port();
        let url = format!("http://127.0.0.1:{port}/o/oauth2/v2/auth");
        let error = sign_in_page(Provider::Google, &url).await.unwrap_err();
        assert_eq!(error.address, format!("http://127.0.0.1:{port}"));
        assert_eq!(error.why, "connection refused: nothing listens there");
        let said = error.to_string();
        assert!(
            said.starts_with(&format!(
                "Google cannot be reached at http://127.0.0.1:{port}"
            )),
            "{said}"
        );
        assert!(said.contains("`cargo run -p mock-providers`"), "{said}");
    }
}
