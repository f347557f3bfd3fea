//! The part of Go's `url.Parse` that decides how Helm reads a values path (`-f`,
//! `--set-file`): its scheme, and the errors it gives for paths that are not URLs.

/// A path that `url.Parse` refuses: `parse "<path>": <reason>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parse {}: {reason}", rudder_value::strconv::quote(.raw))]
pub struct UrlError {
    /// The path as given.
    pub raw: String,
    /// Go's reason, e.g. `invalid URL escape "%zz"`.
    pub reason: String,
}

fn unhex_ok(b: &[u8], i: usize) -> bool {
    b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
        && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
}

/// `unescape`'s validity check: every `%` starts a two-digit hex escape.
fn check_escapes(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if !unhex_ok(b, i) {
                let end = (i + 3).min(b.len());
                return Err(format!(
                    "invalid URL escape {}",
                    rudder_value::strconv::quote(&s[i..end.max(i + 1).min(s.len())])
                ));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    Ok(())
}

/// `url.Parse(raw).Scheme`, or its error. Host and port checks of `//authority` forms are
/// not reproduced (such paths are taken as parsed).
///
/// # Errors
/// Go's `parse "<path>": invalid URL escape "%zz"`, `missing protocol scheme`, `first path
/// segment in URL cannot contain colon`, `net/url: invalid control character in URL`.
pub fn scheme(raw: &str) -> Result<String, UrlError> {
    let err = |reason: String| UrlError {
        raw: raw.to_owned(),
        reason,
    };
    if raw.bytes().any(|c| c < 0x20 || c == 0x7f) {
        return Err(err("net/url: invalid control character in URL".to_owned()));
    }
    let (rest, frag) = raw.split_once('#').unwrap_or((raw, ""));
    if rest.is_empty() && !raw.is_empty() && raw.starts_with('#') {
        // "#frag": empty URL with a fragment.
    }
    // getScheme
    let mut scheme = String::new();
    let mut after = rest;
    for (i, c) in rest.char_indices() {
        if c.is_ascii_alphabetic() {
            continue;
        }
        if c.is_ascii_digit() || c == '+' || c == '-' || c == '.' {
            if i == 0 {
                break;
            }
            continue;
        }
        if c == ':' {
            if i == 0 {
                return Err(err("missing protocol scheme".to_owned()));
            }
            scheme = rest[..i].to_ascii_lowercase();
            after = &rest[i + 1..];
        }
        break;
    }
    let (path, _query) = match after.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (after, None),
    };
    if !path.starts_with('/') {
        if !scheme.is_empty() {
            check_escapes(frag).map_err(err)?;
            return Ok(scheme);
        }
        let segment = path.split('/').next().unwrap_or_default();
        if segment.contains(':') {
            return Err(err(
                "first path segment in URL cannot contain colon".to_owned()
            ));
        }
    }
    let path = if (!scheme.is_empty() || !path.starts_with("///")) && path.starts_with("//") {
        let authority_end = path[2..].find('/').map_or(path.len(), |i| i + 2);
        &path[authority_end..]
    } else {
        path
    };
    check_escapes(path).map_err(err)?;
    check_escapes(frag).map_err(err)?;
    Ok(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_errors() {
        assert_eq!(scheme("values.yaml").unwrap(), "");
        assert_eq!(scheme("https://x/v.yaml").unwrap(), "https");
        assert_eq!(scheme("/abs/v.yaml").unwrap(), "");
        assert_eq!(
            scheme("%zz.yaml").unwrap_err().to_string(),
            "parse \"%zz.yaml\": invalid URL escape \"%zz\""
        );
        assert_eq!(
            scheme(":x").unwrap_err().to_string(),
            "parse \":x\": missing protocol scheme"
        );
        assert_eq!(
            scheme("1a:b").unwrap_err().to_string(),
            "parse \"1a:b\": first path segment in URL cannot contain colon"
        );
    }
}
