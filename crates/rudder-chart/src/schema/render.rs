//! The Go library's texts for `boon`'s errors: its `ValidationError` tree layout and kind
//! messages, and its compile errors.

use boon::{CompileError, ErrorKind, ValidationError};
use serde_json::Value as Json;

use super::gofmt;

/// The jsonschema package's `quote`: Go's `%q`, then `\"` → `"` and `'` → `\'`, in single
/// quotes.
fn quote(s: &str) -> String {
    let q = rudder_value::strconv::quote(s);
    let inner = &q[1..q.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn join_quoted<S: AsRef<str>>(items: &[S], sep: &str) -> String {
    items
        .iter()
        .map(|s| quote(s.as_ref()))
        .collect::<Vec<_>>()
        .join(sep)
}

fn go_q(s: &str) -> String {
    rudder_value::strconv::quote(s)
}

/// `display`: how a primitive schema value is shown (`fmt`'s `%v`, strings quoted).
fn display(v: &Json) -> String {
    match v {
        Json::String(s) => quote(s),
        Json::Array(_) | Json::Object(_) => "value".to_owned(),
        Json::Null => "<nil>".to_owned(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => rudder_value::strconv::format_float(f, b'g', -1, 64),
            _ => n.to_string(),
        },
    }
}

/// Go's `regexp` error for the common syntax errors (for `(`: ``error parsing regexp:
/// missing closing ): `(` ``); `None` where the texts are not mapped.
fn go_regexp_error(re: &str) -> Option<String> {
    use regex_syntax::ast::ErrorKind as K;
    let e = regex_syntax::ast::parse::Parser::new().parse(re).err()?;
    let span = e.span();
    let fragment = re.get(span.start.offset..span.end.offset).unwrap_or(re);
    let (code, expr) = match e.kind() {
        K::GroupUnclosed => ("missing closing )", re),
        K::GroupUnopened => ("unexpected )", re),
        K::ClassUnclosed => (
            "missing closing ]",
            re.get(span.start.offset..).unwrap_or(re),
        ),
        K::EscapeUnrecognized => ("invalid escape sequence", fragment),
        K::RepetitionMissing => ("missing argument to repetition operator", fragment),
        _ => return None,
    };
    Some(format!("error parsing regexp: {code}: `{expr}`"))
}

fn num(n: &serde_json::Number) -> String {
    gofmt::float(n.as_f64().unwrap_or(0.0))
}

fn int(n: usize) -> String {
    gofmt::int(n as i64)
}

fn message(kind: &ErrorKind<'_, '_>) -> String {
    match kind {
        ErrorKind::Group | ErrorKind::Reference { .. } => "validation failed".to_owned(),
        ErrorKind::Schema { url } => format!("jsonschema validation failed with {}", quote(url)),
        ErrorKind::ContentSchema => "'contentSchema' failed".to_owned(),
        ErrorKind::PropertyName { prop } => format!("invalid propertyName {}", quote(prop)),
        ErrorKind::RefCycle {
            url,
            kw_loc1,
            kw_loc2,
        } => format!(
            "both {kw_loc1} and {kw_loc2} resolve to {} causing reference cycle",
            go_q(url)
        ),
        ErrorKind::FalseSchema => "false schema".to_owned(),
        ErrorKind::Type { got, want } => {
            let want: Vec<String> = want.iter().map(|t| t.to_string()).collect();
            format!("got {got}, want {}", want.join(" or "))
        }
        ErrorKind::Enum { want } => {
            if want
                .iter()
                .all(|v| !matches!(v, Json::Array(_) | Json::Object(_)))
            {
                if want.len() == 1 {
                    format!("value must be {}", display(&want[0]))
                } else {
                    let items: Vec<String> = want.iter().map(display).collect();
                    format!("value must be one of {}", items.join(", "))
                }
            } else {
                "'enum' failed".to_owned()
            }
        }
        ErrorKind::Const { want } => match want {
            Json::Array(_) | Json::Object(_) => "'const' failed".to_owned(),
            other => format!("value must be {}", display(other)),
        },
        ErrorKind::Format { got, want, err } => {
            let err = match (*want, got.as_ref()) {
                ("regex", Json::String(re)) => {
                    go_regexp_error(re).unwrap_or_else(|| err.to_string())
                }
                _ => err.to_string(),
            };
            format!("{} is not valid {want}: {err}", display(got))
        }
        ErrorKind::MinProperties { got, want } => {
            format!("minProperties: got {}, want {}", int(*got), int(*want))
        }
        ErrorKind::MaxProperties { got, want } => {
            format!("maxProperties: got {}, want {}", int(*got), int(*want))
        }
        ErrorKind::AdditionalProperties { got } => {
            format!(
                "additional properties {} not allowed",
                join_quoted(got, ", ")
            )
        }
        ErrorKind::Required { want } => {
            if want.len() == 1 {
                format!("missing property {}", quote(want[0]))
            } else {
                format!("missing properties {}", join_quoted(want, ", "))
            }
        }
        ErrorKind::Dependency { prop, missing }
        | ErrorKind::DependentRequired { prop, missing } => {
            format!(
                "properties {} required, if {} exists",
                join_quoted(missing, ", "),
                quote(prop)
            )
        }
        ErrorKind::MinItems { got, want } => {
            format!("minItems: got {}, want {}", int(*got), int(*want))
        }
        ErrorKind::MaxItems { got, want } => {
            format!("maxItems: got {}, want {}", int(*got), int(*want))
        }
        ErrorKind::Contains => "no items match contains schema".to_owned(),
        ErrorKind::MinContains { got, want } => {
            if got.is_empty() {
                format!(
                    "min {} items required to match contains schema, but none matched",
                    int(*want)
                )
            } else {
                let at: Vec<String> = got.iter().map(ToString::to_string).collect();
                format!(
                    "min {} items required to match contains schema, but matched {} items at {}",
                    int(*want),
                    int(got.len()),
                    at.join(" ")
                )
            }
        }
        ErrorKind::MaxContains { got, want } => {
            let at: Vec<String> = got.iter().map(ToString::to_string).collect();
            format!(
                "max {} items required to match contains schema, but matched {} items at {}",
                int(*want),
                int(got.len()),
                at.join(" ")
            )
        }
        ErrorKind::UniqueItems { got } => {
            format!("items at {} and {} are equal", int(got[0]), int(got[1]))
        }
        ErrorKind::AdditionalItems { got } => {
            format!("last {} additionalItem(s) not allowed", int(*got))
        }
        ErrorKind::MinLength { got, want } => {
            format!("minLength: got {}, want {}", int(*got), int(*want))
        }
        ErrorKind::MaxLength { got, want } => {
            format!("maxLength: got {}, want {}", int(*got), int(*want))
        }
        ErrorKind::Pattern { got, want } => {
            format!("{} does not match pattern {}", quote(got), quote(want))
        }
        ErrorKind::ContentEncoding { want, err } => {
            format!("value is not {} encoded: {err}", quote(want))
        }
        ErrorKind::ContentMediaType { want, err, .. } => {
            format!("value if not of mediatype {}: {err}", quote(want))
        }
        ErrorKind::Minimum { got, want } => {
            format!("minimum: got {}, want {}", num(got), num(want))
        }
        ErrorKind::Maximum { got, want } => {
            format!("maximum: got {}, want {}", num(got), num(want))
        }
        ErrorKind::ExclusiveMinimum { got, want } => {
            format!("exclusiveMinimum: got {}, want {}", num(got), num(want))
        }
        ErrorKind::ExclusiveMaximum { got, want } => {
            format!("exclusiveMaximum: got {}, want {}", num(got), num(want))
        }
        ErrorKind::MultipleOf { got, want } => {
            format!("multipleOf: got {}, want {}", num(got), num(want))
        }
        ErrorKind::Not => "'not' failed".to_owned(),
        ErrorKind::AllOf => "'allOf' failed".to_owned(),
        ErrorKind::AnyOf => "'anyOf' failed".to_owned(),
        ErrorKind::OneOf(None) => "'oneOf' failed, none matched".to_owned(),
        ErrorKind::OneOf(Some((i, j))) => {
            format!(
                "'oneOf' failed, subschemas {}, {} matched",
                int(*i),
                int(*j)
            )
        }
    }
}

fn escape_token(t: &str) -> String {
    t.replace('~', "~0").replace('/', "~1")
}

fn instance_tokens(e: &ValidationError<'_, '_>) -> Vec<String> {
    e.instance_location
        .tokens
        .iter()
        .map(|t| match t {
            boon::InstanceToken::Prop(p) => escape_token(p),
            boon::InstanceToken::Item(i) => i.to_string(),
        })
        .collect()
}

/// A node of the tree as the Go library builds it.
struct GoNode {
    instance: Vec<String>,
    message: String,
    schema_kind: bool,
    /// A `$ref` with one cause: not shown.
    skip: bool,
    children: Vec<GoNode>,
}

/// The schema location's parts: base URL and fragment segments.
fn split_loc(loc: &str) -> (&str, Vec<&str>) {
    let (base, frag) = loc.split_once('#').unwrap_or((loc, ""));
    (base, frag.split('/').filter(|s| !s.is_empty()).collect())
}

/// The wrappers `boon` leaves out where the Go library keeps them: an `allOf`, `anyOf` or
/// (failed, none matched) `oneOf` with a single failing subschema is its own error node in
/// Go, with that subschema's error as its only cause. They are found in the schema path
/// from the parent's schema to the child's, and placed at the instance location the
/// keyword applied to.
fn dropped_wrappers(
    parent: &str,
    parent_kind: Option<&str>,
    child: &str,
    instance: &[String],
) -> Vec<(String, Vec<String>)> {
    let (pbase, pseg) = split_loc(parent);
    let (cbase, cseg) = split_loc(child);
    if pbase != cbase || cseg.len() < pseg.len() || cseg[..pseg.len()] != pseg[..] {
        return Vec::new();
    }
    let rel = &cseg[pseg.len()..];
    // Walk the relative path: wrapper keywords, and how many instance steps follow each.
    let mut found: Vec<(String, usize)> = Vec::new();
    let mut descents = 0usize;
    let mut i = 0;
    while i < rel.len() {
        let seg = rel[i];
        let next_is_index = rel
            .get(i + 1)
            .is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()));
        match seg {
            "allOf" | "anyOf" | "oneOf" if next_is_index => {
                let first_is_parent = i == 0 && parent_kind == Some(seg);
                if !first_is_parent {
                    found.push((seg.to_owned(), descents));
                }
                i += 2;
            }
            "properties" | "patternProperties" | "prefixItems" => {
                descents += 1;
                i += 2;
            }
            "items" => {
                descents += 1;
                i += if next_is_index { 2 } else { 1 };
            }
            "additionalProperties"
            | "unevaluatedProperties"
            | "additionalItems"
            | "unevaluatedItems"
            | "contains" => {
                descents += 1;
                i += 1;
            }
            "dependentSchemas" | "dependencies" | "$defs" | "definitions" => i += 2,
            _ => i += 1,
        }
    }
    found
        .into_iter()
        .map(|(kw, before)| {
            let after = descents - before;
            let keep = instance.len().saturating_sub(after);
            let message = match kw.as_str() {
                "allOf" => "'allOf' failed",
                "anyOf" => "'anyOf' failed",
                _ => "'oneOf' failed, none matched",
            };
            (message.to_owned(), instance[..keep].to_vec())
        })
        .collect()
}

fn kind_keyword(kind: &ErrorKind<'_, '_>) -> Option<&'static str> {
    match kind {
        ErrorKind::AllOf => Some("allOf"),
        ErrorKind::AnyOf => Some("anyOf"),
        ErrorKind::OneOf(None) => Some("oneOf"),
        _ => None,
    }
}

/// The original `pattern` string where the error's schema is in the root document (`boon`
/// reports its translation of the regex).
fn original_pattern(doc: &Json, loc: &str) -> Option<String> {
    let (base, segs) = split_loc(loc);
    if base != super::SCHEMA_URL {
        return None;
    }
    let mut cur = doc;
    for s in segs {
        let s = s.replace("~1", "/").replace("~0", "~");
        cur = match cur {
            Json::Object(m) => m.get(&s)?,
            Json::Array(a) => a.get(s.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    cur.get("pattern")?.as_str().map(str::to_owned)
}

fn build(e: &ValidationError<'_, '_>, doc: &Json) -> GoNode {
    let message = match &e.kind {
        ErrorKind::Pattern { got, .. } => match original_pattern(doc, e.schema_url) {
            Some(p) => format!("{} does not match pattern {}", quote(got), quote(&p)),
            None => message(&e.kind),
        },
        k => message(k),
    };
    let mut children = Vec::new();
    let child_base = match &e.kind {
        ErrorKind::Reference { url, .. } => url.to_string(),
        _ => e.schema_url.to_owned(),
    };
    for c in &e.causes {
        let node = crate::deep(|| build(c, doc));
        let wrappers = dropped_wrappers(
            &child_base,
            kind_keyword(&e.kind),
            c.schema_url,
            &node.instance,
        );
        let mut wrapped = node;
        for (message, instance) in wrappers.into_iter().rev() {
            wrapped = GoNode {
                instance,
                message,
                schema_kind: false,
                skip: false,
                children: vec![wrapped],
            };
        }
        children.push(wrapped);
    }
    GoNode {
        instance: instance_tokens(e),
        message,
        schema_kind: matches!(e.kind, ErrorKind::Schema { .. }),
        skip: e.causes.len() == 1 && matches!(e.kind, ErrorKind::Reference { .. }),
        children,
    }
}

fn display_tree(n: &GoNode, sb: &mut String, mut indent: usize) {
    if !n.skip {
        if indent > 0 {
            sb.push('\n');
            for _ in 0..indent - 1 {
                sb.push_str("  ");
            }
            sb.push_str("- ");
        }
        indent += 1;
        if n.schema_kind {
            sb.push_str(&n.message);
        } else {
            let ptr: String = n.instance.iter().flat_map(|t| ["/", t.as_str()]).collect();
            sb.push_str("at ");
            sb.push_str(&quote(&ptr));
            sb.push_str(": ");
            sb.push_str(&n.message);
        }
    }
    for c in &n.children {
        crate::deep(|| display_tree(c, sb, indent));
    }
}

/// A `ValidationError`'s `Error()`; `doc` is the root schema document.
pub(super) fn validation_error(e: &ValidationError<'_, '_>, doc: &Json) -> String {
    let mut sb = String::new();
    display_tree(&build(e, doc), &mut sb, 0);
    sb
}

fn source_text(src: &(dyn std::error::Error + 'static)) -> String {
    if let Some(c) = src.downcast_ref::<CompileError>() {
        return compile_error(c);
    }
    src.to_string()
}

/// A compile error's text, as the Go library's error types print.
pub(super) fn compile_error(e: &CompileError) -> String {
    match e {
        CompileError::ParseUrlError { url, src } => {
            format!(
                "error in parsing {}: {}",
                go_q(url),
                source_text(src.as_ref())
            )
        }
        CompileError::LoadUrlError { url, src } => {
            format!(
                "failing loading {}: {}",
                go_q(url),
                source_text(src.as_ref())
            )
        }
        CompileError::UnsupportedUrlScheme { url } => {
            format!("no URLLoader registered for {}", go_q(url))
        }
        CompileError::InvalidMetaSchemaUrl { url, src } => {
            format!(
                "invalid $schema in {}: {}",
                go_q(url),
                source_text(src.as_ref())
            )
        }
        CompileError::UnsupportedDraft { url } => format!("draft {} is not supported", go_q(url)),
        CompileError::MetaSchemaCycle { url } => {
            format!("cycle in resolving $schema in {}", go_q(url))
        }
        CompileError::ValidationError { url, src } => format!(
            "{} is not valid against metaschema: {}",
            go_q(url),
            validation_error(src, &Json::Null)
        ),
        CompileError::ParseIdError { loc } => format!("error in parsing id at {}", go_q(loc)),
        CompileError::ParseAnchorError { loc } => {
            format!("error in parsing anchor at {}", go_q(loc))
        }
        CompileError::DuplicateId {
            url,
            id,
            ptr1,
            ptr2,
        } => format!(
            "duplicate id {} in {} at {} and {}",
            go_q(id),
            go_q(url),
            go_q(ptr1),
            go_q(ptr2)
        ),
        CompileError::DuplicateAnchor {
            anchor,
            url,
            ptr1,
            ptr2,
        } => format!(
            "duplicate anchor {} in {} at {} and {}",
            go_q(anchor),
            go_q(url),
            go_q(ptr1),
            go_q(ptr2)
        ),
        CompileError::InvalidJsonPointer(url) => format!("invalid json-pointer {}", go_q(url)),
        CompileError::JsonPointerNotFound(url) => {
            format!("json-pointer in {} not found", go_q(url))
        }
        CompileError::AnchorNotFound { url, reference } => format!(
            "anchor in {} not found in schema {}",
            go_q(reference),
            go_q(url)
        ),
        CompileError::UnsupportedVocabulary { url, vocabulary } => format!(
            "unsupported vocabulary {} in {}",
            go_q(vocabulary),
            go_q(url)
        ),
        CompileError::InvalidRegex { url, regex, src } => {
            format!("invalid regex {} at {}: {src}", go_q(regex), go_q(url))
        }
        CompileError::Bug(src) => src.to_string(),
    }
}
