//! The report as one JSON document for graders. Its shape is documented, field by field, in
//! `checker/schema/report.schema.json`; the tests validate output against that file.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::{CheckResult, Report, Status, Target};
use crate::registry::Section;

/// Bumped when a field is removed or changes meaning.
pub const SCHEMA_VERSION: u64 = 3;

/// The schema, as shipped (also at `checker/schema/report.schema.json`).
pub const SCHEMA: &str = include_str!("../../schema/report.schema.json");

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

// The document's shape, field by field in the schema's order (structs keep the order).

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u64,
    lesson: &'a str,
    outcome: &'static str,
    exit_code: i32,
    error: Option<&'a str>,
    strict: bool,
    target: &'a Target,
    progress: Option<ProgressOut<'a>>,
    summary: Summary,
    duration_ms: f64,
    checks: Vec<Check<'a>>,
}

#[derive(Serialize)]
struct ProgressOut<'a> {
    done: usize,
    total: usize,
    next: Option<NextOut<'a>>,
}

#[derive(Serialize)]
struct NextOut<'a> {
    id: &'a str,
    title: &'a str,
    page: &'a str,
    edit: &'a [String],
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    passed: usize,
    failed: usize,
    skipped: usize,
    advice: usize,
    total: usize,
}

#[derive(Serialize)]
struct Check<'a> {
    id: &'a str,
    title: &'a str,
    section: Section,
    status: Status,
    counted: bool,
    message: Option<&'a str>,
    step: Option<&'a str>,
    expected: Option<&'a str>,
    actual: Option<&'a str>,
    rule: Option<&'a str>,
    hint: Option<&'a str>,
    precise_hint: Option<&'a str>,
    steps: Vec<StepOut<'a>>,
    notes: &'a [String],
    duration_ms: f64,
}

#[derive(Serialize)]
struct StepOut<'a> {
    name: &'a str,
    status: Status,
    duration_ms: f64,
}

fn check(c: &CheckResult, strict: bool) -> Check<'_> {
    Check {
        id: c.id.as_str(),
        title: &c.title,
        section: c.section,
        status: c.status,
        counted: c.counts(strict),
        message: c.message.as_deref(),
        step: c.step.as_deref(),
        expected: c.expected.as_deref(),
        actual: c.actual.as_deref(),
        rule: c.rule.as_deref(),
        hint: c.hint.as_deref(),
        precise_hint: c.precise_hint.as_deref(),
        steps: c
            .steps
            .iter()
            .map(|s| StepOut {
                name: &s.name,
                status: s.status,
                duration_ms: millis(s.duration),
            })
            .collect(),
        notes: &c.notes,
        duration_ms: millis(c.duration),
    }
}

pub fn to_value(report: &Report) -> Value {
    serde_json::to_value(document(report)).expect("the report serializes")
}

fn document(report: &Report) -> Document<'_> {
    let counts = report.counts();
    Document {
        schema_version: SCHEMA_VERSION,
        lesson: &report.lesson,
        outcome: report.outcome(),
        exit_code: report.exit_code(),
        error: report.error.as_deref(),
        strict: report.strict,
        target: &report.target,
        progress: report.progress.as_ref().map(|p| ProgressOut {
            done: p.done,
            total: p.total,
            next: p.next.as_ref().map(|n| NextOut {
                id: n.id.as_str(),
                title: &n.title,
                page: &n.page,
                edit: &n.edit,
                help: n.help.as_deref(),
            }),
        }),
        summary: Summary {
            passed: counts.passed,
            failed: counts.failed,
            skipped: counts.skipped,
            advice: counts.advice,
            total: report.checks.len(),
        },
        duration_ms: millis(report.duration),
        checks: report
            .checks
            .iter()
            .map(|c| check(c, report.strict))
            .collect(),
    }
}

/// The document, pretty-printed, with a final newline.
pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&document(report)).expect("the report prints");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn the_document_carries_each_check_and_the_outcome() {
        let value = to_value(&sample::report());
        assert_eq!(value["outcome"], "failed");
        assert_eq!(value["exit_code"], 1);
        assert_eq!(value["summary"]["skipped"], 1);
        assert_eq!(value["checks"][0]["status"], "fail");
        assert_eq!(value["checks"][0]["steps"][1]["name"], "POST /logout");
        assert_eq!(value["checks"][0]["duration_ms"], 12.0);
        assert_eq!(value["checks"][2]["expected"], Value::Null);
        assert_eq!(
            value["checks"][2]["notes"][0],
            "tidy-up: an older token was revoked"
        );
        assert_eq!(value["checks"][3]["section"], "beyond");
        assert_eq!(value["checks"][3]["counted"], false);
        assert_eq!(value["summary"]["advice"], 1);
        assert_eq!(value["strict"], false);
        assert_eq!(value["progress"]["done"], 1);
        assert_eq!(value["progress"]["next"]["edit"][0], "app/src/logout.rs");
    }

    #[test]
    fn the_shipped_schema_is_json_and_matches_the_version() {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        assert_eq!(
            schema["properties"]["schema_version"]["const"],
            SCHEMA_VERSION
        );
    }
}
