//! Whether a handout gives anything away, or points at what it does not have.
//!
//! The solution text of a region is each of its lines that says something of its own: at
//! least [`MIN_LINE`] characters once trimmed, and found nowhere in the reference outside the
//! regions, not even within a longer line (a line like `Ok(())`, or a call the rest of the
//! app makes too, tells nothing). A handout leaks when any file of it contains one of those
//! lines anywhere (in code, a comment, a doc), or one of the reference's answers, or the
//! question's key ([`answer_lines`], [`key_lines`]).
//!
//! A handout also must not name a file it leaves out ([`dangling`]): a Markdown link, or a
//! path of the workspace, in any of its files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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

/// Every solution line, and every secret (`(what it is, its text)`: an answer, the key),
/// that a handout file still contains.
pub fn survivors(
    solution: &[(String, String)],
    secrets: &[(String, String)],
    handout: &[(PathBuf, String)],
) -> Vec<Leak> {
    let mut leaks = Vec::new();
    for (file, text) in handout {
        for (region, line) in solution.iter().chain(secrets) {
            if text.contains(line.as_str()) {
                leaks.push(Leak {
                    file: file.clone(),
                    region: region.clone(),
                    line: line.clone(),
                });
            }
        }
    }
    leaks
}

/// The lines of a reference answer file that its template does not have: the answers.
pub fn answer_lines(reference: &str, template: &str) -> Vec<String> {
    reference
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !template.contains(*l))
        .map(str::to_string)
        .collect()
}

/// The key of a plain question file: each choice's explanation (which choices are right is
/// sealed with them, see [`checker::quiz`]).
pub fn key_lines(question: &str) -> Vec<String> {
    question
        .lines()
        .filter_map(|l| l.trim().strip_prefix("explanation = "))
        .map(|e| e.trim_matches('"').replace("\\\"", "\""))
        .collect()
}

/// The folders of the workspace a path in a text may start with.
const FOLDERS: &[&str] = &[
    "app/",
    "hardened-app/",
    "instructor/",
    "mock-providers/",
    "checker/",
    "common/",
    "testkit/",
    "exercises/",
    "browser-tests/",
    "docs/",
    "bench/",
    ".ci/",
];

/// Whether a file is one a student reads for its references: a page (Markdown, TOML) or the
/// app's code. The tools' own sources name the reference's files on purpose (the edition's
/// writer lists what it leaves out).
fn read_by_students(file: &Path) -> bool {
    let extension = file.extension().and_then(|e| e.to_str());
    matches!(extension, Some("md" | "toml")) || file.starts_with("app")
}

/// Every reference to a file the handout does not have, `(file, reference)`, in the files a
/// student reads: a relative Markdown link, a path of the workspace (`app/src/...`), or a
/// Markdown file in backticks.
pub fn dangling(handout: &[(PathBuf, String)]) -> Vec<(PathBuf, String)> {
    let files: BTreeSet<String> = handout.iter().map(|(p, _)| super::slashed(p)).collect();
    let exists = |from: &Path, target: &str| {
        let target = target
            .split('#')
            .next()
            .unwrap_or_default()
            .trim_end_matches('/');
        let dir = from.parent().map(super::slashed).unwrap_or_default();
        [normalize(&format!("{dir}/{target}")), normalize(target)]
            .iter()
            .any(|t| files.contains(t) || files.iter().any(|f| f.starts_with(&format!("{t}/"))))
    };
    // A Markdown file named alone is any of that name.
    let named = |target: &str| {
        !target.contains('/') && files.iter().any(|f| f.ends_with(&format!("/{target}")))
    };
    let mut found = Vec::new();
    for (file, text) in handout.iter().filter(|(f, _)| read_by_students(f)) {
        for target in references(text) {
            if !exists(file, &target) && !named(&target) {
                found.push((file.clone(), target));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// What a text refers to: Markdown link targets (not web addresses or anchors), workspace
/// paths, and Markdown files named in backticks.
fn references(text: &str) -> Vec<String> {
    let mut refs = Vec::new();
    for link in text.split("](").skip(1) {
        let target = link.split([')', ' ']).next().unwrap_or_default();
        let web = target.contains("://") || target.starts_with("mailto:");
        if !web && !target.starts_with('#') && !target.is_empty() {
            refs.push(target.to_string());
        }
    }
    let word_char = |c: char| c.is_ascii_alphanumeric() || "_./-".contains(c);
    for word in text.split(|c: char| !word_char(c)) {
        let word = word.trim_end_matches('.');
        let path = FOLDERS.iter().any(|f| word.starts_with(f)) && word.contains('.');
        if path && !word.contains("..") {
            refs.push(word.to_string());
        }
    }
    for quoted in text.split('`').skip(1).step_by(2) {
        let bare_md = quoted.ends_with(".md") && quoted.chars().all(word_char);
        if bare_md && !quoted.contains('/') {
            refs.push(quoted.to_string());
        }
    }
    refs
}

/// `a/./b/../c` as `a/c`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
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
        assert!(survivors(&lines, &[], &clean).is_empty());
        let in_a_comment = [file(
            "docs/notes.md",
            "Hint: `let secret = compute_the_secret_value();` does it.",
        )];
        let leaks = survivors(&lines, &[], &in_a_comment);
        assert_eq!(leaks.len(), 1);
        assert_eq!(leaks[0].file, PathBuf::from("docs/notes.md"));
    }

    #[test]
    fn answers_and_the_key_are_leaks_too() {
        let reference = "# your answer\nanswer = [\"b\", \"c\"]\n";
        let template = "# your answer\nanswer = []\n";
        let answers = answer_lines(reference, template);
        assert_eq!(answers, ["answer = [\"b\", \"c\"]"]);
        let secrets: Vec<(String, String)> = answers
            .into_iter()
            .map(|a| ("the answer".to_string(), a))
            .collect();
        let handout = [file("exercises/x.answer.toml", reference)];
        assert_eq!(survivors(&[], &secrets, &handout).len(), 1);
        let blank = [file("exercises/x.answer.toml", template)];
        assert!(survivors(&[], &secrets, &blank).is_empty());
        let key = key_lines("[[choice]]\ncorrect = true\nexplanation = \"Because \\\"so\\\".\"\n");
        assert_eq!(key, ["Because \"so\"."]);
    }

    #[test]
    fn references_to_files_the_handout_lacks_are_found() {
        let handout = [
            file(
                "README.md",
                "See [the app](app/README.md), [gone](docs/x.md), [web](https://x.y/z.md) and [here](#top).",
            ),
            file(
                "app/README.md",
                "Edit `src/logout.rs`, read `PROVIDERS.md`, `logout.md` and exercises/logout.md.",
            ),
            file(
                "app/src/logout.rs",
                "// Exercise 1 (exercises/logout.md); hardened-app/README.md",
            ),
            file("exercises/logout.md", "[rules](README.md#how)"),
            file("exercises/README.md", ""),
        ];
        let found: Vec<String> = dangling(&handout)
            .into_iter()
            .map(|(f, r)| format!("{}: {r}", f.display()))
            .collect();
        assert_eq!(
            found,
            [
                "README.md: docs/x.md",
                "app/README.md: PROVIDERS.md",
                "app/src/logout.rs: hardened-app/README.md",
            ]
        );
    }
}
