//! The checks, under their sections: each with its mark, verdict, id and title; a failure's
//! step, expected, actual and hint; a skip's reason; the judge's notes (secrets masked, as
//! everywhere in the page); and its steps, each with its sequence diagram, after the calls
//! the app made on its own before it.

use maud::{Markup, html};

use super::diagram;
use crate::registry::Section;
use crate::report::{CheckResult, Exchange, Report, Status, Step, Timing, human, mask};

/// Every check under its section's heading, the course's first.
pub(super) fn sections(report: &Report) -> Markup {
    html! {
        @for section in [Section::Course, Section::Beyond] {
            @let checks: Vec<&CheckResult> =
                report.checks.iter().filter(|c| c.section == section).collect();
            @if !checks.is_empty() {
                section.section {
                    h2 { (section.title()) }
                    @if section == Section::Beyond {
                        p.counted { (counted(report.strict)) }
                    }
                    @for check in checks {
                        (article(check, report.strict))
                    }
                }
            }
        }
    }
}

/// Whether the checks beyond the course count, as the human report says it.
fn counted(strict: bool) -> &'static str {
    if strict {
        "Counted: --strict."
    } else {
        "Advice: a failure here is shown, and counted only with --strict."
    }
}

/// A check's verdict as a word, which is also its class.
fn verdict(check: &CheckResult, strict: bool) -> &'static str {
    match check.status {
        Status::Pass => "passed",
        Status::Skip => "skipped",
        Status::Fail if check.is_advice(strict) => "advice",
        Status::Fail => "failed",
    }
}

fn article(check: &CheckResult, strict: bool) -> Markup {
    let (mark, _) = human::mark(check, strict);
    let verdict = verdict(check, strict);
    html! {
        article class={ "check " (verdict) } id={ "check-" (check.id.as_str()) } {
            h3 {
                span.mark aria-hidden="true" { (mark) }
                " " span.badge { (verdict) }
                " " code.id { (check.id.as_str()) }
                " " span.title { (check.title) }
            }
            (details(check, strict))
            @if !check.notes.is_empty() {
                ul.notes {
                    @for note in &check.notes {
                        li { span.label { "note: " } (mask::text(note)) }
                    }
                }
            }
            @if !check.steps.is_empty() {
                details.steps open[check.status == Status::Fail] {
                    summary { "Steps (" (check.steps.len()) "), with their HTTP exchanges" }
                    @for (i, step) in check.steps.iter().enumerate() {
                        (step_section(check, i + 1, step))
                    }
                }
            }
        }
    }
}

/// Why a check was skipped, or what failed: the step, the problem (or advice), expected,
/// actual and the hint, as the human report lists them.
fn details(check: &CheckResult, strict: bool) -> Markup {
    let fields = check.failure_fields(strict);
    html! {
        @match check.status {
            Status::Pass => {}
            Status::Skip => {
                p.skipped { "skipped: " (check.message.as_deref().unwrap_or("skipped")) }
            }
            Status::Fail => {
                dl.failure {
                    @for (label, value) in fields {
                        @if let Some(value) = value {
                            div class={ "field " (label.replace(' ', "-")) } {
                                dt { (label) }
                                dd { (mask::text(value)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The `n`th step: the calls the app made before it on its own, if any, in a row of their
/// own; then its mark, name and duration (and whether the check failed there), and its
/// sequence diagram.
fn step_section(check: &CheckResult, n: usize, step: &Step) -> Markup {
    let (mark, class) = match step.status {
        Status::Fail => ("✗", "failed"),
        _ => ("✓", "passed"),
    };
    let failed_here =
        check.status == Status::Fail && check.step.as_deref() == Some(step.name.as_str());
    let (between, own): (Vec<&Exchange>, Vec<&Exchange>) = step
        .exchanges
        .iter()
        .partition(|e| e.timing == Timing::Between);
    html! {
        @if !between.is_empty() {
            (diagram::between(&between, &step.name, !own.is_empty()))
        }
        section class={ "step " (class) } id={ "check-" (check.id.as_str()) "-step-" (n) } {
            h4 {
                span.mark aria-hidden="true" { (mark) }
                " " (step.name)
                " " span.duration { (format!("{:.1}", step.duration.as_secs_f64() * 1000.0)) " ms" }
                @if failed_here {
                    " " strong.failed-here { "the check failed here" }
                }
            }
            (diagram::render(&own))
        }
    }
}
