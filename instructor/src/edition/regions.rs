//! Solution regions: the code a student writes, marked in the reference app, each with the
//! starter the handout has in its place.
//!
//! ```text
//! // ANCHOR: logout
//! ...the reference code...
//! // ANCHOR_END: logout
//! // STARTER: logout
//! // ...the starter, each line commented out once...
//! // STARTER_END: logout
//! ```
//!
//! mdBook's `ANCHOR` markers, readable in the reference and left alone by `rustfmt` (they are
//! comments). The starter block is optional (a region of imports has none); when present it
//! follows its region at once and carries the same name. In the handout the region goes and
//! the starter's lines lose one `// `, so it compiles; in the reference it is a comment.

use anyhow::{Context, bail};

/// One region of a file: its name, the reference lines and the starter lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub name: String,
    /// The reference lines between the markers, as written.
    pub solution: Vec<String>,
    /// The starter lines, uncommented, as the handout has them.
    pub starter: Vec<String>,
}

/// A file with its regions cut: the handout's text and what was cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub handout: String,
    pub regions: Vec<Region>,
}

/// What a marker line says, if it is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker<'a> {
    Anchor(&'a str),
    AnchorEnd(&'a str),
    Starter(&'a str),
    StarterEnd(&'a str),
}

fn marker(line: &str) -> Option<Marker<'_>> {
    let comment = line.trim().strip_prefix("//")?.trim();
    let (word, name) = comment.split_once(':')?;
    let name = name.trim();
    match word.trim() {
        "ANCHOR" => Some(Marker::Anchor(name)),
        "ANCHOR_END" => Some(Marker::AnchorEnd(name)),
        "STARTER" => Some(Marker::Starter(name)),
        "STARTER_END" => Some(Marker::StarterEnd(name)),
        _ => None,
    }
}

/// A starter line as the handout has it: the first `// ` after the indentation removed.
fn uncomment(line: &str) -> anyhow::Result<String> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let rest = line.trim_start();
    if rest.is_empty() {
        return Ok(String::new());
    }
    let code = rest
        .strip_prefix("// ")
        .or_else(|| rest.strip_prefix("//"))
        .context("a starter line that is not a comment")?;
    Ok(format!("{indent}{code}"))
}

/// Cuts every region of `text`: the handout has each starter instead of its region.
pub fn cut(text: &str) -> anyhow::Result<Cut> {
    let mut handout: Vec<String> = Vec::new();
    let mut regions: Vec<Region> = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((n, line)) = lines.next() {
        match marker(line) {
            None => handout.push(line.to_string()),
            Some(Marker::Anchor(name)) => {
                let solution = block(&mut lines, name, |m| m == Marker::AnchorEnd(name))
                    .with_context(|| format!("region `{name}` opened at line {}", n + 1))?;
                let starts = lines
                    .peek()
                    .is_some_and(|(_, next)| marker(next) == Some(Marker::Starter(name)));
                let mut starter = Vec::new();
                if starts {
                    let (m, _) = lines.next().expect("peeked");
                    let commented = block(&mut lines, name, |m| m == Marker::StarterEnd(name))
                        .with_context(|| format!("starter `{name}` opened at line {}", m + 1))?;
                    for line in &commented {
                        starter.push(uncomment(line).with_context(|| format!("starter `{name}`"))?);
                    }
                }
                handout.extend(starter.iter().cloned());
                regions.push(Region {
                    name: name.to_string(),
                    solution,
                    starter,
                });
            }
            Some(other) => bail!("line {}: {other:?} without its ANCHOR before it", n + 1),
        }
    }
    let mut handout = handout.join("\n");
    if text.ends_with('\n') {
        handout.push('\n');
    }
    Ok(Cut { handout, regions })
}

/// The lines up to the marker `end` says closes the block; any other marker inside is an
/// error (regions do not nest).
fn block<'a>(
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
    name: &str,
    end: impl Fn(Marker<'_>) -> bool,
) -> anyhow::Result<Vec<String>> {
    let mut inside = Vec::new();
    for (n, line) in lines {
        match marker(line) {
            Some(m) if end(m) => return Ok(inside),
            Some(m) => bail!(
                "line {}: {m:?} inside `{name}` (regions do not nest)",
                n + 1
            ),
            None => inside.push(line.to_string()),
        }
    }
    bail!("no end marker for `{name}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
use a::b;
// ANCHOR: imports
use c::d;
// ANCHOR_END: imports
fn f() {
    // ANCHOR: body
    let x = secret();
    x
    // ANCHOR_END: body
    // STARTER: body
    // // Exercise: write f.
    // 0
    // STARTER_END: body
}
";

    #[test]
    fn the_handout_has_each_starter_instead_of_its_region() {
        let cut = cut(FILE).unwrap();
        assert_eq!(
            cut.handout,
            "use a::b;\nfn f() {\n    // Exercise: write f.\n    0\n}\n"
        );
        let names: Vec<&str> = cut.regions.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["imports", "body"]);
        assert_eq!(cut.regions[1].solution, ["    let x = secret();", "    x"]);
        assert!(
            cut.regions[0].starter.is_empty(),
            "a region may have no starter"
        );
    }

    #[test]
    fn a_file_without_regions_is_unchanged() {
        let text = "fn f() {}\n// not a marker: ANCHOR\n";
        assert_eq!(cut(text).unwrap().handout, text);
    }

    #[test]
    fn broken_markers_are_refused_with_the_line() {
        let cases = [
            ("// ANCHOR: a\nx\n", "no end marker for `a`"),
            ("// ANCHOR_END: a\n", "line 1"),
            (
                "// ANCHOR: a\n// ANCHOR: b\n// ANCHOR_END: b\n// ANCHOR_END: a\n",
                "do not nest",
            ),
            (
                "// ANCHOR: a\n// ANCHOR_END: a\n// STARTER: a\nx\n// STARTER_END: a\n",
                "not a comment",
            ),
            ("// STARTER: a\n// STARTER_END: a\n", "without its ANCHOR"),
        ];
        for (text, expected) in cases {
            let error = format!("{:#}", cut(text).unwrap_err());
            assert!(error.contains(expected), "`{expected}` in: {error}");
        }
    }
}
