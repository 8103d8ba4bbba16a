//! The mocks' own avatars: initials on a coloured circle, drawn as SVG and served under
//! `/__mock/avatars/{key}.svg` (the route is in `admin`). Nothing outside the machine is
//! reachable in a classroom, so the seeded users' `avatar_url` (GitHub) and `picture`
//! (Google) point here rather than at the providers' image hosts.
//!
//! The seeds hold the path ([`path`]); when a mock starts, [`resolve_github`] and
//! [`resolve_google`] turn it into an absolute URL on that mock, the shape the real APIs
//! answer with, and give the mock's avatar to any seeded user without one.

use maud::{Markup, html};

use crate::config::{GitHubUser, GoogleUser, Seeds};

/// Where the avatars are served.
pub const PREFIX: &str = "/__mock/avatars/";

/// Dark enough for white initials to keep a contrast of at least 4.5:1.
const PALETTE: [&str; 8] = [
    "#0a5cc2", "#6e40c9", "#a8306b", "#b3261e", "#8a4600", "#1a7f37", "#0b6e78", "#57606a",
];

/// The avatar's path for an account key (GitHub login, Google `sub`).
pub fn path(key: &str) -> String {
    format!("{PREFIX}{key}.svg")
}

/// The account key an avatar file name (`KEY.svg`) stands for.
pub fn key_of(file: &str) -> Option<&str> {
    file.strip_suffix(".svg").filter(|key| !key.is_empty())
}

/// Up to two initials: of the first and last word of `name`, upper-cased.
pub fn initials(name: &str) -> String {
    let mut words = name.split_whitespace();
    let first = words.next().and_then(|w| w.chars().next());
    let last = words.next_back().and_then(|w| w.chars().next());
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

/// The circle's colour: the same key always gets the same one (FNV-1a over its bytes).
pub fn colour(key: &str) -> &'static str {
    let hash = key.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    PALETTE[hash as usize % PALETTE.len()]
}

/// The SVG of `name`'s avatar, coloured by `key`.
pub fn svg(key: &str, name: &str) -> String {
    let drawing: Markup = html! {
        svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"
            role="img" aria-label=(name) {
            circle cx="48" cy="48" r="48" fill=(colour(key)) {}
            text x="48" y="48" dy=".35em" text-anchor="middle" fill="#ffffff"
                font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
                font-size="38" font-weight="600" { (initials(name)) }
        }
    };
    drawing.into_string()
}

/// `url` made absolute on `base_url` when it is a path on the mock.
fn absolute(url: String, base_url: &str) -> String {
    if url.starts_with('/') {
        format!("{base_url}{url}")
    } else {
        url
    }
}

/// GitHub users as the mock at `base_url` serves them: every one has an `avatar_url`.
pub fn resolve_github(mut seeds: Seeds<GitHubUser>, base_url: &str) -> Seeds<GitHubUser> {
    for user in &mut seeds.users {
        let url = user.avatar_url.take().unwrap_or_else(|| path(&user.login));
        user.avatar_url = Some(absolute(url, base_url));
    }
    seeds
}

/// Google users as the mock at `base_url` serves them: every one has a `picture`.
pub fn resolve_google(mut seeds: Seeds<GoogleUser>, base_url: &str) -> Seeds<GoogleUser> {
    for user in &mut seeds.users {
        let url = user.picture.take().unwrap_or_else(|| path(&user.sub));
        user.picture = Some(absolute(url, base_url));
    }
    seeds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_colours_and_paths() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("grace"), "G");
        assert_eq!(initials("Linus  van  Unverified"), "LU");
        assert_eq!(initials(""), "");
        assert_eq!(colour("ada"), colour("ada"));
        assert_eq!(key_of("ada.svg"), Some("ada"));
        assert_eq!(key_of(".svg"), None);
        assert_eq!(key_of("ada.png"), None);
        let drawing = svg("ada", "Ada <Lovelace>");
        assert!(drawing.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(drawing.contains("&lt;Lovelace&gt;"), "{drawing}");
    }

    #[test]
    fn seeded_paths_become_absolute_and_other_urls_stay() {
        let mut seeds = crate::config::default_github();
        seeds.users[1].avatar_url = Some("https://example.com/g.png".into());
        seeds.users[2].avatar_url = None;
        let seeds = resolve_github(seeds, "http://127.0.0.1:9");
        let urls: Vec<_> = seeds.users.iter().map(|u| u.avatar_url.clone()).collect();
        assert_eq!(
            urls,
            [
                Some("http://127.0.0.1:9/__mock/avatars/ada.svg".to_string()),
                Some("https://example.com/g.png".to_string()),
                Some("http://127.0.0.1:9/__mock/avatars/linus.svg".to_string()),
            ]
        );
    }
}
