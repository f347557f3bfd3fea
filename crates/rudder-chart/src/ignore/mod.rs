//! `.helmignore`: Helm's own rules (`pkg/ignore`), which are not gitignore's.
//!
//! * One pattern per line; blank lines and `#` comments are skipped; lines are trimmed.
//! * `**` is refused (`double-star (**) syntax is not supported`), and so is a pattern
//!   `filepath.Match` cannot compile (`syntax error in pattern`).
//! * A pattern without `/` matches the **base name**; one with `/` matches the whole path
//!   relative to the chart; a leading `/` anchors it the same way.
//! * A trailing `/` restricts it to directories.
//! * Rules are tried in order and the first decision wins. A `!pattern` rule *ignores every
//!   path it does not match* and lets matches fall through to later rules (Helm's negation
//!   is not gitignore's re-inclusion).
//! * [`Rules::add_defaults`] adds `templates/.?*` (dot files in `templates/`).
//!
//! ```
//! use rudder_chart::ignore::Rules;
//! let mut rules = Rules::parse(b"*.bak\nsecret/\n").unwrap();
//! rules.add_defaults();
//! assert!(rules.ignore("a/b.bak", false));
//! assert!(rules.ignore("secret", true));
//! assert!(!rules.ignore("secret", false));
//! assert!(rules.ignore("templates/.hidden", false));
//! ```

mod fnmatch;

pub use fnmatch::{BadPattern, filepath_match};

/// The name of the ignore file in a chart directory.
pub const HELM_IGNORE: &str = ".helmignore";

/// A `.helmignore` that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IgnoreError {
    /// A pattern with `**`.
    #[error("double-star (**) syntax is not supported")]
    DoubleStar,
    /// A pattern `filepath.Match` refuses.
    #[error(transparent)]
    BadPattern(#[from] BadPattern),
    /// A line of 64 KiB or more (Go's `bufio.Scanner` limit).
    #[error("bufio.Scanner: token too long")]
    TokenTooLong,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    /// The pattern matched against the base name.
    Base,
    /// The pattern matched against the whole relative path.
    Path,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    raw: String,
    rule: String,
    scope: Scope,
    negate: bool,
    must_dir: bool,
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        let subject = match self.scope {
            Scope::Path => path.to_owned(),
            Scope::Base => crate::gopath::base(path),
        };
        // A compile error here is logged by Helm and counts as no match.
        filepath_match(&self.rule, &subject).unwrap_or(false)
    }
}

/// A parsed `.helmignore`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    patterns: Vec<Pattern>,
}

/// Go's `bufio.MaxScanTokenSize`.
const MAX_LINE: usize = 64 * 1024;

impl Rules {
    /// `ignore.Empty`.
    pub fn empty() -> Self {
        Self::default()
    }

    /// `ignore.Parse`: one rule per line (`\n`, a `\r` before it dropped; a UTF-8 BOM on the
    /// first line skipped).
    ///
    /// # Errors
    /// The first bad rule's error (rules before it are kept by Helm but the load fails).
    pub fn parse(data: &[u8]) -> Result<Self, IgnoreError> {
        let mut rules = Self::empty();
        let mut rest = data;
        let mut first = true;
        while !rest.is_empty() {
            let (mut line, next) = match rest.iter().position(|&b| b == b'\n') {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &rest[rest.len()..]),
            };
            if line.len() >= MAX_LINE {
                return Err(IgnoreError::TokenTooLong);
            }
            rest = next;
            if let Some(l) = line.strip_suffix(b"\r") {
                line = l;
            }
            if first {
                line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
                first = false;
            }
            rules.add(&String::from_utf8_lossy(line))?;
        }
        Ok(rules)
    }

    /// `AddDefaults`: ignore dot files in `templates/`.
    pub fn add_defaults(&mut self) {
        // A fixed, valid rule.
        let _ = self.add("templates/.?*");
    }

    /// `parseRule`: adds one rule.
    ///
    /// # Errors
    /// [`IgnoreError::DoubleStar`] or [`IgnoreError::BadPattern`].
    pub fn add(&mut self, rule: &str) -> Result<(), IgnoreError> {
        let rule = rule.trim_matches(rudder_value::unicode::is_space);
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err(IgnoreError::DoubleStar);
        }
        filepath_match(rule, "abc")?;
        let raw = rule.to_owned();
        let (negate, rule) = match rule.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, rule),
        };
        let (must_dir, rule) = match rule.strip_suffix('/') {
            Some(r) => (true, r),
            None => (false, rule),
        };
        let (scope, rule) = if let Some(r) = rule.strip_prefix('/') {
            (Scope::Path, r)
        } else if rule.contains('/') {
            (Scope::Path, rule)
        } else {
            (Scope::Base, rule)
        };
        self.patterns.push(Pattern {
            raw,
            rule: rule.to_owned(),
            scope,
            negate,
            must_dir,
        });
        Ok(())
    }

    /// `Rules.Ignore`: whether `path` (relative to the chart, `/`-separated) is ignored.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for p in &self.patterns {
            if p.negate {
                if (p.must_dir && !is_dir) || !p.matches(path) {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
                continue;
            }
            if p.matches(path) {
                return true;
            }
        }
        false
    }

    /// The rules as written, in order.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        self.patterns.iter().map(|p| p.raw.as_str())
    }
}

#[cfg(test)]
mod tests;
