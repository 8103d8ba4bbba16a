//! `curl` lines that replay an exchange by hand, and the `--verbose` transcript.

/// Quotes `s` for a POSIX shell.
pub fn quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The `curl` command that sends the same request: method, URL, headers, body.
pub fn line(method: &str, url: &str, headers: &[(String, String)], body: Option<&str>) -> String {
    let mut parts = vec!["curl".to_string(), "-i".to_string()];
    if method != "GET" {
        parts.push("-X".into());
        parts.push(method.into());
    }
    // curl reads `[...]` and `{...}` in a URL as globs and refuses or rewrites the URL.
    if url.contains(['[', ']', '{', '}']) {
        parts.push("-g".into());
    }
    parts.push(quote(url));
    for (name, value) in headers {
        parts.push("-H".into());
        parts.push(quote(&format!("{name}: {value}")));
    }
    if let Some(body) = body {
        parts.push("--data-raw".into());
        parts.push(quote(body));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_replays_with_its_headers_and_body() {
        let headers = vec![
            ("Origin".to_string(), "http://127.0.0.1:3000".to_string()),
            ("Cookie".to_string(), "session=it's".to_string()),
        ];
        assert_eq!(
            line(
                "POST",
                "http://127.0.0.1:3000/logout",
                &headers,
                Some("a=1&b=2")
            ),
            "curl -i -X POST http://127.0.0.1:3000/logout -H 'Origin: http://127.0.0.1:3000' \
             -H 'Cookie: session=it'\\''s' --data-raw 'a=1&b=2'"
        );
        assert_eq!(
            line("GET", "http://h/p?q=1&r=2", &[], None),
            "curl -i 'http://h/p?q=1&r=2'"
        );
    }

    #[test]
    fn brackets_and_braces_in_a_url_are_not_taken_for_curl_globs() {
        // Without -g, curl reads `[...]` and `{...}` as ranges and sets, and refuses the URL.
        assert_eq!(
            line("GET", "http://h/cb?state=[a]{b}", &[], None),
            "curl -i -g 'http://h/cb?state=[a]{b}'"
        );
    }
}
