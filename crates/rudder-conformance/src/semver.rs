//! Just enough of Masterminds/semver v3 constraint matching to check that the corpus chart
//! providing a dependency satisfies its declared version constraint.
//!
//! Supported: `1.2.3`, `=`, `!=`, `>`, `>=`, `<`, `<=`, `~`, `^`, wildcards (`x`, `X`, `*`,
//! missing parts), `,` or spaces for "and", `||` for "or". Pre-release and build suffixes are
//! ignored (a dependency check, not a resolver). A bare version is an exact match, as in
//! Masterminds (not Cargo's caret default).

use anyhow::{Context as _, Result, bail};

type Version = (u64, u64, u64);

/// Whether `version` satisfies `constraint`.
///
/// # Errors
///
/// A version or constraint this small matcher cannot read.
pub(crate) fn satisfies(version: &str, constraint: &str) -> Result<bool> {
    let version = parse_version(version)?;
    for alternative in constraint.split("||") {
        let mut all = true;
        let mut any_term = false;
        for term in alternative
            .split([',', ' '])
            .filter(|term| !term.is_empty())
        {
            any_term = true;
            if !term_matches(version, term)? {
                all = false;
            }
        }
        if any_term && all {
            return Ok(true);
        }
    }
    Ok(false)
}

fn parse_version(text: &str) -> Result<Version> {
    let parts = parse_parts(text)?;
    match parts.as_slice() {
        [Some(major), Some(minor), Some(patch)] => Ok((*major, *minor, *patch)),
        _ => bail!("not a full version: {text:?}"),
    }
}

/// Up to three parts; `None` is a wildcard (or a missing part).
fn parse_parts(text: &str) -> Result<Vec<Option<u64>>> {
    let text = text.trim().trim_start_matches('v');
    let core = text.split(['-', '+']).next().unwrap_or_default();
    let mut parts: Vec<Option<u64>> = core
        .split('.')
        .map(|part| match part {
            "x" | "X" | "*" => Ok(None),
            number => number
                .parse()
                .map(Some)
                .with_context(|| format!("bad version {text:?}")),
        })
        .collect::<Result<_>>()?;
    if parts.len() > 3 {
        bail!("bad version {text:?}");
    }
    parts.resize(3, None);
    Ok(parts)
}

fn term_matches(version: Version, term: &str) -> Result<bool> {
    let split = term
        .find(|c: char| c.is_ascii_alphanumeric() || c == '*')
        .unwrap_or(term.len());
    let (op, rest) = term.split_at(split);
    let parts = parse_parts(rest)?;
    let floor = (
        parts[0].unwrap_or(0),
        parts[1].unwrap_or(0),
        parts[2].unwrap_or(0),
    );
    // The exclusive upper end of the range a partial version (or a caret, or a tilde) stands for.
    let bump = |index: usize| -> Option<Version> {
        match index {
            0 => Some((floor.0 + 1, 0, 0)),
            1 => Some((floor.0, floor.1 + 1, 0)),
            2 => Some((floor.0, floor.1, floor.2 + 1)),
            _ => None,
        }
    };
    let wildcard_range = || -> (Version, Option<Version>) {
        match parts.iter().position(Option::is_none) {
            Some(0) => ((0, 0, 0), None),
            Some(first_wild) => (floor, bump(first_wild - 1)),
            None => (floor, bump(2)),
        }
    };
    let in_range = |(low, high): (Version, Option<Version>)| {
        version >= low && high.is_none_or(|high| version < high)
    };
    Ok(match op {
        "" | "=" | "==" => {
            if parts.iter().all(Option::is_some) {
                version == floor
            } else {
                in_range(wildcard_range())
            }
        }
        "!=" => {
            if parts.iter().all(Option::is_some) {
                version != floor
            } else {
                !in_range(wildcard_range())
            }
        }
        ">" => {
            let (_, high) = wildcard_range();
            if parts.iter().all(Option::is_some) {
                version > floor
            } else {
                high.is_some_and(|h| version >= h)
            }
        }
        ">=" | "=>" => version >= floor,
        "<" => version < floor,
        "<=" | "=<" => {
            if parts.iter().all(Option::is_some) {
                version <= floor
            } else {
                wildcard_range().1.is_none_or(|high| version < high)
            }
        }
        "~" | "~>" => {
            let high = if parts[1].is_none() { bump(0) } else { bump(1) };
            in_range((floor, high))
        }
        "^" => {
            let high = if floor.0 > 0 || parts[1].is_none() {
                bump(0)
            } else if floor.1 > 0 || parts[2].is_none() {
                bump(1)
            } else {
                bump(2)
            };
            in_range((floor, high))
        }
        other => bail!("unsupported constraint operator {other:?} in {term:?}"),
    })
}

#[cfg(test)]
mod tests {
    use super::satisfies;

    #[test]
    fn corpus_constraints() {
        let yes = [
            ("8.4.0", "8.4.0"),
            ("0.12.8", "0.12.*"),
            ("2.31.4", "2.x.x"),
            ("4.56.1", "4.56.*"),
            ("0.0.0", "0.0.0"),
            ("1.2.3", ">=1.2.0 <2"),
            ("1.2.3", "~1.2.0"),
            ("1.9.0", "^1.2.3"),
            ("0.2.9", "^0.2.3"),
            ("1.0.0", "<1.0.0 || 1.x"),
            ("3.0.0", "*"),
            ("1.2.3", "1.2"),
        ];
        for (version, constraint) in yes {
            assert!(
                satisfies(version, constraint).unwrap(),
                "{version} should satisfy {constraint}"
            );
        }
        let no = [
            ("8.4.1", "8.4.0"),
            ("0.13.0", "0.12.*"),
            ("3.0.0", "2.x.x"),
            ("1.3.0", "~1.2.0"),
            ("2.0.0", "^1.2.3"),
            ("0.3.0", "^0.2.3"),
            ("1.2.3", "!=1.2.3"),
        ];
        for (version, constraint) in no {
            assert!(
                !satisfies(version, constraint).unwrap(),
                "{version} should not satisfy {constraint}"
            );
        }
        assert!(satisfies("1.2.3", "@1").is_err());
    }
}
