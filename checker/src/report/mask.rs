//! Secrets masked for the report, which is kept and passed around: a client secret (a field
//! named `client_secret`, or the secret of a client the mocks ship with) and HTTP Basic
//! credentials become [`MASK`]; every token is shortened as messages name tokens
//! (`gho_AbCdEf…`), found by its provider's prefix or by the field that carries it; cookie
//! values are shortened (a session id is as good as a password while it lives).

use common::defaults::{GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_SECRET};

use crate::mocks::short;

/// What the report shows in place of a secret.
pub const MASK: &str = "••••••••";

/// The secrets the checker knows: those of the clients the mocks ship with.
const SECRETS: [&str; 2] = [GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_SECRET];

/// How the providers' tokens begin: GitHub's (`gho_`, and its other kinds), Google's access
/// and refresh tokens, and a signed JWT such as Google's ID token.
const PREFIXES: [&str; 8] = [
    "gho_", "ghu_", "ghs_", "ghr_", "ghp_", "ya29.", "1//0", "eyJ",
];

/// A run of token characters this long after a prefix is a token; shorter ones (`gho_x` in
/// a sentence) are left as they are.
const TOKEN_MIN: usize = 16;

/// Fields whose value is a token, in a form, a query or JSON.
const TOKEN_FIELDS: [&str; 4] = ["access_token", "refresh_token", "id_token", "token"];

/// Free text (a URL, a body, a header value, a mock's summary) with its secrets masked.
pub fn text(text: &str) -> String {
    let mut out = text.to_string();
    for secret in SECRETS {
        out = out.replace(secret, MASK);
    }
    out = fields(&out, "client_secret", |_| MASK.to_string());
    for name in TOKEN_FIELDS {
        out = fields(&out, name, short);
    }
    prefixed_tokens(&out)
}

/// A header's value with its secrets masked: credentials, cookie values, and [`text`]'s.
pub fn header(name: &str, value: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "authorization" | "proxy-authorization" => credentials(value),
        "cookie" => value
            .split("; ")
            .map(cookie_pair)
            .collect::<Vec<_>>()
            .join("; "),
        "set-cookie" => match value.split_once(';') {
            Some((pair, attributes)) => format!("{};{}", cookie_pair(pair), text(attributes)),
            None => cookie_pair(value),
        },
        _ => text(value),
    }
}

/// `Basic` credentials masked whole (they are the client id and secret, base64-encoded); a
/// bearer token shortened.
fn credentials(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            format!("{scheme} {}", short(token.trim()))
        }
        Some((scheme, _)) => format!("{scheme} {MASK}"),
        None => MASK.to_string(),
    }
}

/// `name=value` with the value shortened.
fn cookie_pair(pair: &str) -> String {
    match pair.split_once('=') {
        Some((name, value)) => format!("{name}={}", short(value)),
        None => text(pair),
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
/// query) and `"name": "value"` (JSON).
fn fields(text: &str, name: &str, replace: impl Fn(&str) -> String) -> String {
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
        let end = value
            .find([
                '&', '"', '\'', ' ', '\n', '\r', '\t', ';', '#', '<', ',', '}',
            ])
            .unwrap_or(value.len());
        out.push_str(&rest[..at + name.len()]);
        out.push_str(separator);
        if end > 0 {
            out.push_str(&replace(&value[..end]));
        }
        rest = &value[end..];
    }
    out.push_str(rest);
    out
}

/// How long the token at the start of `text` is: its token characters, but a last `.` (the
/// end of a sentence).
fn token_len(text: &str) -> usize {
    let run = &text[..text.find(|c| !is_token_char(c)).unwrap_or(text.len())];
    run.trim_end_matches('.').len()
}

/// Every token that begins with a provider's prefix, shortened.
fn prefixed_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let token = PREFIXES
            .iter()
            .filter(|p| rest.starts_with(*p) && at_boundary(text, i))
            .map(|_| token_len(rest))
            .find(|&len| len >= TOKEN_MIN);
        match token {
            Some(len) => {
                out.push_str(&short(&rest[..len]));
                i += len;
            }
            None => {
                let c = rest.chars().next().expect("not at the end");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GITHUB_TOKEN: &str = "gho_AbCdEf0123456789AbCdEf0123456789AbCd";

    #[test]
    fn a_client_secret_is_masked_in_a_query_a_form_json_and_as_a_known_value() {
        assert_eq!(
            text("/authorize?client_id=a&client_secret=s3cr3t&state=x"),
            format!("/authorize?client_id=a&client_secret={MASK}&state=x")
        );
        assert_eq!(
            text(r#"{"client_secret": "s3cr3t", "x": 1}"#),
            format!(r#"{{"client_secret": "{MASK}", "x": 1}}"#)
        );
        assert_eq!(
            text("the secret is logout-lab-google-secret"),
            format!("the secret is {MASK}")
        );
        assert_eq!(text("not_client_secret=kept"), "not_client_secret=kept");
    }

    #[test]
    fn every_token_is_shortened_by_its_prefix_or_its_field() {
        let google = format!("ya29.{}", "a1-_".repeat(30));
        let body = format!(r#"{{"access_token":"{google}","token":"{GITHUB_TOKEN}"}}"#);
        assert_eq!(
            text(&body),
            r#"{"access_token":"ya29.a1-_a…","token":"gho_AbCdEf…"}"#
        );
        assert_eq!(
            text(&format!("Bearer {GITHUB_TOKEN}.")),
            "Bearer gho_AbCdEf…."
        );
        assert_eq!(
            text("refresh_token=opaque-value-of-any-form&x=1"),
            "refresh_token=opaque-val…&x=1"
        );
        let short_words = "gho_x and mygho_AbCdEf0123456789AbCdEf";
        assert_eq!(
            text(short_words),
            short_words,
            "too short, or inside a word"
        );
    }

    #[test]
    fn credentials_and_cookie_values_are_masked_in_headers() {
        assert_eq!(
            header("Authorization", "Basic bG9nb3V0OnNlY3JldA=="),
            format!("Basic {MASK}")
        );
        assert_eq!(
            header("authorization", &format!("Bearer {GITHUB_TOKEN}")),
            "Bearer gho_AbCdEf…"
        );
        assert_eq!(
            header("Cookie", "session=0123456789abcdef; theme=dark"),
            "session=0123456789…; theme=dark"
        );
        assert_eq!(
            header("set-cookie", "session=0123456789abcdef; Path=/; HttpOnly"),
            "session=0123456789…; Path=/; HttpOnly"
        );
        assert_eq!(
            header("set-cookie", "session=; Max-Age=0"),
            "session=; Max-Age=0"
        );
        assert_eq!(
            header("Origin", "http://127.0.0.1:3000"),
            "http://127.0.0.1:3000"
        );
    }
}
