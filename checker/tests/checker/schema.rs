//! Validating the outputs against their schemas.
//!
//! JSON: the report is validated against the schema file shipped in `checker/schema/`. A
//! full JSON Schema crate would add a large dependency tree for one test, so this validator
//! implements exactly the keywords that schema uses (`type`, `required`, `properties`,
//! `additionalProperties: false`, `enum`, `const`, `items`, `minimum`, local `$ref`), and
//! refuses any other keyword, so the schema cannot grow a rule this test silently ignores.
//!
//! JUnit: the XML is checked against the elements and attributes of the common JUnit schema
//! (the Jenkins/Ant `junit-10.xsd` that CI tools read): which element may contain which,
//! required attributes, and counts that agree with the cases.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;

use crate::helpers::schema_path;

const ANNOTATIONS: &[&str] = &["$schema", "$id", "title", "description", "$defs"];

fn type_matches(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown type `{other}` in the schema"),
    }
}

/// Errors of `value` against `schema` (within `root`, for `$ref`), with JSON pointers.
pub fn validate(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = schema.as_object().expect("a schema is an object");
    for (keyword, rule) in schema {
        match keyword.as_str() {
            k if ANNOTATIONS.contains(&k) => {}
            "$ref" => {
                let pointer = rule
                    .as_str()
                    .unwrap()
                    .strip_prefix('#')
                    .expect("a local $ref");
                let target = root.pointer(pointer).expect("the $ref resolves");
                validate(root, target, value, at, errors);
            }
            "type" => {
                let names: Vec<&str> = match rule {
                    Value::String(s) => vec![s],
                    Value::Array(a) => a.iter().map(|t| t.as_str().unwrap()).collect(),
                    _ => panic!("bad type"),
                };
                if !names.iter().any(|n| type_matches(value, n)) {
                    errors.push(format!("{at}: {value} is not of type {names:?}"));
                }
            }
            "const" if value != rule => errors.push(format!("{at}: {value} is not {rule}")),
            "enum" if !rule.as_array().unwrap().contains(value) => {
                errors.push(format!("{at}: {value} is not one of {rule}"))
            }
            "const" | "enum" => {}
            "minimum" => {
                if let (Some(v), Some(min)) = (value.as_f64(), rule.as_f64())
                    && v < min
                {
                    errors.push(format!("{at}: {v} < {min}"));
                }
            }
            "required" => {
                for name in rule.as_array().unwrap() {
                    let name = name.as_str().unwrap();
                    if value.is_object() && value.get(name).is_none() {
                        errors.push(format!("{at}: missing `{name}`"));
                    }
                }
            }
            "properties" => {
                if let Some(object) = value.as_object() {
                    for (name, sub) in rule.as_object().unwrap() {
                        if let Some(v) = object.get(name) {
                            validate(root, sub, v, &format!("{at}/{name}"), errors);
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(rule, &Value::Bool(false), "only `false` is supported");
                let known = schema.get("properties").and_then(Value::as_object);
                if let (Some(object), Some(known)) = (value.as_object(), known) {
                    for name in object.keys().filter(|k| !known.contains_key(*k)) {
                        errors.push(format!("{at}: unexpected `{name}`"));
                    }
                }
            }
            "items" => {
                if let Some(items) = value.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        validate(root, rule, item, &format!("{at}/{i}"), errors);
                    }
                }
            }
            other => panic!("the schema uses `{other}`, which this validator does not implement"),
        }
    }
}

/// Panics with every error if `value` does not follow the shipped report schema.
pub fn validate_report(value: &Value) {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
    let mut errors = Vec::new();
    validate(&schema, &schema, value, "", &mut errors);
    assert!(
        errors.is_empty(),
        "the report breaks its schema:\n{}",
        errors.join("\n")
    );
}

/// Allowed children and required attributes of each JUnit element.
fn junit_rules(element: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match element {
        "testsuites" => (&["testsuite"], &[]),
        "testsuite" => (
            &["properties", "testcase", "system-out", "system-err"],
            &["name", "tests"],
        ),
        "properties" => (&["property"], &[]),
        "property" => (&[], &["name", "value"]),
        "testcase" => (
            &["skipped", "error", "failure", "system-out", "system-err"],
            &["name"],
        ),
        "failure" | "error" | "skipped" | "system-out" | "system-err" => (&[], &[]),
        _ => return None,
    })
}

/// Each `<testsuite>`'s attributes, by the suite's name.
pub type Suites = BTreeMap<String, BTreeMap<String, String>>;

/// Panics unless `xml` follows the JUnit schema's structure, with counts that match; returns
/// the suites' attributes.
pub fn validate_junit(xml: &str) -> Suites {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut suites: Vec<BTreeMap<String, String>> = Vec::new();
    let mut counted: Vec<BTreeMap<&str, usize>> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(_) => {
                stack.pop();
                (None, false)
            }
            Event::Eof => break,
            _ => (None, false),
        };
        let Some(element) = start else { continue };
        let name = String::from_utf8(element.name().as_ref().to_vec()).unwrap();
        let (_, required) =
            junit_rules(&name).unwrap_or_else(|| panic!("unknown element <{name}>"));
        match stack.last() {
            None => {
                assert!(root.is_none(), "one root element");
                assert_eq!(name, "testsuites", "the root is <testsuites>");
                root = Some(name.clone());
            }
            Some(parent) => {
                let (children, _) = junit_rules(parent).unwrap();
                assert!(
                    children.contains(&name.as_str()),
                    "<{name}> inside <{parent}>"
                );
            }
        }
        let attributes: BTreeMap<String, String> = element
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.normalized_value(XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect();
        for attribute in required {
            assert!(
                attributes.contains_key(*attribute),
                "<{name}> needs `{attribute}`"
            );
        }
        for numeric in ["tests", "failures", "errors", "skipped"] {
            if let Some(v) = attributes.get(numeric) {
                v.parse::<usize>()
                    .unwrap_or_else(|_| panic!("{numeric}={v} is a count"));
            }
        }
        if let Some(time) = attributes.get("time") {
            time.parse::<f64>()
                .unwrap_or_else(|_| panic!("time={time} is seconds"));
        }
        match name.as_str() {
            "testsuite" => {
                suites.push(attributes);
                counted.push(BTreeMap::new());
            }
            "testcase" | "failure" | "error" | "skipped" => {
                let count = match name.as_str() {
                    "testcase" => "tests",
                    "failure" => "failures",
                    "error" => "errors",
                    _ => "skipped",
                };
                *counted.last_mut().unwrap().entry(count).or_default() += 1;
            }
            _ => {}
        }
        if !empty {
            stack.push(name);
        }
    }
    assert!(root.is_some(), "a root element");
    for (suite, counts) in suites.iter().zip(&counted) {
        for attribute in ["tests", "failures", "errors", "skipped"] {
            if let Some(declared) = suite.get(attribute) {
                let actual = counts.get(attribute).copied().unwrap_or(0);
                assert_eq!(
                    declared,
                    &actual.to_string(),
                    "{attribute} of suite {suite:?}"
                );
            }
        }
    }
    suites
        .into_iter()
        .map(|attributes| (attributes["name"].clone(), attributes))
        .collect()
}

#[test]
fn the_validators_catch_what_they_should() {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
    let mut good = serde_json::json!({
        "schema_version": 2, "lesson": "l", "outcome": "error", "exit_code": 2,
        "error": "cannot reach the app", "strict": false,
        "target": {"app_url": "a", "github_url": "g", "google_url": "o"}, "progress": null,
        "summary": {"passed": 0, "failed": 0, "skipped": 0, "advice": 0, "total": 0},
        "duration_ms": 0.0, "checks": []
    });
    validate_report(&good);
    good["schema_version"] = 1.into();
    good["summary"]["advice"] = Value::Null;
    good["checks"] = serde_json::json!([{ "id": "x", "status": "maybe", "section": "extra" }]);
    good["extra"] = Value::Null;
    good["progress"] = serde_json::json!({"done": 1, "total": 5, "next": {"id": "logout"}});
    let mut errors = Vec::new();
    validate(&schema, &schema, &good, "", &mut errors);
    let errors = errors.join("\n");
    assert!(
        errors.contains("/checks/0/status: \"maybe\" is not one of"),
        "{errors}"
    );
    assert!(errors.contains("/checks/0: missing `title`"), "{errors}");
    assert!(errors.contains(": unexpected `extra`"), "{errors}");
    assert!(errors.contains("/schema_version: 1 is not 2"), "{errors}");
    assert!(
        errors.contains("/summary/advice: null is not of type"),
        "{errors}"
    );
    assert!(
        errors.contains("/checks/0/section: \"extra\" is not one of"),
        "{errors}"
    );
    assert!(errors.contains("/checks/0: missing `counted`"), "{errors}");
    assert!(errors.contains("/checks/0: missing `notes`"), "{errors}");
    assert!(
        errors.contains("/progress/next: missing `page`"),
        "{errors}"
    );

    validate_junit(
        r#"<testsuites><testsuite name="s" tests="1" failures="1"><testcase name="c"><failure message="m"/></testcase></testsuite></testsuites>"#,
    );
    let wrong_count = std::panic::catch_unwind(|| {
        validate_junit(
            r#"<testsuites><testsuite name="s" tests="2"><testcase name="c"/></testsuite></testsuites>"#,
        )
    });
    assert!(wrong_count.is_err(), "a wrong count is caught");
    let misplaced = std::panic::catch_unwind(|| {
        validate_junit(r#"<testsuites><testcase name="c"/></testsuites>"#)
    });
    assert!(misplaced.is_err(), "a case outside a suite is caught");
}
