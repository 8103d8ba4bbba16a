//! A server started on an already-bound listener, and the handle that stops it: `main`,
//! tests and the checker all start the app and the mocks this way, tests on port 0.
//!
//! Every connection has a deadline for what it sends: [`HEADER_READ`] for a request's head,
//! which is also how long a kept-alive connection may sit idle between requests (hyper starts
//! the same timer once an answer is sent), and [`BODY_READ`] between two pieces of a body. A
//! client that stops halfway is cut off, so half-sent requests cannot hold every connection
//! the process may open. `axum::serve` sets no such timer; hyper's own settings do it here.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// How long a client may take to send a request's head, and how long a kept-alive connection
/// may stay idle before its next request.
pub const HEADER_READ: Duration = Duration::from_secs(10);
/// How long a request's body may go without a byte arriving.
pub const BODY_READ: Duration = Duration::from_secs(10);

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
            serve(listener, router, rx, name).await;
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

/// Accepts connections until `stop`, then lets each finish the request it is answering and
/// waits for them. The router is turned into routes once: each connection clones an `Arc`
/// (`axum::serve` rebuilt the route table, about 18 KiB, for every connection).
async fn serve(listener: TcpListener, router: Router, stop: oneshot::Receiver<()>, name: &str) {
    let router = router
        .layer(RequestBodyTimeoutLayer::new(BODY_READ))
        .with_state::<()>(());
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ);
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    wait_after(&error, name).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(graceful.watch(connection));
    }
    drop(listener);
    graceful.shutdown().await;
}

/// After a failed accept: a connection that went before it was taken is nothing; out of file
/// descriptors (or memory), the server waits a moment for some to close, as `axum::serve`
/// does, rather than spin.
async fn wait_after(error: &std::io::Error, name: &str) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "{name} could not accept a connection");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Binds `addr` for a binary's server, or says in one line which address failed and why; for
/// a port in use, `choose` says how to pick another.
pub async fn bind(addr: &str, choose: &str) -> Result<TcpListener, String> {
    TcpListener::bind(addr)
        .await
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AddrInUse => {
                format!("Cannot listen on {addr}: the port is already in use. {choose}")
            }
            _ => format!("Cannot listen on {addr}: {error}"),
        })
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

    // The deadlines, on a paused clock: the runtime moves it on to the next timer whenever
    // nothing else is left to do, so a client that stops sending meets the deadline at once,
    // and a server without one never closes (the outer timeout then fails the test).

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    /// A server whose `POST /` reads the whole body.
    async fn echo() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let read = |body: String| async move { format!("{} bytes", body.len()) };
        let router = Router::new().route("/", axum::routing::post(read));
        Server::spawn(listener, router, "test server").unwrap()
    }

    /// Sends `bytes`, then reads until the server closes the connection: what it answered,
    /// and how long the server waited (on the paused clock).
    async fn send_then_wait(server: &Server, bytes: &[u8]) -> (String, Duration) {
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        stream.write_all(bytes).await.unwrap();
        let started = tokio::time::Instant::now();
        let mut answer = Vec::new();
        let read = stream.read_to_end(&mut answer);
        let closed = tokio::time::timeout(HEADER_READ + BODY_READ + HEADER_READ, read).await;
        assert!(closed.is_ok(), "the server never closed the connection");
        (
            String::from_utf8_lossy(&answer).into_owned(),
            started.elapsed(),
        )
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_that_stops_in_the_middle_of_a_head_is_closed() {
        let server = echo().await;
        let (answer, waited) = send_then_wait(&server, b"POST / HTTP/1.1\r\nHost: x\r\n").await;
        assert!(!answer.contains("bytes"), "{answer}");
        assert!(waited >= HEADER_READ, "{waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_stops_arriving_is_ended_and_the_connection_closed() {
        let server = echo().await;
        let head = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b";
        let (answer, waited) = send_then_wait(&server, head).await;
        assert!(
            !answer.contains("bytes"),
            "never answered as read whole: {answer}"
        );
        assert!(waited >= BODY_READ, "{waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_kept_alive_connection_is_closed_after_its_answer() {
        let server = echo().await;
        let request = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi";
        let (answer, waited) = send_then_wait(&server, request).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("2 bytes"), "answered first: {answer}");
        assert!(waited >= HEADER_READ, "{waited:?}");
    }
}
