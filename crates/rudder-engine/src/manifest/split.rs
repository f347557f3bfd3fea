//! `SplitManifests` (`pkg/release/v1/util/manifest.go`).

/// Go's `unicode.IsSpace`.
pub(crate) fn is_go_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c > '\u{ff}' && c.is_whitespace())
}

/// `SplitManifests`: the documents of a file in order (Go's `manifest-0`, `manifest-1`, ...).
/// Splits at every `---` that starts a line, together with the spaces and tabs after it
/// (`(?m)^---[ \t]*`, not YAML-aware), drops blank documents and trims each document's
/// leading whitespace only (the trailing newline stays, as in Helm 4.2).
///
/// ```
/// let docs = rudder_engine::manifest::split_manifests("a: 1\n---\n\n---  b: 2\n");
/// assert_eq!(docs, ["a: 1\n", "b: 2\n"]);
/// ```
pub fn split_manifests(big_file: &str) -> Vec<String> {
    let text = big_file.trim_start_matches(is_go_space);
    let mut docs = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        if (i == 0 || bytes[i - 1] == b'\n') && &bytes[i..i + 3] == b"---" {
            docs.push(&text[start..i]);
            let mut j = i + 3;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                j += 1;
            }
            start = j;
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    docs.push(&text[start..]);
    docs.into_iter()
        .filter(|d| !d.trim_matches(is_go_space).is_empty())
        .map(|d| d.trim_start_matches(is_go_space).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split_manifests;

    #[test]
    fn splits_like_helm() {
        assert_eq!(split_manifests("---\na\n---\nb\n"), ["a\n", "b\n"]);
        assert_eq!(split_manifests("---apiVersion: v1"), ["apiVersion: v1"]);
        assert_eq!(split_manifests("--- # c\nx"), ["# c\nx"]);
        assert_eq!(split_manifests("a\n ---\nb"), ["a\n ---\nb"]);
        assert_eq!(split_manifests("a\n------\nb"), ["a\n", "---\nb"]);
        assert!(split_manifests("  \n---\n\t\n").is_empty());
    }
}
