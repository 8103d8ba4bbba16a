//! Random identifiers: session ids, codes and tokens, from the operating system's CSPRNG.

use rand::Rng;
use rand::distr::Alphanumeric;

/// `len` characters of `[A-Za-z0-9]`.
pub fn token(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// `len` lowercase hexadecimal characters.
pub fn hex(len: usize) -> String {
    const HEX: &[u8] = b"0123456789abcdef";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| HEX[rng.random_range(0..16)] as char)
        .collect()
}

/// `len` characters of the URL-safe alphabet `[A-Za-z0-9_-]`, as Google's tokens use.
pub fn url_safe(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
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
    }
}
