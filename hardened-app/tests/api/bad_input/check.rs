//! The property, run against one server: every generated request is answered (no panic, no
//! dropped connection), never with a 5xx, and every 4xx in the shape its route documents;
//! no fault gets armed at a mock; and the server still serves every few hundred cases and
//! at the end. What was answered is tallied for the summary.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

use super::lab::{LIVE_SESSION, Lab, RUNTIME, Which, server_panics};
use super::request::{Answer, BadRequest};
use super::routes::{Server, Shape};
use super::strategies;

/// The answers seen: (server, status or "no answer") to a count.
pub static STATUSES: Mutex<BTreeMap<(&'static str, String), u64>> = Mutex::new(BTreeMap::new());
/// The generated requests sent (shrinking's re-runs included).
pub static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// Answers that come from hyper before any route runs, with an empty body: a head larger than
/// hyper reads (431) or a URI longer than it takes (414).
const BEFORE_ANY_ROUTE: &[u16] = &[414, 431];

/// A body this large may not be sent whole: a server answers a route that does not read the
/// body (or reads no more than its 2 MiB limit) and closes the connection, and a client still
/// writing it sees a broken pipe rather than the answer, or the answer's head and then a reset
/// instead of its body. Such a case then asks the server a plain request at once, to show it
/// still serves.
const LARGE_BODY: usize = 64 * 1024;

/// The "status" of a large body the server closed the connection on (see [`LARGE_BODY`]).
const NOT_SENT_WHOLE: u16 = 0;

/// How often the server is asked a request it must answer 2xx, as proof it still serves.
const ALIVE_EVERY: u64 = 500;

/// Runs `cases` generated requests against the lab's server.
pub fn fuzz(lab: &Lab, server: &Server, cases: u32) -> Result<(), String> {
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 400,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let client = new_client(true);
    let unpooled = new_client(false);
    let strategy = strategies::request(server, &lab.base, &lab.known);
    let sent = AtomicU64::new(0);
    let result = runner.run(&strategy, |request| {
        let request = with_live_values(lab, request);
        RUNTIME.block_on(async {
            REQUESTS.fetch_add(1, Ordering::Relaxed);
            let mut answer = request.send(&client).await;
            if answer.as_ref().is_err_and(|e| !e.is_timeout()) {
                // A kept-alive connection the server closed after its last answer (as it does
                // after an answer given before a body was read) fails the next request sent
                // on it: the request goes again once, alone on a new connection.
                REQUESTS.fetch_add(1, Ordering::Relaxed);
                answer = request.send(&unpooled).await;
            }
            let status = judge(server, &request, answer)?;
            no_fault_armed(lab)?;
            if status == NOT_SENT_WHOLE {
                still_serves(lab, server, &unpooled).await?;
            }
            if lab.which == Which::App && ends_the_live_session(&request, status) {
                lab.restore().await;
            }
            if sent.fetch_add(1, Ordering::Relaxed) % ALIVE_EVERY == ALIVE_EVERY - 1 {
                still_serves(lab, server, &unpooled).await?;
            }
            Ok(())
        })
    });
    match result {
        Ok(()) => RUNTIME
            .block_on(still_serves(lab, server, &unpooled))
            .map_err(|e| format!("{}: after the last case: {e}", server.name)),
        Err(TestError::Fail(why, request)) => Err(format!(
            "{}: {why}\n\nthe smallest failing request found:\n{request:?}",
            server.name
        )),
        Err(TestError::Abort(why)) => Err(format!("{}: aborted: {why}", server.name)),
    }
}

/// A client without cookies or redirects; `pooled: false` opens a connection per request.
fn new_client(pooled: bool) -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20));
    let builder = match pooled {
        true => builder,
        false => builder.pool_max_idle_per_host(0),
    };
    builder.build().unwrap()
}

/// The request with the app's live session id in place of its stand-in.
fn with_live_values(lab: &Lab, mut request: BadRequest) -> BadRequest {
    let live = lab.session.borrow().clone();
    let swap =
        |bytes: &[u8]| -> Vec<u8> { replace(bytes, LIVE_SESSION.as_bytes(), live.as_bytes()) };
    for (_, value) in &mut request.headers {
        *value = swap(value);
    }
    request.body = swap(&request.body);
    if request.url.as_str().contains(LIVE_SESSION) {
        let url = request.url.as_str().replace(LIVE_SESSION, &live);
        request.url = url.parse().unwrap_or(request.url);
    }
    request
}

fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// Whether a case may have logged the lab's browser out or unlinked a provider: a 2xx to
/// `POST /logout` or `/disconnect/...` carrying the live session.
fn ends_the_live_session(request: &BadRequest, status: u16) -> bool {
    let path = request.path();
    (200..300).contains(&status)
        && (path == "/logout" || path.starts_with("/disconnect/"))
        && request.header("cookie").is_some()
}

/// The status of an acceptable answer, or why it is not.
fn judge(
    server: &Server,
    request: &BadRequest,
    answer: Result<Answer, reqwest::Error>,
) -> Result<u16, TestCaseError> {
    let panics = server_panics();
    if !panics.is_empty() {
        return Err(fail(format!("the server panicked: {}", panics.join("; "))));
    }
    let answer = match answer {
        Ok(answer) => answer,
        Err(error) if request.body.len() > LARGE_BODY && !error.is_timeout() => {
            tally(server, "no answer (body refused)".into());
            return Ok(NOT_SENT_WHOLE);
        }
        Err(error) => return Err(fail(format!("no answer: {error:?}"))),
    };
    if answer.status >= 500 {
        tally(server, answer.status.to_string());
        return Err(fail(format!("answered {}: {}", answer.status, answer.body)));
    }
    if answer.body_lost && request.body.len() > LARGE_BODY {
        tally(
            server,
            format!("{} (body lost to the closed connection)", answer.status),
        );
        return Ok(NOT_SENT_WHOLE);
    }
    tally(server, answer.status.to_string());
    if !(400..500).contains(&answer.status) || request.method == "HEAD" {
        return Ok(answer.status);
    }
    if BEFORE_ANY_ROUTE.contains(&answer.status) && answer.body.is_empty() {
        return Ok(answer.status);
    }
    let shape = server.shape(&request.method, request.path());
    shape_of(shape, request, &answer).map_err(|why| {
        fail(format!(
            "a {} whose body is not {shape:?} ({why}): content-type {:?}, body {}",
            answer.status,
            answer.content_type,
            answer.body.chars().take(600).collect::<String>()
        ))
    })?;
    Ok(answer.status)
}

fn fail(why: String) -> TestCaseError {
    TestCaseError::fail(super::request::compact(&why))
}

/// Whether a 4xx has the documented shape.
fn shape_of(shape: Shape, request: &BadRequest, answer: &Answer) -> Result<(), String> {
    match shape {
        Shape::TimelineForm if guard_refusal(answer) => Ok(()),
        Shape::Negotiated | Shape::TimelineForm if request.wants_html() => page(answer),
        Shape::Negotiated | Shape::TimelineForm | Shape::JsonError => json_with(answer, "error"),
        Shape::GitHubRest | Shape::GitHubNotFound
            if answer.status == 403 && !request.has_user_agent() =>
        {
            let plain = answer.content_type.starts_with("text/plain");
            match plain && answer.body.contains("User-Agent") {
                true => Ok(()),
                false => Err("not GitHub's plain-text 403 asking for a User-Agent".into()),
            }
        }
        Shape::GitHubNotFound if request.wants_html() => page(answer),
        Shape::GitHubRest | Shape::GitHubNotFound => json_with(answer, "message"),
        Shape::Page => page(answer),
        Shape::GitHubToken if answer.status == 413 => json_with(answer, "message"),
        Shape::GitHubToken => Err("documented to answer every OAuth error with a 200".into()),
    }
}

/// The `/__mock/` guard's JSON refusals: 421 for another host, 403 from another site.
fn guard_refusal(answer: &Answer) -> bool {
    let value: serde_json::Value = serde_json::from_str(&answer.body).unwrap_or_default();
    let error = value["error"].as_str().unwrap_or_default();
    json_with(answer, "error").is_ok()
        && match answer.status {
            421 => error.starts_with("Misdirected request"),
            403 => error.starts_with("Cross-site request refused"),
            _ => false,
        }
}

fn json_with(answer: &Answer, field: &str) -> Result<(), String> {
    if !answer.content_type.starts_with("application/json") {
        return Err("not JSON".into());
    }
    let value: serde_json::Value =
        serde_json::from_str(&answer.body).map_err(|e| format!("the JSON does not parse: {e}"))?;
    match value[field].is_string() {
        true => Ok(()),
        false => Err(format!("no string field `{field}`")),
    }
}

fn page(answer: &Answer) -> Result<(), String> {
    let html = answer.content_type.starts_with("text/html")
        && answer.body.to_ascii_lowercase().contains("<html");
    match html {
        true => Ok(()),
        false => Err("not an HTML page".into()),
    }
}

/// No fault is armed at either mock of the lab: random input must never arm one (see
/// `strategies::poisoned_body`), or later answers would be 5xx on purpose.
fn no_fault_armed(lab: &Lab) -> Result<(), TestCaseError> {
    let faults = lab.armed_faults();
    match faults.is_empty() {
        true => Ok(()),
        false => Err(fail(format!("the request armed a fault: {faults:?}"))),
    }
}

/// The server answers a plain request as it should, on a new connection (`client` is the
/// unpooled one): a kept-alive connection the server has just closed, after a body it did not
/// read whole, would fail the request without the server being at fault.
async fn still_serves(
    lab: &Lab,
    server: &Server,
    client: &reqwest::Client,
) -> Result<(), TestCaseError> {
    let (path, expected) = server.alive;
    let answer = client.get(format!("{}{path}", lab.base)).send().await;
    match answer {
        Ok(response) if response.status().as_u16() == expected => Ok(()),
        Ok(response) => Err(fail(format!(
            "the server no longer serves: GET {path} answered {}",
            response.status()
        ))),
        Err(error) => Err(fail(format!(
            "the server no longer serves: GET {path}: {error:?}"
        ))),
    }
}

fn tally(server: &Server, status: String) {
    let mut statuses = STATUSES.lock().unwrap_or_else(|e| e.into_inner());
    *statuses.entry((server.name, status)).or_default() += 1;
}

/// The summary: requests sent, and a table of the statuses seen per server.
pub fn summary(servers: &[Server], cases: u32, elapsed: Duration) -> String {
    let statuses = STATUSES.lock().unwrap_or_else(|e| e.into_inner());
    let mut rows: Vec<&String> = statuses.keys().map(|(_, s)| s).collect();
    rows.sort_by_key(|s| (s.parse::<u16>().unwrap_or(u16::MAX), s.to_string()));
    rows.dedup();
    let mut out = format!(
        "bad input: {} requests ({cases} cases per server, {} servers) in {:.1} s\n",
        REQUESTS.load(Ordering::Relaxed),
        servers.len(),
        elapsed.as_secs_f64()
    );
    out.push_str(&format!("{:<26}", "status"));
    for server in servers {
        out.push_str(&format!("{:>13}", server.name));
    }
    out.push('\n');
    for status in rows {
        out.push_str(&format!("{status:<26}"));
        for server in servers {
            let n = statuses
                .get(&(server.name, status.clone()))
                .copied()
                .unwrap_or(0);
            out.push_str(&format!("{n:>13}"));
        }
        out.push('\n');
    }
    out
}
