//! Golden class **semantic only** (`ingress-nginx-*`, `datadog-csi-driver-*`): both sides
//! parsed as YAML documents and compared as multisets of objects, after the normalisations the
//! upstream pipeline applied.
//!
//! Parsing already ignores key order, comments (`# Source:` lines), quoting style and
//! formatting; sorting the objects ignores their order. Empty documents are dropped. The
//! per-case [`Rules`] add what upstream did: ingress-nginx ran `sed` over Helm's output and then
//! `kustomize build` (which adds a Namespace object, removes `spec.replicas` from
//! Deployments, and drops the `metadata.annotations` the `sed` left empty); the `DataDog` chart's test compares
//! typed objects ignoring the `helm.sh/chart` label.

use std::fmt::Write as _;

use anyhow::{Context as _, Result, bail};
use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

use super::{Verdict, check_exit, lossy, unified_diff};
use crate::exec::RunRecord;

/// The normalisations of one case.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Rules {
    /// `sed -i '/app.kubernetes.io\/managed-by: Helm/d'` and `sed -i '/helm.sh/d'` on the
    /// tool's output, before parsing (the patterns are regular expressions: `.` is any character).
    pub(crate) sed_helm_lines: bool,
    /// What `kustomize build` did to the output, if it ran.
    pub(crate) kustomize: Option<Kustomize>,
    /// Remove the `helm.sh/chart` key from every `labels` mapping (both sides).
    pub(crate) drop_chart_label: bool,
}

/// The effects of `kustomize build`.
///
/// kustomize re-writes `metadata.annotations` and `metadata.labels` and drops them when they are
/// empty or null (as they are after the `sed` removed their only lines), so those are dropped
/// on both sides whenever it ran.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Kustomize {
    /// The patch removing `/spec/replicas` from `apps/v1` Deployments (both sides).
    pub(crate) drop_deployment_replicas: bool,
    /// Objects kustomize added from the case's `postprocess/` resources: ignored in the expected
    /// output (one instance each).
    pub(crate) added_objects: Vec<Value>,
}

/// The `sed` patterns; `.` matches any one character, as in the upstream regular expressions.
const SED_PATTERNS: [&str; 2] = ["app.kubernetes.io/managed-by: Helm", "helm.sh"];

fn matches_pattern(line: &str, pattern: &str) -> bool {
    let line: Vec<char> = line.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    line.windows(pattern.len()).any(|window| {
        window
            .iter()
            .zip(&pattern)
            .all(|(c, p)| *p == '.' || c == p)
    })
}

fn sed(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|line| {
            !SED_PATTERNS
                .iter()
                .any(|pattern| matches_pattern(line, pattern))
        })
        .collect()
}

/// Parses a YAML stream into its non-empty documents, as JSON values.
///
/// # Errors
///
/// Text that is not YAML.
pub(crate) fn parse_documents(text: &str) -> Result<Vec<Value>> {
    let documents = YamlLoader::load_from_str(text).context("not a YAML stream")?;
    Ok(documents
        .iter()
        .map(to_json)
        .filter(|document| !document.is_null())
        .collect())
}

fn to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Real(text) => yaml
            .as_f64()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(text.clone()), Value::Number),
        Yaml::Integer(number) => Value::from(*number),
        Yaml::String(text) => Value::String(text.clone()),
        Yaml::Boolean(flag) => Value::Bool(*flag),
        Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Hash(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                let key = match to_json(key) {
                    Value::String(text) => text,
                    other => other.to_string(),
                };
                map.insert(key, to_json(value));
            }
            Value::Object(map)
        }
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

fn drop_chart_label(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if let (true, Value::Object(labels)) = (key == "labels", &mut *child) {
                    labels.remove("helm.sh/chart");
                }
                drop_chart_label(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_chart_label),
        _ => {}
    }
}

fn apply_kustomize(object: &mut Value, kustomize: &Kustomize) {
    let is_deployment = object["kind"] == "Deployment" && object["apiVersion"] == "apps/v1";
    if let (true, Some(spec)) = (
        kustomize.drop_deployment_replicas && is_deployment,
        object.get_mut("spec").and_then(Value::as_object_mut),
    ) {
        spec.remove("replicas");
    }
    if let Some(metadata) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        for key in ["annotations", "labels"] {
            let empty = metadata.get(key).is_some_and(|value| {
                value.is_null() || value.as_object().is_some_and(Map::is_empty)
            });
            if empty {
                metadata.remove(key);
            }
        }
    }
}

fn normalise(mut object: Value, rules: &Rules) -> Value {
    if let Some(kustomize) = &rules.kustomize {
        apply_kustomize(&mut object, kustomize);
    }
    if rules.drop_chart_label {
        drop_chart_label(&mut object);
    }
    object
}

/// The value with every mapping's keys in sorted order (whatever `serde_json`'s map keeps).
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|key| (key.clone(), sorted(&map[key])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// Objects in a canonical, sorted text form, one pretty JSON document each.
fn canonical(objects: &[Value]) -> Vec<String> {
    let mut texts: Vec<String> = objects
        .iter()
        .map(|object| {
            serde_json::to_string_pretty(&sorted(object)).expect("JSON values always print")
        })
        .collect();
    texts.sort();
    texts
}

/// # Errors
///
/// The expected output itself is not YAML (a corpus problem, not a rudder one).
pub(crate) fn compare(expected: &[u8], record: &RunRecord, rules: &Rules) -> Result<Verdict> {
    let mut diff = String::new();
    check_exit(&mut diff, record, false);
    let mut expected: Vec<Value> = parse_documents(&lossy(expected))?
        .into_iter()
        .map(|object| normalise(object, rules))
        .collect();
    let added_objects = rules
        .kustomize
        .iter()
        .flat_map(|kustomize| &kustomize.added_objects);
    for added in added_objects {
        let added = normalise(added.clone(), rules);
        match expected.iter().position(|object| *object == added) {
            Some(index) => {
                expected.remove(index);
            }
            None => bail!("the expected output lacks the object kustomize added: {added}"),
        }
    }
    let mut actual_text = lossy(&record.stdout());
    if rules.sed_helm_lines {
        actual_text = sed(&actual_text);
    }
    match parse_documents(&actual_text) {
        Ok(actual) => {
            let actual: Vec<Value> = actual
                .into_iter()
                .map(|object| normalise(object, rules))
                .collect();
            let (expected, actual) = (canonical(&expected), canonical(&actual));
            if expected != actual {
                diff.push_str(&unified_diff(
                    "expected (objects, canonical and sorted)",
                    &(expected.join("\n---\n") + "\n"),
                    "output (objects, canonical and sorted)",
                    &(actual.join("\n---\n") + "\n"),
                ));
            }
        }
        Err(error) => {
            let _ = writeln!(diff, "the output is not YAML: {error:#}");
        }
    }
    Ok(Verdict::from_diff(diff))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::exec::{Exit, Output};

    fn record(stdout: &str) -> RunRecord {
        RunRecord {
            outputs: vec![Output {
                exit: Exit::Code(0),
                stdout: stdout.into(),
                stderr: Vec::new(),
                duration: Duration::ZERO,
            }],
            ..RunRecord::default()
        }
    }

    #[test]
    fn order_comments_and_quoting_do_not_matter() {
        let expected = "kind: B\nmetadata:\n  name: b\n---\nkind: A\nmetadata: {name: a}\n";
        let output = "---\n# Source: x/a.yaml\nmetadata:\n  name: \"a\"\nkind: A\n---\n# Source: x/b.yaml\nkind: B\nmetadata:\n  name: b\n---\n";
        assert!(
            compare(expected.as_bytes(), &record(output), &Rules::default())
                .unwrap()
                .identical
        );
        let different = "kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: {name: c}\n";
        let verdict = compare(expected.as_bytes(), &record(different), &Rules::default()).unwrap();
        assert!(!verdict.identical);
        assert!(verdict.diff.contains("\"name\": \"c\""), "{}", verdict.diff);
    }

    #[test]
    fn kustomize_rules() {
        let namespace =
            parse_documents("apiVersion: v1\nkind: Namespace\nmetadata: {name: ns}\n").unwrap();
        let rules = Rules {
            sed_helm_lines: true,
            kustomize: Some(Kustomize {
                drop_deployment_replicas: true,
                added_objects: namespace,
            }),
            drop_chart_label: false,
        };
        let expected = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n---\n\
                        apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: x\nspec:\n  paused: false\n";
        let output = "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n  \
                      labels:\n    helm.sh/chart: x-1.0\n    \
                      app.kubernetes.io/managed-by: Helm\n    app: x\nspec:\n  replicas: 1\n  paused: false\n";
        assert!(
            compare(expected.as_bytes(), &record(output), &rules)
                .unwrap()
                .identical
        );
        // The regular expression's `.` matches any character, as sed's does.
        assert!(matches_pattern("  annotations: {helm-sh: x}", "helm.sh"));
        assert!(!matches_pattern("  app: helm", "helm.sh"));
    }

    #[test]
    fn datadog_ignores_the_chart_label() {
        let rules = Rules {
            drop_chart_label: true,
            ..Rules::default()
        };
        let expected = "kind: DaemonSet\nmetadata:\n  labels: {app: a, helm.sh/chart: old-1}\nspec:\n  template:\n    metadata:\n      labels: {app: a}\n";
        let output = "kind: DaemonSet\nmetadata:\n  labels: {app: a, helm.sh/chart: new-2}\nspec:\n  template:\n    metadata:\n      labels: {app: a, helm.sh/chart: new-2}\n";
        assert!(
            compare(expected.as_bytes(), &record(output), &rules)
                .unwrap()
                .identical
        );
        assert!(
            !compare(expected.as_bytes(), &record(output), &Rules::default())
                .unwrap()
                .identical
        );
    }

    #[test]
    fn unparsable_output_is_a_difference_not_a_failure() {
        let verdict = compare(b"kind: A\n", &record("kind: [\n"), &Rules::default()).unwrap();
        assert!(verdict.diff.contains("not YAML"), "{}", verdict.diff);
        assert!(compare(b"kind: [\n", &record("kind: A\n"), &Rules::default()).is_err());
    }
}
