//! Random identifiers: session ids, codes and tokens, from the operating system's CSPRNG.

/// `len` characters of `[A-Za-z0-9]`.
pub fn token(len: usize) -> String {
    draw(
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        len,
    )
}

/// `len` lowercase hexadecimal characters.
pub fn hex(len: usize) -> String {
    draw(b"0123456789abcdef", len)
}

/// `len` characters of the URL-safe alphabet `[A-Za-z0-9_-]`, as Google's tokens use.
pub fn url_safe(len: usize) -> String {
    draw(
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        len,
    )
}

/// `len` characters of `alphabet`, each equally likely: a random byte is used only below the
/// largest multiple of the alphabet's size, so that no character comes up more often.
fn draw(alphabet: &[u8], len: usize) -> String {
    let size = alphabet.len();
    let below = 256 - 256 % size;
    let mut out = String::with_capacity(len);
    let mut bytes = [0u8; 64];
    while out.len() < len {
        getrandom::fill(&mut bytes).expect("the operating system's random numbers");
        let usable = bytes.iter().map(|b| usize::from(*b)).filter(|b| *b < below);
        out.extend(
            usable
                .map(|b| char::from(alphabet[b % size]))
                .take(len - out.len()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn shapes() {
        let t = super::token(36);
        assert_eq!(t.len(), 36);
        assert!(t.chars().all(|c| c.is_ascii_alphanumeric()));
        assert!(super::hex(20).chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(super::token(36), super::token(36));
        assert!(
            super::url_safe(200).contains(['-', '_']),
            "the whole alphabet"
        );
    }
}
