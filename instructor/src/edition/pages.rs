//! The handout's pages: the reference's Markdown without its blocks about what only the
//! reference has (its tools, their README), which a student would otherwise read of and not
//! find. Such a block is marked by two lines of their own:
//!
//! ```text
//! <!-- reference only -->
//! ...
//! <!-- /reference only -->
//! ```
//!
//! HTML comments, so the reference's pages show the block and not the markers.

const START: &str = "<!-- reference only -->";
const END: &str = "<!-- /reference only -->";

/// `text` without its reference-only blocks, markers included, and without the blank line
/// after a block when one comes before it.
pub fn without_reference_blocks(text: &str) -> String {
    if !text.contains(START) {
        return text.to_string();
    }
    let mut out = String::new();
    let (mut inside, mut just_ended) = (false, false);
    for line in text.split_inclusive('\n') {
        let blank_again = just_ended && line.trim().is_empty() && out.ends_with("\n\n");
        just_ended = false;
        match line.trim() {
            START => inside = true,
            END => (inside, just_ended) = (false, true),
            _ if inside || blank_again => {}
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_only_block_goes_with_its_markers_and_the_rest_stays() {
        let page = "# checker\n\nRun it.\n\n<!-- reference only -->\n## For instructors\n\nSee [it](../instructor/README.md).\n<!-- /reference only -->\n\n## Tests\n";
        assert_eq!(
            without_reference_blocks(page),
            "# checker\n\nRun it.\n\n## Tests\n"
        );
        assert_eq!(without_reference_blocks("# no block\n"), "# no block\n");
    }
}
