//! The report as one self-contained HTML page (`--html PATH`): inline CSS and SVG, no
//! script, nothing fetched. A header (the lesson, where the checker looked, the summary line
//! and the exit status), then each check under its section with the human report's marks
//! (`✓` passed, `✗` failed, `-` skipped, `!` advice) and details, and each step's HTTP
//! exchanges drawn as a sequence diagram (Browser, App, GitHub, Google), each exchange opening
//! to its request and answer in full, revocation calls marked with their verdict. Every text
//! is escaped by `maud`, and every secret masked ([`super::mask`]).

mod check;
mod diagram;
mod full;
mod verdict;

use maud::{Markup, PreEscaped, html};

use super::{Progress, Report, summary_line};

/// The page's style sheet, inlined.
const STYLE: &str = include_str!("html/style.css");

/// The whole page.
pub fn render(report: &Report) -> String {
    page(report).into_string()
}

fn page(report: &Report) -> Markup {
    let lesson = if report.lesson.is_empty() {
        "The logout lab"
    } else {
        report.lesson.as_str()
    };
    let title = format!("{lesson}: checker report ({})", report.outcome());
    let body = html! {
        main {
            (header(report, lesson))
            @if let Some(error) = &report.error {
                section.error {
                    h2 { "The checker could not run" }
                    p { (error) }
                }
            }
            @if has_exchanges(report) {
                (verdict::legend())
            }
            (check::sections(report))
        }
    };
    common::page::document(&title, html! { style { (PreEscaped(STYLE)) } }, body)
}

/// Whether any step has an exchange to draw: then the page says how to read the diagrams.
fn has_exchanges(report: &Report) -> bool {
    let mut steps = report.checks.iter().flat_map(|c| &c.steps);
    steps.any(|s| !s.exchanges.is_empty())
}

/// The lesson, the app and mocks checked, the summary, the exit status and the progress.
fn header(report: &Report, lesson: &str) -> Markup {
    let target = &report.target;
    html! {
        header.report {
            p.kicker { "Checker report" }
            h1 { (lesson) }
            @if target.is_in_process() {
                dl.targets {
                    div { dt { "App and mocks" } dd { (target.in_process_app()) ", in-process: each check with a fresh app and fresh mocks" } }
                }
            } @else if !target.app_url.is_empty() {
                dl.targets {
                    div { dt { "App" } dd { code { (target.app_url) } } }
                    div { dt { "Mock GitHub" } dd { code { (target.github_url) } } }
                    div { dt { "Mock Google" } dd { code { (target.google_url) } } }
                }
            }
            @if report.error.is_none() {
                p class={ "summary " (report.outcome()) } { (summary_line(report.counts())) }
            }
            p.outcome { (outcome(report)) }
            @if let Some(progress) = &report.progress {
                (progress_block(progress))
            }
        }
    }
}

/// The exit status in words, and what `--strict` changes.
fn outcome(report: &Report) -> String {
    let code = report.exit_code();
    let what = match code {
        0 => "every check that counts passed",
        1 => "a check that counts failed",
        _ => "the checker could not run",
    };
    let strict = if report.strict {
        "with --strict, the checks beyond the course count too"
    } else {
        "a failure beyond the course is advice (!), counted only with --strict"
    };
    format!("Exit status {code}: {what}; {strict}.")
}

/// `2/5 exercises done.`, then the next one: its page, the files to edit, its hint.
fn progress_block(progress: &Progress) -> Markup {
    html! {
        section.progress aria-label="Progress" {
            p {
                strong { (progress.done) "/" (progress.total) " exercises done." }
                @if let Some(next) = &progress.next {
                    " Next: " code { (next.id.as_str()) } ", " (next.title)
                }
            }
            @if let Some(next) = &progress.next {
                dl.fields {
                    div { dt { "read" } dd { code { (next.page) } } }
                    @if !next.edit.is_empty() {
                        div { dt { "edit" } dd { code { (next.edit.join(", ")) } } }
                    }
                    @if let Some(help) = &next.help {
                        div { dt { "more help" } dd { code { (help) } } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
