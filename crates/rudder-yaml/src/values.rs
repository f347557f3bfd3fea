//! Helm's values files: `loader.LoadValues` (`helm/pkg/chart/v2/loader/load.go`) and
//! `loader.MergeMaps`.
//!
//! A values file may hold several YAML documents. Helm splits them with apimachinery's
//! `YAMLReader` (a line reader: `---` at the start of a line separates documents, and the rest
//! of that line may only be blank or a comment), decodes each with `sigs.k8s.io/yaml` into a
//! map, and deep-merges them in order. Line endings are normalised to LF by the line reader,
//! and each document is parsed on its own, so YAML error line numbers count from the start of
//! the document, as in Helm.

use rudder_value::{Map, MapType, Value};

use crate::error::{Error, ErrorKind};
use crate::{Target, sigs};

/// Splits `data` into documents as apimachinery's `YAMLReader` does.
///
/// # Errors
/// `invalid Yaml document separator: <rest of the line>` when a line starting with `---` has
/// something other than blanks or a comment after it.
pub fn split_documents(data: &[u8]) -> Result<Vec<Vec<u8>>, Error> {
    let mut docs = Vec::new();
    let mut buffer: Vec<u8> = Vec::new();
    let mut rest = data;
    loop {
        // LineReader: one line, its LF (and a CR before it) removed, then an LF added; at the
        // end of the input, an empty line with EOF.
        let (line, eof) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let mut l = &rest[..i];
                if l.last() == Some(&b'\r') {
                    l = &l[..l.len() - 1];
                }
                rest = &rest[i + 1..];
                (l, false)
            }
            None if rest.is_empty() => (&rest[..0], true),
            None => {
                let l = rest;
                rest = &rest[rest.len()..];
                (l, false)
            }
        };
        if let Some(after) = line.strip_prefix(b"---") {
            let trimmed = String::from_utf8_lossy(after);
            let trimmed = trimmed.trim_matches(|c: char| rudder_value::unicode::is_space(c));
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(Error::new(
                    ErrorKind::Values,
                    format!("invalid Yaml document separator: {trimmed}"),
                ));
            }
            if !buffer.is_empty() {
                docs.push(std::mem::take(&mut buffer));
                continue;
            }
            if eof {
                break;
            }
        }
        if eof {
            if !buffer.is_empty() {
                docs.push(buffer);
            }
            break;
        }
        buffer.extend_from_slice(line);
        buffer.push(b'\n');
    }
    Ok(docs)
}

/// `loader.MergeMaps(a, b)`: a new map with `a`'s entries, then `b`'s; where both hold a
/// `map[string]interface{}` under the same key, the two are merged the same way.
pub fn merge_maps(a: &Map, b: &Map) -> Map {
    let out = Map::from_entries(MapType::interface(), a.with_entries(Clone::clone));
    for (k, v) in b.entries() {
        if let Value::Map(bv) = &v
            && is_plain_map(bv)
            && let Some(Value::Map(av)) = out.get(&k)
            && is_plain_map(&av)
        {
            out.insert(k, Value::Map(merge_maps(&av, bv)));
            continue;
        }
        out.insert(k, v);
    }
    out
}

/// Whether Go's `v.(map[string]any)` type assertion holds.
fn is_plain_map(m: &Map) -> bool {
    *m.map_type() == MapType::interface()
}

/// `loader.LoadValues`: every document of a values file, decoded and merged.
///
/// # Errors
/// `error reading yaml document: invalid Yaml document separator: ...` and
/// `cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: ...`.
///
/// ```
/// let v = rudder_yaml::values::load_values(b"a: {x: 1}\n---\na: {y: 2}\n").unwrap();
/// let a = v.get("a").unwrap();
/// assert_eq!(a.as_map().unwrap().len(), 2);
/// ```
pub fn load_values(data: &[u8]) -> Result<Map, Error> {
    let docs = split_documents(data).map_err(|e| e.wrap("error reading yaml document: "))?;
    let mut values = Map::new();
    for doc in docs {
        let decoded = sigs::decode(&doc, Target::Map);
        if let Some(e) = decoded.error {
            return Err(e.wrap("cannot unmarshal yaml document: "));
        }
        let Value::Map(current) = decoded.value else {
            continue;
        };
        values = merge_maps(&values, &current);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(s: &str) -> Vec<String> {
        split_documents(s.as_bytes())
            .unwrap()
            .into_iter()
            .map(|d| String::from_utf8(d).unwrap())
            .collect()
    }

    #[test]
    fn splitting() {
        assert_eq!(docs("a: 1\n---\nb: 2"), ["a: 1\n", "b: 2\n"]);
        assert_eq!(docs("---\na: 1\n"), ["---\na: 1\n"]);
        assert_eq!(docs("a: 1\r\n--- # c\r\nb: 2\r\n"), ["a: 1\n", "b: 2\n"]);
        assert_eq!(docs(""), Vec::<String>::new());
        assert_eq!(docs("---\n---\n"), ["---\n"]);
        let err = split_documents(b"a: 1\n-----BEGIN CERT\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid Yaml document separator: --BEGIN CERT"
        );
    }

    #[test]
    fn documents_merge_deeply() {
        let v = load_values(b"a:\n  x: 1\n  l: [1]\n---\na:\n  y: 2\n  l: [2]\n").unwrap();
        let a = v.get("a").unwrap();
        let a = a.as_map().unwrap();
        assert_eq!(a.keys().len(), 3);
        assert_eq!(a.get("l").unwrap().as_list().unwrap().len(), 1);
    }
}
