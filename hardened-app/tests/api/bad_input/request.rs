//! One generated request: what is sent, how it is printed so that a failure can be replayed,
//! and the answer as the checks need it.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, Url};

/// The longest URL sent.
const MAX_URL: usize = 60_000;

/// A request as it goes on the wire (the URL as the `url` crate made it).
#[derive(Clone)]
pub struct BadRequest {
    pub method: String,
    pub url: Url,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

impl BadRequest {
    pub fn new(
        base: &str,
        method: String,
        path: &str,
        query: Option<&str>,
        headers: Vec<(String, Vec<u8>)>,
        body: Vec<u8>,
    ) -> Self {
        let query = query.map(|q| format!("?{q}")).unwrap_or_default();
        let mut url = Url::parse(&format!("{base}{path}{query}"))
            .or_else(|_| Url::parse(&format!("{base}/unparsable")))
            .expect("the base URL parses");
        // A URI cannot be longer than `http` takes (65534 bytes), on either side: cut it
        // down (percent-encoding makes some generated values several times longer).
        if url.as_str().len() > MAX_URL {
            let cut = url.as_str()[..MAX_URL].to_string();
            url = Url::parse(&cut).expect("a prefix of a URL past its host is a URL");
        }
        // What HTTP cannot carry (a NUL or a newline in a value) is left out here, so that
        // the request judged and printed is the one sent.
        let headers = headers
            .into_iter()
            .filter(|(name, value)| {
                HeaderName::from_bytes(name.as_bytes()).is_ok()
                    && HeaderValue::from_bytes(value).is_ok()
            })
            .collect();
        BadRequest {
            method,
            url,
            headers,
            body,
        }
    }

    /// The path as the server's router sees it (still percent-encoded).
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The first value of a header, as text when it is text.
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// Whether a server would take this for a browser asking for a page: its first `Accept`
    /// is text and contains `text/html` (as the apps' `common::page::wants_html` and the mocks'
    /// `admin::io::wants_html` read it).
    pub fn wants_html(&self) -> bool {
        self.header("accept")
            .and_then(|v| std::str::from_utf8(v).ok())
            .is_some_and(|v| v.contains("text/html"))
    }

    /// Whether it carries a non-blank `User-Agent` (the mock GitHub's REST API wants one).
    pub fn has_user_agent(&self) -> bool {
        self.header("user-agent")
            .is_some_and(|v| !v.iter().all(u8::is_ascii_whitespace))
    }

    /// Sends it. `Err` is a transport failure: no HTTP answer at all.
    pub async fn send(&self, client: &reqwest::Client) -> Result<Answer, reqwest::Error> {
        let method = Method::from_bytes(self.method.as_bytes()).expect("a valid method token");
        let mut request = client.request(method, self.url.clone());
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).expect("checked in `new`");
            let value = HeaderValue::from_bytes(value).expect("checked in `new`");
            request = request.header(name, value);
        }
        if !self.body.is_empty() {
            request = request.body(self.body.clone());
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        // Only an error's body is read: a 2xx may be an endless event stream.
        let mut body_lost = false;
        let body = if (400..600).contains(&status) {
            let read = tokio::time::timeout(Duration::from_secs(10), response.bytes());
            match read.await {
                Ok(Ok(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
                Ok(Err(error)) => {
                    body_lost = true;
                    format!("<the body could not be read: {error}>")
                }
                Err(_) => "<the body did not end within 10 s>".to_string(),
            }
        } else {
            String::new()
        };
        Ok(Answer {
            status,
            content_type,
            body,
            body_lost,
        })
    }

    /// A `curl` line that sends the same request (long runs written out by the shell).
    pub fn curl(&self) -> String {
        let mut line = format!("curl -i -X {} {}", self.method, shell(self.url.as_str()));
        for (name, value) in &self.headers {
            line.push_str(&format!(
                " -H {}",
                shell_bytes(&[name.as_bytes(), b": ", value].concat())
            ));
        }
        if !self.body.is_empty() {
            // From a file the shell writes: a huge body is past the longest argument.
            let body = shell_bytes(&self.body);
            line.push_str(&format!(" --data-binary @<(printf '%s' {body})"));
        }
        line
    }
}

/// What a server answered (the body only for an error status).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
    /// The body was cut off by the connection closing (not by the 10 s limit).
    pub body_lost: bool,
}

impl fmt::Debug for BadRequest {
    /// The request as HTTP/1.1 text, every byte visible; runs of one byte written `{'a' × N}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target = match self.url.query() {
            Some(q) => format!("{}?{q}", self.url.path()),
            None => self.url.path().to_string(),
        };
        writeln!(f, "{} {} HTTP/1.1", self.method, escape(target.as_bytes()))?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {}", escape(value))?;
        }
        writeln!(
            f,
            "[body: {} bytes] {}",
            self.body.len(),
            escape(&self.body)
        )?;
        write!(f, "replay: {}", self.curl())
    }
}

/// Text with its runs compressed, as [`escape`] writes bytes (error messages quote URLs).
pub fn compact(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match run(&chars[i..]) {
            Some((unit, times)) => {
                let unit: String = chars[i..i + unit].iter().collect();
                out.push_str(&format!("{{'{unit}' × {times}}}"));
                i += unit.chars().count() * times;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// A run at the start of `items`: a unit of one to three items repeated so that it covers
/// more than 16 items; `(unit length, times)`, the longest coverage winning.
fn run<T: PartialEq>(items: &[T]) -> Option<(usize, usize)> {
    (1..=3)
        .filter(|&unit| items.len() >= unit)
        .map(|unit| {
            let times = items
                .chunks(unit)
                .take_while(|chunk| *chunk == &items[..unit])
                .count();
            (unit, times)
        })
        .filter(|&(unit, times)| unit * times > 16 && times >= 4)
        .max_by_key(|&(unit, times)| (unit * times, std::cmp::Reverse(unit)))
}

/// Bytes as text: printable ASCII as is, others as `\xNN`, and runs (a unit of one to three
/// bytes repeated past 16 bytes) as `{'a' × N}`, so that a huge generated value prints whole
/// in a few words.
pub fn escape(bytes: &[u8]) -> String {
    let one = |b: u8| match b {
        b'\\' => "\\\\".to_string(),
        0x20..=0x7e => (b as char).to_string(),
        _ => format!("\\x{b:02X}"),
    };
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        match run(&bytes[i..]) {
            Some((unit, times)) => {
                let text: String = bytes[i..i + unit].iter().map(|&b| one(b)).collect();
                out.push_str(&format!("{{'{text}' × {times}}}"));
                i += unit * times;
            }
            None => {
                out.push_str(&one(bytes[i]));
                i += 1;
            }
        }
    }
    out
}

/// A shell word for text.
fn shell(text: &str) -> String {
    shell_bytes(text.as_bytes())
}

/// A shell word for bytes: `$'...'` with escapes; a run becomes `"$(printf 'UNIT%.0s' {1..N})"`.
fn shell_bytes(bytes: &[u8]) -> String {
    let escaped = |b: u8| match b {
        b'\'' => "\\'".to_string(),
        b'\\' => "\\\\".to_string(),
        b'%' => "%%".to_string(),
        0x20..=0x7e => (b as char).to_string(),
        _ => format!("\\x{b:02X}"),
    };
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some((unit, times)) = run(&bytes[i..]) {
            if !literal.is_empty() {
                parts.push(format!("$'{literal}'"));
                literal.clear();
            }
            let unit_text: String = bytes[i..i + unit].iter().map(|&b| escaped(b)).collect();
            parts.push(format!("\"$(printf $'{unit_text}%.0s' {{1..{times}}})\""));
            i += unit * times;
            continue;
        }
        match bytes[i] {
            b'%' => literal.push('%'),
            b => literal.push_str(&escaped(b)),
        }
        i += 1;
    }
    if !literal.is_empty() || parts.is_empty() {
        parts.push(format!("$'{literal}'"));
    }
    parts.concat()
}
