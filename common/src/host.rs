//! One address for an app: a request sent to another host than its base URL's (the app of
//! `http://localhost:3000` opened at `http://127.0.0.1:3000`) is sent to the base URL before
//! anything else happens. Cookies are per host name: a login started at the other address
//! sets its state cookie there, the provider brings the browser back to the base URL, where
//! that cookie is not sent, and the login ends in "Invalid state" for no reason the user
//! could guess.
//!
//! `GET` and `HEAD` answer 307 to the same path and query on the base URL. Any other method
//! (a form posted to the other address) cannot be redirected safely: it answers 421
//! Misdirected Request naming the address to use, a page for a browser (its `Accept` has
//! `text/html`) and `{"error": "..."}` for an API client. A request that names no host (HTTP
//! 1.0) passes. Both apps add it with one line: `.layer(common::host::layer(base_url))`.
//!
//! Behind a reverse proxy, the proxy must pass the browser's `Host` on (nginx:
//! `proxy_set_header Host $host;`), or every request is sent to the base URL again.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{FromFnLayer, Next, from_fn_with_state};
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use serde::Serialize;

/// What the layer runs for each request.
type Guard = fn(State<Arc<Base>>, Request, Next) -> Pin<Box<dyn Future<Output = Response> + Send>>;

/// The layer [`layer`] returns: add it to a router with `.layer(...)`.
pub type HostLayer = FromFnLayer<Guard, Arc<Base>, (State<Arc<Base>>, Request)>;

/// The layer that sends every request for another host to `base_url` (the app's `BASE_URL`).
/// A base URL that does not parse sends nothing anywhere: every request passes.
pub fn layer(base_url: &str) -> HostLayer {
    from_fn_with_state(Arc::new(Base::new(base_url)), guard as Guard)
}

/// The base URL, and the host and port a request must name to be served.
#[derive(Debug, Clone)]
pub struct Base {
    /// Without a trailing slash: `http://localhost:3000`.
    url: String,
    /// `http` or `https`: how the address a request named is written back.
    scheme: String,
    /// The host, and the port (the scheme's default when the URL names none); `None` when
    /// the base URL does not parse.
    authority: Option<(String, u16)>,
}

impl Base {
    fn new(base_url: &str) -> Base {
        let url = base_url.trim_end_matches('/').to_string();
        let uri = url.parse::<Uri>().ok();
        let scheme = uri
            .as_ref()
            .and_then(Uri::scheme_str)
            .unwrap_or("http")
            .to_string();
        let authority = uri.as_ref().and_then(|uri| {
            let host = uri.host()?.to_ascii_lowercase();
            Some((host, uri.port_u16().unwrap_or(default_port(&scheme))))
        });
        Base {
            url,
            scheme,
            authority,
        }
    }

    /// Whether `asked` (a request's `Host`) names the base URL's host and port.
    fn is_here(&self, asked: &str) -> bool {
        let Some((host, port)) = &self.authority else {
            return true;
        };
        asked.parse::<Authority>().is_ok_and(|asked| {
            asked.host().eq_ignore_ascii_case(host)
                && asked.port_u16().unwrap_or(default_port(&self.scheme)) == *port
        })
    }
}

fn default_port(scheme: &str) -> u16 {
    if scheme.eq_ignore_ascii_case("https") {
        443
    } else {
        80
    }
}

fn guard(
    State(base): State<Arc<Base>>,
    request: Request,
    next: Next,
) -> Pin<Box<dyn Future<Output = Response> + Send>> {
    match misdirected(&base, &request) {
        Some(answer) => Box::pin(async move { answer }),
        None => Box::pin(next.run(request)),
    }
}

/// The host a request names: its URI's (absolute form), else its `Host` header; `Some("")`
/// for a `Host` that is not text, `None` when it names none.
fn asked_host(request: &Request) -> Option<String> {
    if let Some(authority) = request.uri().authority() {
        return Some(authority.as_str().to_string());
    }
    let host = request.headers().get(header::HOST)?;
    Some(host.to_str().unwrap_or_default().to_string())
}

/// The answer to a request for another host than the base URL's, or `None` to serve it.
fn misdirected(base: &Base, request: &Request) -> Option<Response> {
    let asked = asked_host(request)?;
    if base.is_here(&asked) {
        return None;
    }
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        let target = HeaderValue::try_from(format!("{}{path}", base.url))
            .or_else(|_| HeaderValue::try_from(format!("{}/", base.url)))
            .ok()?;
        let note = format!("This app is at {}/: open it there.\n", base.url);
        let headers = [(header::LOCATION, target)];
        return Some((StatusCode::TEMPORARY_REDIRECT, headers, note).into_response());
    }
    let elsewhere = match asked.parse::<Authority>() {
        Ok(asked) => format!("{}://{asked}", base.scheme),
        Err(_) => "another address".to_string(),
    };
    let status = StatusCode::MISDIRECTED_REQUEST;
    if crate::page::wants_html(request.headers()) {
        return Some((status, Html(wrong_address_page(&base.url, &elsewhere))).into_response());
    }
    let error = format!(
        "Misdirected request: this app is at {} (its BASE_URL), not at {elsewhere}; send the \
         request there",
        base.url
    );
    Some((status, Json(ErrorBody { error })).into_response())
}

#[derive(Serialize)]
struct ErrorBody {
    error: String,
}

/// The page a browser gets for a form sent to the other address.
fn wrong_address_page(base: &str, elsewhere: &str) -> String {
    let style = "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:1rem auto;\
                 padding:0 1rem}code{overflow-wrap:anywhere;background:#f3f3f3}";
    let head = html! { style { (style) } };
    let body = html! {
        h1 { "Wrong address for this app" }
        p { "This app is at " code { (base) } ", not at " code { (elsewhere) } ". Its logins and cookies work only at that address, so nothing was done here." }
        p { "Whether you are logged in there is unchanged. Open the app at its address and press the button again." }
        p { a href={ (base) "/" } { "Open " (base) "/" } }
    };
    crate::page::document("Wrong address for this app", head, body).into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use reqwest::redirect::Policy;
    use tokio::net::TcpListener;

    /// A server with a route at `/` for `GET` and `POST`, behind the layer for `base`;
    /// returns its URL (on 127.0.0.1).
    async fn serve(base: &str) -> (crate::Server, String) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let router = Router::new()
            .route("/", get(|| async { "served" }).post(|| async { "posted" }))
            .layer(layer(base));
        let server = crate::Server::spawn(listener, router, "test server").unwrap();
        let url = server.url().to_string();
        (server, url)
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    #[test]
    fn the_base_host_and_port_match_whatever_the_case_and_default_port() {
        let base = Base::new("http://LocalHost:3000/");
        assert_eq!(base.url, "http://LocalHost:3000");
        assert!(base.is_here("localhost:3000") && base.is_here("LOCALHOST:3000"));
        assert!(!base.is_here("127.0.0.1:3000") && !base.is_here("localhost:3001"));
        assert!(!base.is_here("localhost") && !base.is_here("") && !base.is_here("a b"));
        let base = Base::new("https://lab.example");
        assert!(base.is_here("lab.example") && base.is_here("lab.example:443"));
        assert!(!base.is_here("lab.example:80"));
        let base = Base::new("http://[::1]:3000");
        assert!(base.is_here("[::1]:3000") && !base.is_here("127.0.0.1:3000"));
        assert!(
            Base::new("not a url").is_here("anything"),
            "no base, no check"
        );
    }

    #[tokio::test]
    async fn a_get_for_another_host_is_sent_to_the_same_path_on_the_base_url() {
        let port = 4999;
        let (_server, url) = serve(&format!("http://localhost:{port}")).await;
        let answer = client()
            .get(format!("{url}/?a=1&b=%20"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::TEMPORARY_REDIRECT);
        let location = answer.headers()[header::LOCATION].to_str().unwrap();
        assert_eq!(location, format!("http://localhost:{port}/?a=1&b=%20"));
        let head = client().head(format!("{url}/")).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::TEMPORARY_REDIRECT);
    }

    #[tokio::test]
    async fn a_request_for_the_base_host_is_served() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = crate::server::url_of(listener.local_addr().unwrap());
        let router = Router::new()
            .route("/", get(|| async { "served" }))
            .layer(layer(&base));
        let _server = crate::Server::spawn(listener, router, "test server").unwrap();
        let answer = client().get(format!("{base}/")).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(answer.text().await.unwrap(), "served");
    }

    #[tokio::test]
    async fn a_form_posted_to_another_host_is_421_naming_the_address_to_use() {
        let (_server, url) = serve("http://localhost:4999").await;
        let api = client().post(format!("{url}/")).send().await.unwrap();
        assert_eq!(api.status(), StatusCode::MISDIRECTED_REQUEST);
        let body: serde_json::Value = api.json().await.unwrap();
        let error = body["error"].as_str().unwrap();
        assert!(
            error.starts_with("Misdirected request: this app is at http://localhost:4999"),
            "{error}"
        );
        assert!(error.contains(&format!("not at {url}")), "{error}");
        let browser = client()
            .post(format!("{url}/"))
            .header(header::ACCEPT, "text/html,*/*;q=0.8")
            .send()
            .await
            .unwrap();
        assert_eq!(browser.status(), StatusCode::MISDIRECTED_REQUEST);
        let page = browser.text().await.unwrap();
        assert!(
            page.contains("<h1>Wrong address for this app</h1>"),
            "{page}"
        );
        assert!(
            page.contains("href=\"http://localhost:4999/\""),
            "a link to the app: {page}"
        );
    }
}
