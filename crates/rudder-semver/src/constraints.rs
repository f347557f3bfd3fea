//! `Constraints`: `||` groups of comma- or space-separated comparisons
//! (`= != > < >= => <= =< ~ ~> ^`, none meaning `~`-or-equal), `x`/`X`/`*` wildcards, hyphen
//! ranges (`1.2 - 1.4.5`), and the prerelease rule (a prerelease version matches only a group
//! that names a prerelease itself). Parsing follows Masterminds' regular expressions.

use std::cmp::Ordering;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use crate::S;
use crate::version::{Version, compare_prerelease};

/// Longest constraint string.
const MAX_LEN: usize = 512;
/// Most `||` groups.
const MAX_GROUPS: usize = 32;

/// A version in a constraint (wildcards allowed).
const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
/// The operators, in Masterminds' order (the empty one second: leftmost-first matching makes
/// the order matter).
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

struct Patterns {
    constraint: Regex,
    range: Regex,
    find: Regex,
    valid: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let re = |p: String| Regex::new(&p).expect("valid pattern");
    Patterns {
        constraint: re(format!(r"^{S}*({OPS}){S}*({CV}){S}*$")),
        range: re(format!(r"{S}*({CV}){S}+-{S}+({CV}){S}*")),
        find: re(format!(r"({OPS}){S}*({CV})")),
        valid: re(format!(
            r"^({S}*({OPS}){S}*({CV}){S}*)((?:{S}+|,{S}*)({OPS}){S}*({CV}){S}*)*$"
        )),
    }
});

/// Masterminds' constraint errors, with its texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConstraintError {
    /// Longer than 512 bytes.
    TooLong,
    /// More than 32 `||` groups.
    TooManyGroups,
    /// A group that is not a list of comparisons.
    Improper(String),
    /// A comparison whose version does not parse.
    Parser,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong => f.write_str("constraint string is too long (max 512 bytes)"),
            Self::TooManyGroups => f.write_str("too many constraint groups (max 32)"),
            Self::Improper(c) => write!(
                f,
                "improper constraint: {}",
                rudder_value::strconv::quote(c)
            ),
            Self::Parser => f.write_str("constraint parser error"),
        }
    }
}

impl std::error::Error for ConstraintError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterEqual,
    LessEqual,
    Tilde,
    Caret,
}

#[derive(Debug, Clone)]
struct Constraint {
    con: Version,
    op: Op,
    minor_dirty: bool,
    patch_dirty: bool,
    dirty: bool,
}

/// Parsed constraints: OR groups of AND-ed comparisons.
#[derive(Debug, Clone)]
pub struct Constraints {
    groups: Vec<(Vec<Constraint>, bool)>,
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "*" | "X")
}

/// `rewriteRange`: `a - b` becomes `>= a, <= b `.
fn rewrite_range(p: &Patterns, c: &str) -> String {
    let mut out = c.to_owned();
    for m in p.range.captures_iter(c) {
        let group = |i: usize| m.get(i).map_or("", |g| g.as_str());
        let t = format!(">= {}, <= {} ", group(1), group(11));
        out = out.replacen(group(0), &t, 1);
    }
    out
}

fn parse_constraint(p: &Patterns, c: &str) -> Result<Constraint, ConstraintError> {
    if c.is_empty() {
        return Ok(Constraint {
            con: Version::from_parts(0, 0, 0),
            op: Op::TildeOrEqual,
            minor_dirty: false,
            patch_dirty: false,
            dirty: true,
        });
    }
    let m = p
        .constraint
        .captures(c)
        .ok_or_else(|| ConstraintError::Improper(c.to_owned()))?;
    let g = |i: usize| m.get(i).map_or("", |g| g.as_str());
    let op = match g(1) {
        "" | "=" => Op::TildeOrEqual,
        "!=" => Op::NotEqual,
        ">" => Op::Greater,
        "<" => Op::Less,
        ">=" | "=>" => Op::GreaterEqual,
        "<=" | "=<" => Op::LessEqual,
        "~" | "~>" => Op::Tilde,
        _ => Op::Caret,
    };
    let (mut minor_dirty, mut patch_dirty, mut dirty) = (false, false, false);
    let ver = if is_x(g(3)) || g(3).is_empty() {
        dirty = true;
        format!("0.0.0{}", g(6))
    } else if is_x(g(4).trim_start_matches('.')) || g(4).is_empty() {
        minor_dirty = true;
        dirty = true;
        format!("{}.0.0{}", g(3), g(6))
    } else if is_x(g(5).trim_start_matches('.')) || g(5).is_empty() {
        dirty = true;
        patch_dirty = true;
        format!("{}{}.0{}", g(3), g(4), g(6))
    } else {
        g(2).to_owned()
    };
    let con = Version::parse(&ver).map_err(|_| ConstraintError::Parser)?;
    Ok(Constraint {
        con,
        op,
        minor_dirty,
        patch_dirty,
        dirty,
    })
}

impl Constraints {
    /// `semver.NewConstraint`.
    ///
    /// # Errors
    ///
    /// Masterminds' error for a text that is not a constraint.
    pub fn parse(c: &str) -> Result<Self, ConstraintError> {
        if c.len() > MAX_LEN {
            return Err(ConstraintError::TooLong);
        }
        let p = &*PATTERNS;
        let c = rewrite_range(p, c);
        let ors: Vec<&str> = c.split("||").collect();
        if ors.len() > MAX_GROUPS {
            return Err(ConstraintError::TooManyGroups);
        }
        let mut groups = Vec::with_capacity(ors.len());
        for v in ors {
            if !p.valid.is_match(v) {
                return Err(ConstraintError::Improper(v.to_owned()));
            }
            let mut group = Vec::new();
            let mut has_pre = false;
            let mut found = false;
            for s in p.find.find_iter(v) {
                found = true;
                let pc = parse_constraint(p, s.as_str())?;
                has_pre |= !pc.con.prerelease().is_empty();
                group.push(pc);
            }
            if !found {
                // Go's FindAllString returned nil: Masterminds parses the whole text.
                let pc = parse_constraint(p, v)?;
                has_pre |= !pc.con.prerelease().is_empty();
                group.push(pc);
            }
            groups.push((group, has_pre));
        }
        Ok(Self { groups })
    }

    /// `Check`: whether some OR group accepts `v` entirely.
    #[must_use]
    pub fn check(&self, v: &Version) -> bool {
        self.groups
            .iter()
            .any(|(group, has_pre)| group.iter().all(|c| c.check(v, *has_pre)))
    }
}

impl Constraint {
    fn check(&self, v: &Version, include_pre: bool) -> bool {
        if !v.prerelease().is_empty() && !include_pre {
            return false;
        }
        let c = &self.con;
        match self.op {
            Op::NotEqual => {
                if self.dirty {
                    if c.major() != v.major() {
                        return true;
                    }
                    if c.minor() != v.minor() && !self.minor_dirty {
                        return true;
                    } else if self.minor_dirty {
                        return false;
                    } else if c.patch() != v.patch() && !self.patch_dirty {
                        return true;
                    } else if self.patch_dirty {
                        if !v.prerelease().is_empty() || !c.prerelease().is_empty() {
                            return compare_prerelease(v.prerelease(), c.prerelease())
                                != Ordering::Equal;
                        }
                        return false;
                    }
                }
                v.compare(c) != Ordering::Equal
            }
            Op::Greater => {
                if !self.dirty {
                    return v.compare(c) == Ordering::Greater;
                }
                if v.major() > c.major() {
                    true
                } else if v.major() < c.major() || self.minor_dirty {
                    false
                } else if self.patch_dirty {
                    v.minor() > c.minor()
                } else {
                    v.compare(c) == Ordering::Greater
                }
            }
            Op::Less => v.compare(c) == Ordering::Less,
            Op::GreaterEqual => v.compare(c) != Ordering::Less,
            Op::LessEqual => {
                if !self.dirty {
                    return v.compare(c) != Ordering::Greater;
                }
                !(v.major() > c.major()
                    || v.major() == c.major() && v.minor() > c.minor() && !self.minor_dirty)
            }
            Op::Tilde => self.tilde(v),
            Op::TildeOrEqual => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.compare(c) == Ordering::Equal
                }
            }
            Op::Caret => {
                if v.compare(c) == Ordering::Less {
                    return false;
                }
                if c.major() > 0 || self.minor_dirty {
                    return v.major() == c.major();
                }
                if v.major() > 0 {
                    return false;
                }
                if c.minor() > 0 || self.patch_dirty {
                    return v.minor() == c.minor();
                }
                if v.minor() > 0 {
                    return false;
                }
                c.patch() == v.patch()
            }
        }
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major() == 0
            && c.minor() == 0
            && c.patch() == 0
            && !self.minor_dirty
            && !self.patch_dirty
        {
            return true;
        }
        if v.major() != c.major() {
            return false;
        }
        v.minor() == c.minor() || self.minor_dirty
    }
}

/// `chartutil.IsCompatibleRange`: whether `version` parses and satisfies `constraint`.
#[must_use]
pub fn is_compatible_range(constraint: &str, version: &str) -> bool {
    let Ok(v) = Version::parse(version) else {
        return false;
    };
    Constraints::parse(constraint).is_ok_and(|c| c.check(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Cases from Masterminds/semver's constraints_test.go (TestConstraintCheck) and its
    // prerelease and range rules.
    #[test]
    fn constraint_checks() {
        let cases = [
            ("=2.0.0", "1.2.3", false),
            ("2.0.0", "2.0.0", true),
            ("!=4.1", "4.1.0", false),
            ("!=4.1-alpha", "4.1.0", true),
            ("!=1.2.x", "1.2.3", false),
            (">1.1", "4.1.0", true),
            (">1.1", "1.1.0", false),
            (">1.2", "1.2.5", false),
            ("<1.1", "0.1.0", true),
            ("<=1.1", "1.1.0", true),
            (">=1.1", "0.0.9", false),
            (">=1.2.3", "1.2.3", true),
            ("~1.2.3", "1.2.4", true),
            ("~1.2.3", "1.3.4", false),
            ("^1.2.3", "1.8.9", true),
            ("^1.2.3", "2.8.9", false),
            ("^1.2", "1.9.0", true),
            ("^0.2.3", "0.2.5", true),
            ("^0.2.3", "0.3.0", false),
            ("^0.0.3", "0.0.4", false),
            ("1.x", "1.5.0", true),
            ("2.x", "1.5.0", false),
            ("*", "1.2.3", true),
            ("*", "1.2.3-alpha", false),
            (">=1.0.0", "1.1.0-beta", false),
            (">=1.19-0", "1.20.0-gke.1", true),
            (">=1.2 <2", "1.9.0", true),
            (">=1.2, <2", "2.0.0", false),
            ("1.1 - 2", "1.5.0", true),
            ("1.1 - 2", "3.0.0", false),
            ("1.2 - 1.4.5", "1.4.6", false),
            ("^1.0.0 || ~2.1", "2.1.9", true),
            ("1.x || >=3", "3.1.0", true),
            (">=1.0.0-0", "1.0.0-beta", true),
            ("", "1.0.0", false),
            ("nope", "1.0.0", false),
            ("^1.0", "not a version", false),
        ];
        for (c, v, want) in cases {
            assert_eq!(is_compatible_range(c, v), want, "{c} {v}");
        }
    }

    #[test]
    fn errors() {
        let err = |c: &str| Constraints::parse(c).unwrap_err().to_string();
        assert_eq!(err("nope"), "improper constraint: \"nope\"");
        assert_eq!(err(""), "improper constraint: \"\"");
        assert_eq!(
            err(&"1".repeat(513)),
            "constraint string is too long (max 512 bytes)"
        );
        assert_eq!(
            err(&vec!["1"; 33].join("||")),
            "too many constraint groups (max 32)"
        );
    }
}
