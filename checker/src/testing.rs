//! What the tests share: the library's unit tests, the checker's integration tests and the
//! instructor's.

/// Asserts that `text` says each of `fragments`, naming the first it does not.
#[track_caller]
pub fn assert_says(text: &str, fragments: &[&str]) {
    for fragment in fragments {
        assert!(text.contains(fragment), "{fragment:?} in:\n{text}");
    }
}
