//! The report is validated against the schema file shipped in `checker/schema/`. A full
//! JSON Schema crate would add a large dependency tree for one test, so this validator
//! implements exactly the keywords that schema uses (`type`, `required`, `properties`,
//! `additionalProperties: false`, `enum`, `const`, `items`, `minimum`, local `$ref`), and
//! refuses any other keyword, so the schema cannot grow a rule this test silently ignores.

use serde_json::{Map, Value};

use crate::helpers::schema_path;

const ANNOTATIONS: &[&str] = &["$schema", "$id", "title", "description", "$defs"];

/// Where in the document a value is, and the errors found so far.
struct Walk<'a> {
    root: &'a Value,
    errors: &'a mut Vec<String>,
}

/// Errors of `value` against `schema` (within `root`, for `$ref`), with JSON pointers.
pub fn validate(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    Walk { root, errors }.value(schema, value, at);
}

impl Walk<'_> {
    fn value(&mut self, schema: &Value, value: &Value, at: &str) {
        let schema = schema.as_object().expect("a schema is an object");
        for (keyword, rule) in schema {
            self.keyword(schema, keyword, rule, value, at);
        }
    }

    fn keyword(
        &mut self,
        schema: &Map<String, Value>,
        keyword: &str,
        rule: &Value,
        value: &Value,
        at: &str,
    ) {
        match keyword {
            k if ANNOTATIONS.contains(&k) => {}
            "$ref" => {
                let pointer = rule
                    .as_str()
                    .unwrap()
                    .strip_prefix('#')
                    .expect("a local $ref");
                let target = self.root.pointer(pointer).expect("the $ref resolves");
                self.value(target, value, at);
            }
            "type" => self.type_is(rule, value, at),
            "const" if value != rule => self.errors.push(format!("{at}: {value} is not {rule}")),
            "enum" if !rule.as_array().unwrap().contains(value) => self
                .errors
                .push(format!("{at}: {value} is not one of {rule}")),
            "const" | "enum" => {}
            "minimum" => {
                if let (Some(v), Some(min)) = (value.as_f64(), rule.as_f64())
                    && v < min
                {
                    self.errors.push(format!("{at}: {v} < {min}"));
                }
            }
            "required" => self.required(rule, value, at),
            "properties" => self.properties(rule, value, at),
            "additionalProperties" => self.no_other_properties(schema, rule, value, at),
            "items" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    self.value(rule, item, &format!("{at}/{i}"));
                }
            }
            other => panic!("the schema uses `{other}`, which this validator does not implement"),
        }
    }

    fn type_is(&mut self, rule: &Value, value: &Value, at: &str) {
        let names: Vec<&str> = match rule {
            Value::String(s) => vec![s],
            Value::Array(a) => a.iter().map(|t| t.as_str().unwrap()).collect(),
            _ => panic!("bad type"),
        };
        if !names.iter().any(|n| type_matches(value, n)) {
            self.errors
                .push(format!("{at}: {value} is not of type {names:?}"));
        }
    }

    fn required(&mut self, rule: &Value, value: &Value, at: &str) {
        for name in rule.as_array().unwrap() {
            let name = name.as_str().unwrap();
            if value.is_object() && value.get(name).is_none() {
                self.errors.push(format!("{at}: missing `{name}`"));
            }
        }
    }

    fn properties(&mut self, rule: &Value, value: &Value, at: &str) {
        let Some(object) = value.as_object() else {
            return;
        };
        for (name, sub) in rule.as_object().unwrap() {
            if let Some(v) = object.get(name) {
                self.value(sub, v, &format!("{at}/{name}"));
            }
        }
    }

    fn no_other_properties(
        &mut self,
        schema: &Map<String, Value>,
        rule: &Value,
        value: &Value,
        at: &str,
    ) {
        assert_eq!(rule, &Value::Bool(false), "only `false` is supported");
        let known = schema.get("properties").and_then(Value::as_object);
        if let (Some(object), Some(known)) = (value.as_object(), known) {
            for name in object.keys().filter(|k| !known.contains_key(*k)) {
                self.errors.push(format!("{at}: unexpected `{name}`"));
            }
        }
    }
}

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
