//! Secrets masked wherever an exchange is shown or kept: the mocks mask each call they keep
//! in full when they record it, and the checker's report masks again what it shows. A
//! client secret (a field named `client_secret`, or a secret the caller names) becomes
//! [`MASK`]; HTTP Basic credentials show their user (the client id) and mask the password;
//! every token is shortened as messages name tokens (`gho_AbCdEf…`), found by its provider's
//! prefix or by the field that carries it (codes, PKCE verifiers and the anti-forgery tokens
//! of the mocks' forms too); cookie values are shortened (a session id is as good as a
//! password while it lives). Masking what is already masked changes nothing, so the two
//! passes agree.

use std::borrow::Cow;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::page::short_token as short;

/// What is shown in place of a secret.
pub const MASK: &str = "••••••••";

/// How the providers' tokens begin: GitHub's (`gho_`, and its other kinds), Google's access
/// and refresh tokens and codes, and a signed JWT such as Google's ID token; grouped by what
/// they begin with, so that a text without it is passed over at the cost of one search.
const PREFIXES: [(&str, &[&str]); 5] = [
    ("gh", &["gho_", "ghu_", "ghs_", "ghr_", "ghp_"]),
    ("ya29.", &["ya29."]),
    ("1//0", &["1//0"]),
    ("4/0", &["4/0"]),
    ("eyJ", &["eyJ"]),
];

/// A run of token characters this long after a prefix is a token; shorter ones (`gho_x` in
/// a sentence) are left as they are.
const TOKEN_MIN: usize = 16;

/// Fields whose value is a token, a code, a PKCE verifier or a form's anti-forgery token,
/// in a form, a query or JSON; grouped by the word they share, as [`PREFIXES`] are.
const TOKEN_FIELDS: [(&str, &[&str]); 2] = [
    (
        "token",
        &[
            "access_token",
            "refresh_token",
            "id_token",
            "token",
            "authenticity_token",
        ],
    ),
    ("code", &["code", "code_verifier"]),
];

/// The shortest secret masked wherever it appears: a shorter one would mask ordinary words.
const SECRET_MIN: usize = 6;

/// Free text (a URL, a body, a header value, a summary) with its secrets masked; `secrets`
/// are masked wherever they appear (the clients' secrets the caller knows).
pub fn text(text: &str, secrets: &[&str]) -> String {
    let mut out = Cow::Borrowed(text);
    for secret in secrets.iter().filter(|s| s.len() >= SECRET_MIN) {
        if out.contains(secret) {
            out = Cow::Owned(out.replace(secret, MASK));
        }
    }
    if let Some(masked) = fields(&out, "client_secret", |_| MASK.to_string()) {
        out = Cow::Owned(masked);
    }
    for name in present(&out, &TOKEN_FIELDS) {
        if let Some(masked) = fields(&out, name, short) {
            out = Cow::Owned(masked);
        }
    }
    match prefixed_tokens(&out) {
        Some(masked) => masked,
        None => out.into_owned(),
    }
}

/// Headers' values masked, each as [`header`] masks it; the values no header rule of their
/// own applies to are masked in one pass (a value holds no line break, and masking adds or
/// removes none), which costs a message of many headers little more than one of its values.
pub fn headers(pairs: &[(&str, &str)], secrets: &[&str]) -> Vec<String> {
    let plain = |name: &str| !has_rule(name);
    let values: Vec<&str> = pairs
        .iter()
        .filter(|(n, _)| plain(n))
        .map(|(_, v)| *v)
        .collect();
    let secrets: Vec<&str> = secrets
        .iter()
        .copied()
        .filter(|s| !s.contains('\n'))
        .collect();
    let masked = text(&values.join("\n"), &secrets);
    let mut masked = masked.split('\n');
    let mut one = |name: &str, value: &str| match plain(name) {
        true => masked.next().unwrap_or_default().to_string(),
        false => header(name, value, &secrets),
    };
    pairs.iter().map(|(name, value)| one(name, value)).collect()
}

/// Whether the header `name` has a rule of its own in [`header`].
fn has_rule(name: &str) -> bool {
    let rules = [
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
    ];
    rules.iter().any(|rule| name.eq_ignore_ascii_case(rule))
}

/// A header's value with its secrets masked: credentials, cookie values, and [`text`]'s.
pub fn header(name: &str, value: &str, secrets: &[&str]) -> String {
    match name.to_ascii_lowercase().as_str() {
        "authorization" | "proxy-authorization" => credentials(value, secrets),
        "cookie" => value
            .split("; ")
            .map(|pair| cookie_pair(pair, secrets))
            .collect::<Vec<_>>()
            .join("; "),
        "set-cookie" => match value.split_once(';') {
            Some((pair, attributes)) => format!(
                "{};{}",
                cookie_pair(pair, secrets),
                text(attributes, secrets)
            ),
            None => cookie_pair(value, secrets),
        },
        _ => text(value, secrets),
    }
}

/// `Basic` credentials as `Basic client-id:••••••••` (decoded: the user is the client id, the
/// password its secret); a bearer token shortened; any other scheme masked whole.
fn credentials(value: &str, secrets: &[&str]) -> String {
    let Some((scheme, rest)) = value.split_once(' ') else {
        return MASK.to_string();
    };
    let rest = rest.trim();
    match scheme.to_ascii_lowercase().as_str() {
        "bearer" | "token" => format!("{scheme} {}", short(rest)),
        "basic" => match basic_user(rest) {
            Some(user) => format!("{scheme} {}:{MASK}", text(&user, secrets)),
            None => format!("{scheme} {MASK}"),
        },
        _ => format!("{scheme} {MASK}"),
    }
}

/// The user of Basic credentials: base64 `user:password`, or already shown as `user:••••••••`.
fn basic_user(credentials: &str) -> Option<String> {
    if let Some(user) = credentials.strip_suffix(&format!(":{MASK}")) {
        return Some(user.to_string());
    }
    let decoded = String::from_utf8(STANDARD.decode(credentials).ok()?).ok()?;
    decoded.split_once(':').map(|(user, _)| user.to_string())
}

/// The needles of `groups` that `text` holds, each group passed over when `text` lacks what
/// its needles share.
fn present(text: &str, groups: &[(&str, &[&'static str])]) -> Vec<&'static str> {
    let groups = groups.iter().filter(|(shared, _)| text.contains(shared));
    let needles = groups.flat_map(|(_, needles)| needles.iter().copied());
    needles.filter(|needle| text.contains(needle)).collect()
}

/// `name=value` with the value shortened.
fn cookie_pair(pair: &str, secrets: &[&str]) -> String {
    match pair.split_once('=') {
        Some((name, value)) => format!("{name}={}", short(value)),
        None => text(pair, secrets),
    }
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '~' | '+' | '/')
}

/// Whether `text[..at]` ends where a name or a token may begin.
fn at_boundary(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
}

/// Every value of the field `name` replaced by `replace(value)`: `name=value` (a form or a
/// query) and `"name": "value"` (JSON); `None` when `text` does not name the field.
fn fields(text: &str, name: &str, replace: impl Fn(&str) -> String) -> Option<String> {
    if !text.contains(name) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let after = &rest[at + name.len()..];
        let separator = ["=", "\":\"", "\": \""]
            .into_iter()
            .find(|s| after.starts_with(s))
            .filter(|_| at_boundary(rest, at));
        let Some(separator) = separator else {
            out.push_str(&rest[..at + name.len()]);
            rest = after;
            continue;
        };
        let value = &after[separator.len()..];
        let end = match separator {
            "=" => value.find([
                '&', '"', '\'', ' ', '\n', '\r', '\t', ';', '#', '<', ',', '}',
            ]),
            _ => value.find('"'),
        }
        .unwrap_or(value.len());
        out.push_str(&rest[..at + name.len()]);
        out.push_str(separator);
        if end > 0 {
            out.push_str(&replace(&value[..end]));
        }
        rest = &value[end..];
    }
    out.push_str(rest);
    Some(out)
}

/// How long the token at the start of `text` is: its token characters, but a last `.` (the
/// end of a sentence).
fn token_len(text: &str) -> usize {
    let run = &text[..text.find(|c| !is_token_char(c)).unwrap_or(text.len())];
    run.trim_end_matches('.').len()
}

/// Every token that begins with a provider's prefix, shortened; `None` when there is none.
fn prefixed_tokens(text: &str) -> Option<String> {
    let prefixes = present(text, &PREFIXES);
    let mut out = String::new();
    // `text[..kept]` is in `out`; prefixes are looked for from `from` on.
    let (mut kept, mut from) = (0, 0);
    while let Some(at) = next_prefix(text, from, &prefixes) {
        let len = token_len(&text[at..]);
        if len >= TOKEN_MIN && at_boundary(text, at) {
            out.push_str(&text[kept..at]);
            out.push_str(&short(&text[at..at + len]));
            (kept, from) = (at + len, at + len);
        } else {
            // Every prefix starts with an ASCII character: the next one is a boundary.
            from = at + 1;
        }
    }
    (kept > 0).then(|| out + &text[kept..])
}

/// Where the first of `prefixes` at or after `from` begins.
fn next_prefix(text: &str, from: usize, prefixes: &[&str]) -> Option<usize> {
    let rest = &text[from..];
    let found = prefixes.iter().filter_map(|prefix| rest.find(prefix));
    found.min().map(|at| from + at)
}

#[cfg(test)]
mod tests;
