//! A `metav1.LabelSelector` (`spec.selector` of workloads) as a label-selector query string.

use serde_json::Value;

/// The query string for a `{matchLabels, matchExpressions}` selector, or `None` when it is
/// missing or malformed (kstatus then reports the workload as `Unknown`).
pub(super) fn label_selector(selector: Option<&Value>) -> Option<String> {
    let selector = selector?.as_object()?;
    let mut parts: Vec<String> = Vec::new();
    if let Some(labels) = selector.get("matchLabels") {
        for (k, v) in labels.as_object()? {
            parts.push(format!("{k}={}", v.as_str()?));
        }
    }
    if let Some(exprs) = selector.get("matchExpressions") {
        for e in exprs.as_array()? {
            let key = e.get("key")?.as_str()?;
            let values = || -> Option<String> {
                let mut vs: Vec<&str> = match e.get("values") {
                    Some(v) => v
                        .as_array()?
                        .iter()
                        .map(Value::as_str)
                        .collect::<Option<_>>()?,
                    None => Vec::new(),
                };
                vs.sort_unstable();
                Some(vs.join(","))
            };
            parts.push(match e.get("operator")?.as_str()? {
                "In" => format!("{key} in ({})", values()?),
                "NotIn" => format!("{key} notin ({})", values()?),
                "Exists" => key.to_owned(),
                "DoesNotExist" => format!("!{key}"),
                _ => return None,
            });
        }
    }
    Some(parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn selectors() {
        let s = json!({"matchLabels": {"app": "web", "tier": "a"},
                       "matchExpressions": [{"key": "x", "operator": "In", "values": ["b", "a"]},
                                            {"key": "y", "operator": "DoesNotExist"}]});
        assert_eq!(
            label_selector(Some(&s)).unwrap(),
            "app=web,tier=a,x in (a,b),!y"
        );
        assert_eq!(label_selector(None), None);
        assert_eq!(label_selector(Some(&json!({}))).unwrap(), "");
    }
}
