//! The small pieces of wording every part of the timeline shares: a token shortened, a time
//! of day, a count in words, a list cut short.

use common::page::short_token;
use maud::{Markup, html};

/// A token as the page shows it, as code: shortened as the app's pages and the dashboards
/// show it (`gho_AbCdEf…`), never the whole secret (and one the app reported shortened
/// stays as it was).
pub fn token(value: &str) -> Markup {
    html! { code.token { (short_token(value)) } }
}

/// Whether `shown`, a token as the app reported it (shortened: `gho_AbCdEf…`), is `token`.
pub fn same_token(shown: &str, token: &str) -> bool {
    let head = shown.trim_end_matches('…');
    head.chars().count() >= 8 && token.starts_with(head)
}

/// A time of day from an RFC 3339 time (`2026-12-06T20:14:40.748Z`): `20:14:40` in UTC,
/// which the page's script turns into the browser's local time (`time[datetime]`).
pub fn clock(rfc3339: &str) -> Markup {
    let shown = rfc3339.get(11..19).unwrap_or(rfc3339);
    html! { time datetime=(rfc3339) { (shown) } }
}

/// A count in words up to twelve, then in figures: "ten tokens" reads better than "10".
pub fn count(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// `n` things: "one token", "three tokens", "100 tokens" ("no tokens" for none).
pub fn things(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// How many of a list a lane shows (sessions, grants, the app's users).
pub const SHOWN: usize = 3;

/// "and 4 more users", when a list was cut.
pub fn more(total: usize, one: &str, many: &str) -> Markup {
    html! {
        @if total > SHOWN {
            p.note { "and " (things(total - SHOWN, &format!("more {one}"), &format!("more {many}"))) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_shown_shortened_and_known_by_their_shortened_form() {
        let shown = token("gho_AbCdEfGhIjKl").into_string();
        assert_eq!(shown, r#"<code class="token">gho_AbCdEf…</code>"#);
        assert!(same_token("gho_AbCdEf…", "gho_AbCdEfGhIjKl"));
        assert!(!same_token("gho_AbCdEx…", "gho_AbCdEfGhIjKl"));
        assert!(!same_token("gho…", "gho_AbCdEfGhIjKl"), "too short to tell");
    }

    #[test]
    fn times_show_the_time_of_day_and_keep_the_instant_for_the_script() {
        let markup = clock("2026-12-06T20:14:40.748Z").into_string();
        assert_eq!(
            markup,
            r#"<time datetime="2026-12-06T20:14:40.748Z">20:14:40</time>"#
        );
        assert!(clock("soon").into_string().contains(">soon<"));
    }

    #[test]
    fn small_counts_are_words() {
        assert_eq!(things(10, "token", "tokens"), "ten tokens");
        assert_eq!(things(1, "token", "tokens"), "one token");
        assert_eq!(things(100, "token", "tokens"), "100 tokens");
    }
}
