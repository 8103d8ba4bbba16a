//! The sealing under [`super`]: SHA-256 digests of a question's salt and choices, and texts
//! sealed under them. Which digest opens what is said once here: the right set's digest is
//! public (`right`); the set's key opens the right choices' explanations; a wrong choice's key
//! (from its letter alone) opens its own.

use sha2::{Digest, Sha256};

/// The public digest of the right set (its letters sorted, joined by commas).
pub fn right_set(salt: &str, set: &str) -> String {
    hex(&digest(&["right", salt, set]))
}

/// The key that only the right set yields: it seals the right choices' explanations.
pub fn set_key(salt: &str, set: &str) -> [u8; 32] {
    digest(&["open", salt, set])
}

/// The key of a wrong choice, which picking it yields: it seals that choice's explanation.
pub fn wrong_key(salt: &str, choice: &str) -> [u8; 32] {
    digest(&["wrong", salt, choice])
}

/// SHA-256 of the parts, each ended by a newline.
fn digest(parts: &[&str]) -> [u8; 32] {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update(b"\n");
    }
    hash.finalize().into()
}

/// `text` XORed with a key stream of SHA-256 blocks, after an 8-byte tag that tells the
/// right key from a wrong one; in hex.
pub fn seal(key: &[u8; 32], text: &str) -> String {
    let mut bytes = tag(key, text.as_bytes()).to_vec();
    bytes.extend(xor(key, text.as_bytes()));
    hex(&bytes)
}

/// The text sealed under `key`, or `None` when `key` is not the one.
pub fn open(key: &[u8; 32], sealed: &str) -> Option<String> {
    let bytes = unhex(sealed)?;
    let (tag_bytes, body) = bytes.split_at_checked(8)?;
    let text = xor(key, body);
    (tag(key, &text) == tag_bytes).then(|| String::from_utf8(text).ok())?
}

fn tag(key: &[u8; 32], text: &[u8]) -> [u8; 8] {
    let mut hash = Sha256::new();
    hash.update(b"tag");
    hash.update(key);
    hash.update(text);
    let full: [u8; 32] = hash.finalize().into();
    full[..8].try_into().expect("8 of 32 bytes")
}

fn xor(key: &[u8; 32], bytes: &[u8]) -> Vec<u8> {
    bytes
        .chunks(32)
        .enumerate()
        .flat_map(|(i, chunk)| {
            let block: [u8; 32] = Sha256::new()
                .chain_update(key)
                .chain_update((i as u64).to_le_bytes())
                .finalize()
                .into();
            chunk
                .iter()
                .zip(block)
                .map(|(b, k)| b ^ k)
                .collect::<Vec<u8>>()
        })
        .collect()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_key_opens_nothing() {
        let key = digest(&["a"]);
        let sealed = seal(&key, "the text");
        assert_eq!(open(&key, &sealed).as_deref(), Some("the text"));
        assert_eq!(open(&digest(&["b"]), &sealed), None);
        assert_eq!(open(&key, "zz"), None);
    }
}
