//! kyaml's `kio.ByteReader` / `kio.ByteWriter` as `kio.ParseAll` and `kio.StringAll` configure
//! them, and the metadata filters they run (`SetAnnotation`, `ClearAnnotation`,
//! `ClearEmptyAnnotations`, `GetMeta`).

use super::decode::NodeDecoder;
use super::encode::NodeEncoder;
use super::node::{Kind, Node, Style};
use super::{Document, Meta};
use crate::error::{Error, ErrorKind};

/// `config.kubernetes.io/index` (`kioutil.LegacyIndexAnnotation`).
const LEGACY_INDEX: &str = "config.kubernetes.io/index";
/// `internal.config.kubernetes.io/index` (`kioutil.IndexAnnotation`).
const INDEX: &str = "internal.config.kubernetes.io/index";
const LEGACY_PATH: &str = "config.kubernetes.io/path";
const PATH: &str = "internal.config.kubernetes.io/path";
const LEGACY_ID: &str = "config.k8s.io/id";
const ID: &str = "internal.config.kubernetes.io/id";
/// `internal.config.kubernetes.io/seqindent` (`kioutil.SeqIndentAnnotation`).
const SEQ_INDENT: &str = "internal.config.kubernetes.io/seqindent";

fn kyaml_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Decode, msg)
}

/// `splitDocuments`: cut at every `\n---<anything>\n`; text after `---` must be a comment.
fn split_documents(s: &str) -> Result<Vec<&str>, Error> {
    let mut docs = Vec::new();
    if s.is_empty() {
        return Ok(docs);
    }
    let b = s.as_bytes();
    let mut prev = 0;
    let mut i = 0;
    while let Some(off) = memchr_nl(&b[i..]) {
        let at = i + off;
        if b[at + 1..].starts_with(b"---") {
            // The separator runs to the next line break (regexp `\n---.*\n`).
            if let Some(end_off) = memchr_nl(&b[at + 4..]) {
                let end = at + 4 + end_off;
                let after = s[at + 4..end].trim_matches(crate_space);
                if !after.is_empty() && !after.starts_with('#') {
                    return Err(kyaml_error(format!(
                        "invalid document separator: {}",
                        s[at..=end].trim_matches(crate_space)
                    )));
                }
                docs.push(&s[prev..at]);
                prev = end + 1;
                i = end + 1;
                continue;
            }
            break;
        }
        i = at + 1;
    }
    docs.push(&s[prev..]);
    Ok(docs)
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// Go's `unicode.IsSpace` (what `strings.TrimSpace` trims).
fn crate_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c > '\u{ff}' && c.is_whitespace())
}

/// `kio.ParseAll(text)`.
pub(crate) fn parse_all(text: &str) -> Result<Vec<Document>, Error> {
    let normalized = text.replace("\r\n", "\n");
    let values = split_documents(&normalized)?;
    let last = values.len().saturating_sub(1);
    let single = values.len() == 1;
    let mut out = Vec::new();
    let mut index = 0usize;
    for (i, value) in values.into_iter().enumerate() {
        let owned;
        let value = if i == last {
            value
        } else {
            owned = format!("{value}\n");
            &owned
        };
        let mut decoder = NodeDecoder::new(value.as_bytes());
        let doc = match decoder.next_document() {
            Ok(None) => continue,
            Ok(Some(doc)) => doc,
            Err(e) => return Err(e.wrap("MalformedYAMLError: ")),
        };
        // `IsYNodeEmptyDoc`, then `IsMissingOrNull`.
        if doc.content.first().is_none_or(|n| n.tag == "!!null") {
            continue;
        }
        let mut doc = Document::new(doc);
        copy_legacy_annotations(&mut doc)?;
        let idx = index.to_string();
        doc.set_annotation(LEGACY_INDEX, &idx)?;
        doc.set_annotation(INDEX, &idx)?;
        let meta = get_meta(doc.ynode()).unwrap_or_else(|MetaError::Missing| Meta::default());
        if single
            && (meta.kind == "ResourceList" || meta.kind == "List")
            && let root = doc.ynode()
            && (root.field("items").is_some() || root.field("functionConfig").is_some())
        {
            // The elements of a list are read as resources of their own (without index).
            if let Some(items) = root.field("items") {
                for item in &items.content {
                    out.push(Document::new(item.clone()));
                }
            }
            continue;
        }
        out.push(doc);
        index += 1;
    }
    Ok(out)
}

fn copy_legacy_annotations(doc: &mut Document) -> Result<(), Error> {
    let Some(meta) = doc.meta() else {
        return Ok(());
    };
    for (legacy, new) in [(LEGACY_PATH, PATH), (LEGACY_INDEX, INDEX), (LEGACY_ID, ID)] {
        let new_value = meta
            .annotations
            .iter()
            .find(|(k, _)| k == new)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let legacy_value = meta
            .annotations
            .iter()
            .find(|(k, _)| k == legacy)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if !new_value.is_empty() {
            if legacy_value.is_empty() {
                doc.set_annotation(legacy, &new_value)?;
            }
        } else if !legacy_value.is_empty() {
            doc.set_annotation(new, &legacy_value)?;
        }
    }
    Ok(())
}

/// `kio.StringAll(docs)`.
pub(crate) fn string_all(docs: &[Document]) -> Result<String, Error> {
    let mut enc = NodeEncoder::new()?;
    let mut nodes: Vec<Document> = docs.to_vec();
    let seq_indents = nodes
        .iter()
        .map(|d| raw_annotation(d.node(), SEQ_INDENT))
        .collect::<Result<Vec<String>, Error>>()?;
    for d in &mut nodes {
        d.clear_annotation(INDEX)?;
        d.clear_annotation(LEGACY_INDEX)?;
        d.clear_annotation(SEQ_INDENT)?;
        d.clear_empty_annotations()?;
    }
    for (d, seq) in nodes.iter().zip(&seq_indents) {
        enc.set_compact_seq_indent(seq != "wide");
        enc.encode(d.node())?;
    }
    let out = enc.finish()?;
    Ok(String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Go's panic when a mapping visit runs past an odd-length node list.
fn index_panic(i: usize, len: usize) -> Error {
    Error::new(
        ErrorKind::Panic,
        format!("runtime error: index out of range [{i}] with length {len}"),
    )
}

/// kyaml's `visitMappingNodeFields` for one name: the first pair whose key is `name`, walking
/// the list in pairs whatever the node's kind (an odd-length list panics in Go when the walk
/// reaches its last element).
fn visit_first<'n>(content: &'n [Node], name: &str) -> Result<Option<&'n Node>, Error> {
    let mut i = 0;
    while i < content.len() {
        if i + 1 >= content.len() {
            return Err(index_panic(i + 1, content.len()));
        }
        if content[i].value == name {
            return Ok(Some(&content[i + 1]));
        }
        i += 2;
    }
    Ok(None)
}

/// `RNode.GetAnnotations()[key]` as `ByteWriter` reads it (`getMetaData`, `getMapFromMeta`):
/// raw values, no kind checks, the last of duplicate keys.
fn raw_annotation(node: &Node, key: &str) -> Result<String, Error> {
    if is_null(node) {
        return Ok(String::new());
    }
    let content: &[Node] = match node.kind {
        Kind::Document => node.content.first().map_or(&[][..], |c| &c.content[..]),
        _ => &node.content,
    };
    // `getMetaData`: the first `metadata` whose value is not nil or empty.
    let mut meta = None;
    let mut i = 0;
    while i < content.len() {
        if i + 1 >= content.len() {
            return Err(index_panic(i + 1, content.len()));
        }
        if content[i].value == "metadata" {
            if !is_nil_or_empty(&content[i + 1]) {
                meta = Some(&content[i + 1]);
            }
            break;
        }
        i += 2;
    }
    let Some(meta) = meta else {
        return Ok(String::new());
    };
    let Some(annotations) = visit_first(&meta.content, "annotations")? else {
        return Ok(String::new());
    };
    let mut found = String::new();
    let c = &annotations.content;
    let mut i = 0;
    while i < c.len() {
        if i + 1 >= c.len() {
            return Err(index_panic(i + 1, c.len()));
        }
        if c[i].value == key {
            found.clone_from(&c[i + 1].value);
        }
        i += 2;
    }
    Ok(found)
}

/// Why `GetMeta` failed.
pub(crate) enum MetaError {
    /// `ErrMissingMetadata`.
    Missing,
}

fn is_null(n: &Node) -> bool {
    n.tag == "!!null"
}

/// `IsYNodeNilOrEmpty` for a present node.
fn is_nil_or_empty(n: &Node) -> bool {
    is_null(n)
        || (n.kind == Kind::Mapping && n.content.is_empty())
        || (n.kind == Kind::Sequence && n.content.is_empty())
}

/// `GetValue`.
fn get_value(n: &Node) -> String {
    if is_null(n) {
        String::new()
    } else {
        n.value.clone()
    }
}

/// `RNode.GetMeta` of a document's root.
pub(crate) fn get_meta(root: &Node) -> Result<Meta, MetaError> {
    let mut m = Meta::default();
    if is_null(root) {
        return Ok(m);
    }
    let mut missing = true;
    if let Some(f) = root.field("apiVersion").filter(|f| !is_nil_or_empty(f)) {
        m.api_version = get_value(f);
        missing = false;
    }
    if let Some(f) = root.field("kind").filter(|f| !is_nil_or_empty(f)) {
        m.kind = get_value(f);
        missing = false;
    }
    let Some(meta) = root.field("metadata").filter(|f| !is_nil_or_empty(f)) else {
        return if missing {
            Err(MetaError::Missing)
        } else {
            Ok(m)
        };
    };
    if let Some(f) = meta.field("name").filter(|f| !is_nil_or_empty(f)) {
        m.name.clone_from(&f.value);
        missing = false;
    }
    if let Some(f) = meta.field("namespace").filter(|f| !is_nil_or_empty(f)) {
        m.namespace = get_value(f);
        missing = false;
    }
    for (field, into) in [
        ("labels", &mut m.labels),
        ("annotations", &mut m.annotations),
    ] {
        if let Some(f) = meta.field(field).filter(|f| !is_nil_or_empty(f)) {
            if f.kind == Kind::Mapping {
                // `VisitFields`: each key name looked up again, so the first of duplicate
                // names gives the value; into a Go map keyed by the key's `GetValue`. Kept in
                // key order, one entry per distinct key (linear: no lookup per key).
                let mut first: std::collections::HashMap<&str, &Node> =
                    std::collections::HashMap::new();
                for pair in f.content.chunks(2) {
                    first.entry(pair[0].value.as_str()).or_insert(&pair[1]);
                }
                let mut seen: std::collections::HashMap<String, usize> =
                    std::collections::HashMap::new();
                for pair in f.content.chunks(2) {
                    let key = get_value(&pair[0]);
                    let value = first
                        .get(pair[0].value.as_str())
                        .map(|v| get_value(v))
                        .unwrap_or_default();
                    if let Some(&i) = seen.get(&key) {
                        into[i].1 = value;
                    } else {
                        seen.insert(key.clone(), into.len());
                        into.push((key, value));
                    }
                }
            }
            missing = false;
        }
    }
    if missing {
        Err(MetaError::Missing)
    } else {
        Ok(m)
    }
}

/// `InvalidNodeKindError`'s text.
fn wrong_kind(expected: &str, node: &Node) -> Error {
    let got = match node.kind {
        Kind::Document => "DocumentNode",
        Kind::Sequence => "SequenceNode",
        Kind::Mapping => "MappingNode",
        Kind::Scalar => "ScalarNode",
        Kind::Alias => "AliasNode",
    };
    let mut msg = format!("wrong node kind: expected {expected} but got {got}");
    // `RNode.String()`: the node encoded on its own.
    if let Ok(mut enc) = NodeEncoder::new() {
        enc.set_compact_seq_indent(true);
        if enc.encode(node).is_ok()
            && let Ok(out) = enc.finish()
        {
            msg.push_str(": node contents:\n");
            msg.push_str(&String::from_utf8_lossy(&out));
        }
    }
    kyaml_error(msg)
}

/// `FieldMatcher{Name}` on `rn`: `Ok(None)` when `rn` is null or has no such field.
fn check_map(rn: &Node) -> Result<bool, Error> {
    if is_null(rn) {
        return Ok(false);
    }
    if rn.kind != Kind::Mapping {
        return Err(wrong_kind("MappingNode", rn));
    }
    Ok(true)
}

/// `FieldClearer{Name, IfEmpty}` on `rn`.
fn clear_field(rn: &mut Node, name: &str, if_empty: bool) -> Result<(), Error> {
    if !check_map(rn)? {
        return Ok(());
    }
    // The first field of that name that may go: with `if_empty`, non-empty ones are passed
    // over and the walk goes on to a later duplicate.
    let mut i = 0;
    while i + 1 < rn.content.len() {
        if rn.content[i].value == name && (!if_empty || rn.content[i + 1].content.is_empty()) {
            rn.content.drain(i..i + 2);
            return Ok(());
        }
        i += 2;
    }
    Ok(())
}

/// `ClearEmptyAnnotations` on a root node.
pub(crate) fn clear_empty_annotations(root: &mut Node) -> Result<(), Error> {
    if check_map(root)?
        && let Some(i) = root.field_index("metadata")
    {
        clear_field(&mut root.content[i + 1], "annotations", true)?;
    }
    clear_field(root, "metadata", true)
}

/// `FieldMatcher{Name, Create: mapping}`: the field's value, appended when missing.
fn lookup_create<'n>(rn: &'n mut Node, name: &str) -> Result<Option<&'n mut Node>, Error> {
    if !check_map(rn)? {
        return Ok(None);
    }
    let i = if let Some(i) = rn.field_index(name) {
        i
    } else {
        let mut key = Node::new(Kind::Scalar);
        name.clone_into(&mut key.value);
        rn.content.push(key);
        rn.content.push(Node::new(Kind::Mapping));
        rn.content.len() - 2
    };
    Ok(Some(&mut rn.content[i + 1]))
}

/// `AnnotationSetter` on a root node.
pub(crate) fn set_annotation(root: &mut Node, key: &str, value: &str) -> Result<(), Error> {
    clear_empty_annotations(root)?;
    let Some(meta) = lookup_create(root, "metadata")? else {
        return Ok(());
    };
    let Some(annotations) = lookup_create(meta, "annotations")? else {
        return Ok(());
    };
    // `NewStringRNode` (literal style for multi-line text), then quoted "so that tools do not
    // get confused about the type".
    let mut v = Node::string(value);
    v.style = Style::SINGLE_QUOTED;
    // `FieldSetter`: an existing value is replaced, keeping its style.
    // A null node matches nothing: the field is appended to it as to a mapping.
    if check_map(annotations)?
        && let Some(i) = annotations.field_index(key)
    {
        v.style = annotations.content[i + 1].style;
        annotations.content[i + 1] = v;
        return Ok(());
    }
    let mut k = Node::new(Kind::Scalar);
    key.clone_into(&mut k.value);
    annotations.content.push(k);
    annotations.content.push(v);
    Ok(())
}

/// `AnnotationClearer` on a root node.
pub(crate) fn clear_annotation(root: &mut Node, key: &str) -> Result<(), Error> {
    if !check_map(root)? {
        return Ok(());
    }
    let Some(mi) = root.field_index("metadata") else {
        return Ok(());
    };
    let meta = &mut root.content[mi + 1];
    if !check_map(meta)? {
        return Ok(());
    }
    let Some(ai) = meta.field_index("annotations") else {
        return Ok(());
    };
    clear_field(&mut meta.content[ai + 1], key, false)
}
