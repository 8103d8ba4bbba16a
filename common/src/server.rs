//! A server started on an already-bound listener, and the handle that stops it: `main`,
//! tests and the checker all start the app and the mocks this way, tests on port 0.

use std::net::SocketAddr;

use axum::Router;
use axum::routing::IntoMakeService;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running server.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    url: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Serves `router` on `listener` until [`Server::shutdown`]; `name` says which server in
    /// the log should it stop with an error.
    pub fn spawn(
        listener: TcpListener,
        router: Router,
        name: &'static str,
    ) -> std::io::Result<Server> {
        Server::spawn_with(listener, router, name, async {})
    }

    /// As [`Server::spawn`], with a background task that lives as long as the server (the
    /// app's revocation queue): it starts with the server and is stopped with it.
    pub fn spawn_with(
        listener: TcpListener,
        router: Router,
        name: &'static str,
        background: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<Server> {
        let addr = listener.local_addr()?;
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let background = tokio::spawn(background);
            let server = axum::serve(listener, per_connection(router));
            let server = server.with_graceful_shutdown(async move {
                let _ = rx.await;
            });
            if let Err(error) = server.await {
                tracing::error!(%error, "{name} stopped");
            }
            background.abort();
        });
        Ok(Server {
            addr,
            url: url_of(addr),
            shutdown: Some(tx),
            task,
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Where it can be reached, without a trailing slash: `http://127.0.0.1:3001`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Stops accepting connections, lets requests in flight finish, and waits.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Waits until the server stops (it runs until `shutdown` or the process ends).
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

/// What each connection is served by: the router, turned into routes once. Served as it is,
/// a `Router` rebuilds its route table for every connection it accepts (axum 0.8 calls
/// `with_state(())` per connection), about 18 KiB that a kept-alive connection to a mock
/// holds as long as it lives; here a connection clones an `Arc`.
fn per_connection(router: Router) -> IntoMakeService<Router> {
    router.with_state::<()>(()).into_make_service()
}

/// `http://HOST:PORT` for a listening address: an unspecified address (`0.0.0.0`, `[::]`) is
/// reached on loopback; an IPv6 host is bracketed.
pub fn url_of(addr: SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    format!("http://{host}:{}", addr.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspecified_addresses_are_reached_on_loopback_and_ipv6_is_bracketed() {
        assert_eq!(
            url_of("0.0.0.0:3001".parse().unwrap()),
            "http://127.0.0.1:3001"
        );
        assert_eq!(url_of("[::1]:80".parse().unwrap()), "http://[::1]:80");
        assert_eq!(url_of("127.0.0.1:9".parse().unwrap()), "http://127.0.0.1:9");
    }

    #[tokio::test]
    async fn a_server_answers_until_shut_down() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let router = Router::new().route("/", axum::routing::get(|| async { "hi" }));
        let server = Server::spawn(listener, router, "test server").unwrap();
        let addr = server.addr();
        let answer = reqwest::get(format!("{}/", server.url())).await.unwrap();
        assert_eq!(answer.text().await.unwrap(), "hi");
        server.shutdown().await;
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "closed"
        );
    }
}
