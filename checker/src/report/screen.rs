//! The report as `--watch` shows it on a terminal (`--format screen`): one screen of 80×24,
//! cleared at every run, that says, in this order, how far the student is, the first failure
//! with what was expected and what happened, and the next step last (the page, the file, how
//! to ask for the precise hint), then the summary. The full report stays for plain runs and
//! `--verbose`.

use super::{CheckResult, Report, Status, summary_line};

/// The width of the screen: every line fits it.
pub const WIDTH: usize = 80;

/// The lines of the screen, the watch's own last line apart.
const LINES: usize = 23;

/// The most lines each field of a failure may take when the whole of each does not fit, so
/// that the screen still fits 24 lines with the watch's own last line: the step 1, the problem
/// 3, expected 2, actual 4 (a wrong answer's explanation), the hint 3, the precise hint 4; the
/// progress and the summary take 1 each, the failure's heading and the next step 2 each.
fn field_lines(label: &str) -> usize {
    match label {
        "failed at" => 1,
        "expected" => 2,
        "actual" | "more help" => 4,
        _ => 3,
    }
}

/// Renders the screen: each field whole when the whole screen fits, else each cut to its
/// [`field_lines`].
pub fn render(report: &Report) -> String {
    let whole = render_with(report, |_| LINES);
    if whole.lines().count() <= LINES {
        return whole;
    }
    render_with(report, field_lines)
}

fn render_with(report: &Report, field_lines: fn(&str) -> usize) -> String {
    if let Some(error) = &report.error {
        return wrap("error: ", 7, error, 8);
    }
    let mut out = String::new();
    let first = first_failure(report);
    if let Some(progress) = &report.progress {
        let done = format!("{}/{} exercises done.", progress.done, progress.total);
        let all = progress.done == progress.total;
        let advice = first.is_some_and(|c| c.is_advice(report.strict));
        out.push_str(&done);
        if all && advice {
            out.push_str(" Beyond the course, advice (counted only with --strict):");
        }
        out.push('\n');
    }
    if let Some(check) = first {
        let mark = if check.is_advice(report.strict) {
            "!"
        } else {
            "✗"
        };
        out.push_str(&wrap(&format!("{mark} {}  ", check.id), 4, &check.title, 2));
        for (label, value) in check.failure_fields(report.strict) {
            if let Some(value) = value.filter(|_| label != super::RULE) {
                let prefix = format!("    {:<12}", format!("{label}:"));
                out.push_str(&wrap(&prefix, 16, value, field_lines(label)));
            }
        }
    }
    if let Some(next) = report.progress.as_ref().and_then(|p| p.next.as_ref()) {
        out.push_str(&wrap("Next: read ", 11, &next.page, 2));
        if !next.edit.is_empty() {
            out.push_str(&wrap("      edit ", 11, &next.edit.join(", "), 2));
        }
        if let Some(help) = &next.help {
            out.push_str(&wrap("      more help: ", 17, help, 2));
        }
    } else if first.is_none() {
        out.push_str("Every check passes.\n");
    }
    out.push_str(&summary_line(report.counts()));
    out.push('\n');
    out
}

/// The failure to show: the first that counts, else the first piece of advice.
fn first_failure(report: &Report) -> Option<&CheckResult> {
    let failed = || report.checks.iter().filter(|c| c.status == Status::Fail);
    failed()
        .find(|c| c.counts(report.strict))
        .or_else(|| failed().next())
}

/// `prefix` then `text` wrapped at [`WIDTH`] columns, continuation lines indented by
/// `indent`, at most `lines` lines (the last one ending in `…` when cut).
fn wrap(prefix: &str, indent: usize, text: &str, lines: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut line = prefix.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push(std::mem::replace(&mut line, " ".repeat(indent)));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        // A word longer than a line (a JSON body) is cut where the line ends.
        for c in word.chars() {
            if line.chars().count() == WIDTH {
                out.push(std::mem::replace(&mut line, " ".repeat(indent)));
            }
            line.push(c);
        }
        empty = false;
    }
    out.push(line);
    if out.len() > lines {
        out.truncate(lines);
        let last = out.last_mut().expect("at least one line");
        while last.chars().count() > WIDTH - 1 {
            last.pop();
        }
        last.push('…');
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn the_screen_fits_80_by_24_and_says_progress_failure_then_next() {
        let text = render(&sample::report());
        assert!(text.lines().count() <= 24, "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle} in:\n{text}"))
        };
        assert!(at("exercises done") < at("✗ logout"));
        assert!(at("✗ logout") < at("expected:"));
        assert!(at("actual:") < at("Next: read exercises/logout.md"));
        assert!(at("Next: read") < at("edit app/src/logout.rs"));
        assert!(
            !text.contains("still-logged-in"),
            "only the first failure: {text}"
        );
    }

    fn first_failed(report: &mut Report) -> &mut CheckResult {
        let failed = report.checks.iter_mut().find(|c| c.status == Status::Fail);
        failed.expect("the sample fails a check")
    }

    #[test]
    fn a_long_field_is_shown_whole_when_the_screen_has_room_and_cut_when_it_has_not() {
        let mut report = sample::report();
        first_failed(&mut report).hint =
            Some(format!("{} the-end.", "a hint of many words ".repeat(12)));
        let text = render(&report);
        assert!(text.contains("the-end."), "five lines of hint fit:\n{text}");

        let first = first_failed(&mut report);
        let long = "word ".repeat(150);
        for field in [&mut first.message, &mut first.expected, &mut first.actual] {
            *field = Some(long.clone());
        }
        first.precise_hint = Some(long);
        let text = render(&report);
        assert!(text.lines().count() <= LINES, "{text}");
        assert!(!text.contains("the-end."), "cut to make room:\n{text}");
        assert!(text.contains("Next: read"), "{text}");
    }

    #[test]
    fn long_values_wrap_under_their_label_and_are_cut_with_an_ellipsis() {
        let wrapped = wrap("    hint:       ", 16, &"word ".repeat(80), 3);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("    hint:       word"));
        assert!(lines[1].starts_with(&format!("{}word", " ".repeat(16))));
        assert!(lines[2].ends_with('…'));
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH));
        let json = wrap(
            "    actual:     ",
            16,
            &format!("200 {{{}}}", "\"a\":1,".repeat(30)),
            3,
        );
        assert!(json.lines().all(|l| l.chars().count() <= WIDTH), "{json}");
        assert!(
            json.lines().skip(1).all(|l| l.starts_with(&" ".repeat(16))),
            "{json}"
        );
    }
}
