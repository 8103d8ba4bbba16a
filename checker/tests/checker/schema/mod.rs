//! Validating the outputs against their schemas: [`json`] for the report, [`junit`] for the
//! XML.

mod json;
mod junit;

use serde_json::Value;

pub use json::validate_report;
pub use junit::validate_junit;

use crate::helpers::{assert_says, schema_path};

#[test]
fn the_validators_catch_what_they_should() {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
    let mut good = serde_json::json!({
        "schema_version": 3, "lesson": "l", "outcome": "error", "exit_code": 2,
        "error": "cannot reach the app", "strict": false,
        "target": {"app_url": "a", "github_url": "g", "google_url": "o", "app": null, "github_mock": null, "google_mock": null}, "progress": null,
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
    json::validate(&schema, &schema, &good, "", &mut errors);
    let errors = errors.join("\n");
    assert_says(
        &errors,
        &[
            "/checks/0/status: \"maybe\" is not one of",
            "/checks/0: missing `title`",
            ": unexpected `extra`",
            "/schema_version: 1 is not 3",
            "/summary/advice: null is not of type",
            "/checks/0/section: \"extra\" is not one of",
            "/checks/0: missing `counted`",
            "/checks/0: missing `notes`",
            "/progress/next: missing `page`",
        ],
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
