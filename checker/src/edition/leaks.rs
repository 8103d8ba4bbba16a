//! Whether any solution text survives in a handout.
//!
//! The solution text of a region is each of its lines that says something of its own: at
//! least [`MIN_LINE`] characters once trimmed, and found nowhere in the reference outside the
//! regions, not even within a longer line (a line like `Ok(())`, or a call the rest of the
//! app makes too, tells nothing). A
//! handout leaks when any file of it contains one of those lines anywhere (in code, a
//! comment, a doc), or the reference's answer to the question.

use std::path::PathBuf;

use super::regions;

/// The shortest line that counts as solution text.
pub const MIN_LINE: usize = 16;

/// A solution line found in a handout file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    pub file: PathBuf,
    pub region: String,
    pub line: String,
}

/// The lines that give a region away, for each region of the reference's files (path,
/// contents): `(region, line)`.
pub fn solution_lines(reference: &[(PathBuf, String)]) -> Vec<(String, String)> {
    let mut outside = String::new();
    let mut inside: Vec<(String, String)> = Vec::new();
    for (path, text) in reference {
        let in_app = path.starts_with("app") && path.extension().is_some_and(|e| e == "rs");
        let Some(cut) = in_app.then(|| regions::cut(text).ok()).flatten() else {
            outside.push_str(text);
            continue;
        };
        outside.push_str(&cut.handout);
        for region in cut.regions {
            for line in region.solution {
                inside.push((region.name.clone(), line.trim().to_string()));
            }
        }
    }
    // A line the rest of the reference has too, even within a longer line, tells nothing.
    inside.retain(|(_, line)| line.chars().count() >= MIN_LINE && !outside.contains(line.as_str()));
    inside.dedup();
    inside
}

/// Every solution line (and the reference's answer) that a handout file still contains.
pub fn survivors(
    solution: &[(String, String)],
    answer: Option<&str>,
    handout: &[(PathBuf, String)],
) -> Vec<Leak> {
    let mut leaks = Vec::new();
    for (file, text) in handout {
        for (region, line) in solution {
            if text.contains(line.as_str()) {
                leaks.push(Leak {
                    file: file.clone(),
                    region: region.clone(),
                    line: line.clone(),
                });
            }
        }
        if let Some(answer) = answer.filter(|a| text.contains(a)) {
            leaks.push(Leak {
                file: file.clone(),
                region: "the answer to the question".into(),
                line: answer.to_string(),
            });
        }
    }
    leaks
}

/// The reference's answer line (`answer = [...]`) of the answer file, if it has one.
pub fn answer_line(answer_file: &str) -> Option<String> {
    answer_file
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("answer") && l.contains('"'))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> (PathBuf, String) {
        (PathBuf::from(path), text.to_string())
    }

    const REFERENCE: &str = "fn f() {
    // ANCHOR: f
    let secret = compute_the_secret_value();
    Ok(())
    // ANCHOR_END: f
    // STARTER: f
    // Ok(())
    // STARTER_END: f
}
";

    #[test]
    fn only_lines_of_their_own_count_and_a_copied_one_is_found_anywhere() {
        let reference = [
            file("app/src/a.rs", REFERENCE),
            file("app/src/b.rs", "fn g() { Ok(()) }\n"),
        ];
        let lines = solution_lines(&reference);
        assert_eq!(
            lines,
            [(
                "f".to_string(),
                "let secret = compute_the_secret_value();".to_string()
            )]
        );
        let clean = [file("src/a.rs", "fn f() {\n    Ok(())\n}\n")];
        assert!(survivors(&lines, None, &clean).is_empty());
        let in_a_comment = [file(
            "docs/notes.md",
            "Hint: `let secret = compute_the_secret_value();` does it.",
        )];
        let leaks = survivors(&lines, None, &in_a_comment);
        assert_eq!(leaks.len(), 1);
        assert_eq!(leaks[0].file, PathBuf::from("docs/notes.md"));
    }

    #[test]
    fn the_reference_answer_is_a_leak_too() {
        let answer = answer_line("# comment\nanswer = [\"b\", \"c\"]\n").unwrap();
        assert_eq!(answer, "answer = [\"b\", \"c\"]");
        let handout = [file("exercises/x.answer.toml", "answer = [\"b\", \"c\"]\n")];
        assert_eq!(survivors(&[], Some(&answer), &handout).len(), 1);
        let blank = [file("exercises/x.answer.toml", "answer = []\n")];
        assert!(survivors(&[], Some(&answer), &blank).is_empty());
        assert_eq!(answer_line("answer = []\n"), None);
    }
}
