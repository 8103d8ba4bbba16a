//! Generated bad input: a request to one route of a server's table (or next to one), with a
//! mangled path, a garbled query string, strange headers and cookies, and a body that is
//! malformed, of the wrong shape or the wrong type, or huge.
//!
//! Values come from three pools: words the servers know (parameter and field names, user
//! names, client ids), values this run's servers issued (a live session cookie, tokens, a
//! provider session's CSRF token: [`Known`]), and plain garbage (percent-encoded invalid
//! UTF-8, control characters, very long runs). Long values are always runs of one
//! character, so a failing request prints whole in a few words (see `request::escape`).
//!
//! A URL goes through the `url` crate as a browser's would: `..` and `.` segments (also as
//! `%2e`) are resolved before sending, so traversal is tried in the forms that survive
//! (`..%2F`, `%2e%2e%2f`, `..%5C`, `..;`).

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::request::BadRequest;
use super::routes::{Route, Server};

/// What this run's servers issued, to get past the first check of a route now and then.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Whole values: tokens, CSRF tokens, codes, session ids.
    pub values: Vec<String>,
    /// `name=value` cookies that are live at the server.
    pub cookies: Vec<String>,
}

/// Words the servers look for.
const WORDS: &[&str] = &[
    "ada",
    "grace",
    "linus",
    "bob@example.com",
    "ada@example.com",
    "github",
    "google",
    "twitter",
    "logout-lab-github",
    "logout-lab-github-secret",
    "logout-lab.apps.googleusercontent.com",
    "logout-lab-google-secret",
    "http://localhost:3000/auth/github/callback",
    "http://localhost:3000/auth/google/callback",
    "http://127.0.0.1:1/cb",
    "javascript:alert(1)",
    "https://evil.example/",
    "//evil.example",
    "/",
    "/\t/evil.example",
    "/login/oauth/authorize?client_id=logout-lab-github",
    "authorization_code",
    "refresh_token",
    "code",
    "S256",
    "plain",
    "consent",
    "select_account",
    "none",
    "offline",
    "openid email profile",
    "read:user user:email",
    "read:user,user:email",
    "user",
    "revoke_token",
    "login",
    "drop",
    "503",
    "0",
    "1",
    "-1",
    "1.5",
    "1e308",
    "18446744073709551616",
    "99999999999999999999999",
    "true",
    "null",
    "[]",
    "{}",
    "ada.svg",
    "github.css",
    "dashboard.css",
    "109876543210987654321.svg",
    "gho_000000000000000000000000000000000000",
    "ya29.nope",
    "1//nope",
];

/// Parameter and field names the routes read (and some they do not).
const NAMES: &[&str] = &[
    "state",
    "code",
    "error",
    "error_description",
    "since",
    "kind",
    "user",
    "client_id",
    "client_secret",
    "redirect_uri",
    "redirect_uris",
    "name",
    "scope",
    "access_token",
    "id_token",
    "token",
    "refresh_token",
    "grant_type",
    "code_verifier",
    "code_challenge",
    "code_challenge_method",
    "response_type",
    "continue",
    "return_to",
    "login",
    "email",
    "prompt",
    "login_hint",
    "nonce",
    "access_type",
    "include_granted_scopes",
    "allow_signup",
    "authorize",
    "authenticity_token",
    "endpoint",
    "count",
    "status",
    "delay_ms",
    "drop_connection",
    "effect",
    "provider",
    "advance_seconds",
    "detail",
    "",
    "%FF",
    "a[b]",
];

/// Garbage that trips parsers.
const GARBAGE: &[&str] = &[
    "",
    "%",
    "%%",
    "%zz",
    "%FF%FE",
    "%C0%AF",
    "%E2%82",
    "%00",
    "%0D%0A",
    "%2F",
    "..%2F..%2F",
    "%2e%2e%2f",
    "..%5C",
    "..;",
    "....//",
    "&&&",
    "===",
    "=&=",
    ";",
    "\"",
    "'",
    "<script>",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "é",
    "😀",
    "\u{202e}",
    "a\tb",
    "\r\n",
    "{\"",
    "[",
    "\\u0000",
];

/// A run of one character, long enough to trip a size limit or a slow loop.
fn long() -> impl Strategy<Value = String> {
    (
        select(&['a', '%', '/', '0', 'é', ' '][..]),
        1_000usize..200_000,
    )
        .prop_map(|(c, n)| c.to_string().repeat(n))
}

/// A value: a known word, one this run issued, garbage, random text, or very long.
pub fn value(known: &Known) -> BoxedStrategy<String> {
    let issued = known.values.clone();
    let issued = if issued.is_empty() {
        Just(String::new()).boxed()
    } else {
        select(issued).boxed()
    };
    prop_oneof![
        4 => select(WORDS).prop_map(String::from),
        2 => issued,
        3 => select(GARBAGE).prop_map(String::from),
        2 => vec(select(GARBAGE), 1..4).prop_map(|parts| parts.concat()),
        2 => "\\PC{0,24}",
        1 => long(),
    ]
    .boxed()
}

/// A parameter or field name.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(NAMES).prop_map(String::from),
        1 => select(GARBAGE).prop_map(String::from),
        1 => "[a-z_]{1,12}",
    ]
}

/// `name=value&...`, left as generated (not percent-encoded), or plain junk.
pub fn form(known: &Known) -> BoxedStrategy<String> {
    let pair = (name(), value(known), select(&["=", "", "=="][..]))
        .prop_map(|(k, v, eq)| format!("{k}{eq}{v}"));
    prop_oneof![
        4 => vec(pair, 0..6).prop_map(|pairs| pairs.join("&")),
        1 => value(known),
    ]
    .boxed()
}

/// A JSON value, nested a little, from the known words and names.
fn json_value(known: &Known) -> BoxedStrategy<serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        select(
            &[
                0u64,
                1,
                2,
                503,
                599,
                600,
                60_001,
                u32::MAX as u64 + 1,
                u64::MAX
            ][..]
        )
        .prop_map(Value::from),
        value(known).prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((name(), inner), 0..4)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A JSON object of known field names (what the routes read), as text.
fn json_object(known: &Known) -> BoxedStrategy<String> {
    vec((select(NAMES), json_value(known)), 0..6)
        .prop_map(|fields| {
            let object: serde_json::Map<String, serde_json::Value> = fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            serde_json::Value::Object(object).to_string()
        })
        .boxed()
}

/// A body: empty, a form, JSON of some shape, JSON cut short, random bytes, invalid UTF-8,
/// or more than the 2 MiB the servers read.
pub fn body(known: &Known) -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        3 => Just(Vec::new()),
        4 => form(known).prop_map(String::into_bytes),
        4 => json_object(known).prop_map(String::into_bytes),
        2 => json_value(known).prop_map(|v| v.to_string().into_bytes()),
        2 => (json_object(known), any::<prop::sample::Index>()).prop_map(|(text, cut)| {
            let cut = cut.index(text.len().max(1));
            text.into_bytes()[..cut].to_vec()
        }),
        2 => vec(any::<u8>(), 0..64),
        1 => Just(vec![0xff, 0xfe, b'{', 0xc0, 0xaf]),
        1 => (select(&[b'a', b'{', 0xff][..]), 2usize * 1024 * 1024 - 16..2 * 1024 * 1024 + 64)
            .prop_map(|(b, n)| vec![b; n]),
    ]
    .boxed()
}

/// A body for a route that arms faults: whatever [`body`] makes, made impossible to accept.
/// Both fault-arming bodies refuse unknown fields, so a JSON object gets one (`"fuzz"`);
/// anything else gets a NUL byte in front, which no JSON parser takes and which makes the
/// first form field's name an unknown one. So random input can never arm a fault; a fault
/// would make the next calls answer 5xx on purpose (and a `delay_ms` one stall them), which
/// the fuzzing would then report as the servers' fault. `check::no_fault_armed` proves it
/// after every case.
pub fn poisoned_body(known: &Known) -> BoxedStrategy<Vec<u8>> {
    body(known)
        .prop_map(
            |bytes| match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(serde_json::Value::Object(mut object)) => {
                    object.insert("fuzz".into(), true.into());
                    serde_json::Value::Object(object).to_string().into_bytes()
                }
                _ => [b"\0".as_slice(), &bytes].concat(),
            },
        )
        .boxed()
}

/// A path segment in place of a pattern's `{name}`, or as a mangled one.
fn segment(known: &Known) -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(WORDS).prop_map(String::from),
        3 => select(GARBAGE).prop_map(String::from),
        1 => value(known),
        1 => (select(&['a', '%', 'Z'][..]), 1_000usize..100_000)
            .prop_map(|(c, n)| if c == '%' { "%FF".repeat(n / 3) } else { c.to_string().repeat(n) }),
    ]
    .boxed()
}

/// A route's path filled in (`{name}` replaced with a segment), then maybe mangled: a
/// segment replaced, one appended, a trailing or doubled slash, the case changed, or a
/// path of garbage.
pub fn path(route: &Route, known: &Known) -> BoxedStrategy<String> {
    let pattern = route.path.clone();
    let filled = vec(segment(known), 2).prop_map(move |segments| {
        let mut segments = segments.into_iter();
        pattern
            .split('/')
            .map(|part| match part.starts_with('{') {
                true => segments.next().unwrap_or_default(),
                false => part.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/")
    });
    (
        filled,
        0u8..20,
        segment(known),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(path, how, extra, at)| {
            let mut parts: Vec<String> = path.split('/').map(String::from).collect();
            let i = at.index(parts.len().max(2) - 1) + 1;
            let last = parts.len() - 1;
            match how {
                0 => parts[i.min(last)] = extra,
                1 => parts.push(extra),
                2 => parts.push(String::new()),
                3 => parts.insert(i.min(parts.len()), String::new()),
                4 => return path.to_uppercase(),
                5 => return format!("/{extra}"),
                _ => {}
            }
            parts.join("/")
        })
        .boxed()
}

/// A header value's bytes: text, garbage, bytes past ASCII (valid in HTTP, not UTF-8), or
/// very long.
fn header_value(known: &Known) -> BoxedStrategy<Vec<u8>> {
    let obs_text = vec(prop_oneof![0x20u8..0x7f, 0x80u8..=0xff, Just(b'\t')], 0..48);
    prop_oneof![
        4 => value(known).prop_map(String::into_bytes),
        2 => obs_text,
        1 => (select(&[b'a', 0xff][..]), 8_000usize..70_000).prop_map(|(b, n)| vec![b; n]),
    ]
    .boxed()
}

/// A `Cookie` header's value: cookies the servers read, live ones, garbage and duplicates.
fn cookie_header(known: &Known) -> BoxedStrategy<Vec<u8>> {
    let names = select(
        &[
            "session",
            "oauth_state",
            "user_session",
            "logged_in",
            "dotcom_user",
            "SID",
            "__Host-x",
            "",
        ][..],
    );
    let one = prop_oneof![
        3 => (names, header_value(known)).prop_map(|(n, v)| [n.as_bytes(), b"=", &v].concat()),
        1 => select(&["session", "=;;;", ";", "session=\"quoted\"", "=", "session==="][..])
            .prop_map(|s| s.as_bytes().to_vec()),
        2 => select(if known.cookies.is_empty() { vec![String::new()] } else { known.cookies.clone() })
            .prop_map(String::into_bytes),
    ];
    vec(one, 1..4)
        .prop_map(|cookies| cookies.join(b"; ".as_slice()))
        .boxed()
}

/// Header names: the ones the servers read, ones they should ignore, and random ones.
const HEADERS: &[&str] = &[
    "accept",
    "accept",
    "content-type",
    "content-type",
    "authorization",
    "authorization",
    "user-agent",
    "origin",
    "sec-fetch-site",
    "referer",
    "host",
    "last-event-id",
    "x-forwarded-for",
    "x-forwarded-proto",
    "if-none-match",
    "range",
    "accept-language",
    "x-requested-with",
];

/// Values for headers whose values are a small language.
const HEADER_WORDS: &[&str] = &[
    "text/html",
    "text/html,application/xhtml+xml,*/*;q=0.8",
    "application/json",
    "application/xml",
    "*/*",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/json; charset=latin1",
    "multipart/form-data; boundary=x",
    "text/plain",
    "Basic bG9nb3V0LWxhYi1naXRodWI6bG9nb3V0LWxhYi1naXRodWItc2VjcmV0",
    "Basic bG9nb3V0LWxhYi1naXRodWI6d3Jvbmc=",
    "Basic !!!",
    "Basic Og==",
    "Bearer",
    "Bearer ",
    "Bearer gho_000000000000000000000000000000000000",
    "token ya29.nope",
    "null",
    "https://evil.example",
    "cross-site",
    "same-origin",
    "none",
    "bytes=0-",
    "curl/8",
];

/// One header: a name and its bytes.
fn header(known: &Known) -> BoxedStrategy<(String, Vec<u8>)> {
    let issued = known.values.clone();
    let word = prop_oneof![
        3 => select(HEADER_WORDS).prop_map(|w| w.as_bytes().to_vec()),
        1 => select(if issued.is_empty() { vec![String::new()] } else { issued })
            .prop_map(|t| format!("Bearer {t}").into_bytes()),
    ];
    prop_oneof![
        5 => (select(HEADERS).prop_map(String::from), word),
        3 => (select(HEADERS).prop_map(String::from), header_value(known)),
        2 => (Just("cookie".to_string()), cookie_header(known)),
        1 => ("x-[a-z]{1,10}", header_value(known)),
    ]
    .boxed()
}

/// A method: mostly one the route takes, else any other, extension methods included.
fn method(route: &Route) -> BoxedStrategy<String> {
    let others = select(
        &[
            "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FUZZ",
        ][..],
    )
    .prop_map(String::from);
    if route.methods.is_empty() {
        return others.boxed();
    }
    let takes: Vec<&'static str> = route.methods.iter().map(|(m, _)| *m).collect();
    prop_oneof![3 => select(takes).prop_map(String::from), 1 => others].boxed()
}

/// A whole request to `server`: one of its routes, or a path next to none.
pub fn request(server: &Server, base: &str, known: &Known) -> BoxedStrategy<BadRequest> {
    let routes: Vec<BoxedStrategy<BadRequest>> = server
        .routes
        .iter()
        .map(|route| request_to(route, base, known))
        .collect();
    proptest::strategy::Union::new(routes).boxed()
}

fn request_to(route: &Route, base: &str, known: &Known) -> BoxedStrategy<BadRequest> {
    let base = base.to_string();
    let body = match route.arms_faults {
        true => poisoned_body(known),
        false => body(known),
    };
    let query = prop_oneof![
        2 => Just(None),
        4 => form(known).prop_map(Some),
    ];
    (
        method(route),
        path(route, known),
        query,
        vec(header(known), 0..6),
        body,
    )
        .prop_map(move |(method, path, query, headers, body)| {
            BadRequest::new(&base, method, &path, query.as_deref(), headers, body)
        })
        .boxed()
}
