//! Masterminds/semver v3.5.0's constraints: `||` groups of comma- or space-separated
//! comparisons (`= != > < >= => <= =< ~ ~> ^`, none meaning `~`-or-equal), `x`/`X`/`*`
//! wildcards, hyphen ranges (`1.2 - 1.4.5`), and the prerelease rule (a prerelease version
//! matches only a group that names a prerelease itself). Parsing follows Masterminds'
//! regular expressions, run with Go's regexp semantics.

use std::cmp::Ordering;
use std::sync::LazyLock;

use super::version::{Version, compare_prerelease};
use crate::regexp::Regexp;

const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

struct Patterns {
    constraint: std::sync::Arc<Regexp>,
    range: std::sync::Arc<Regexp>,
    find: std::sync::Arc<Regexp>,
    valid: std::sync::Arc<Regexp>,
}

static PATTERNS: LazyLock<Option<Patterns>> = LazyLock::new(|| {
    Some(Patterns {
        constraint: Regexp::compile(&format!(r"^\s*({OPS})\s*({CV})\s*$")).ok()?,
        range: Regexp::compile(&format!(r"\s*({CV})\s+-\s+({CV})\s*")).ok()?,
        find: Regexp::compile(&format!(r"({OPS})\s*({CV})")).ok()?,
        valid: Regexp::compile(&format!(
            r"^(\s*({OPS})\s*({CV})\s*)((?:\s+|,\s*)({OPS})\s*({CV})\s*)*$"
        ))
        .ok()?,
    })
});

/// Masterminds' constraint errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConstraintError {
    TooLong,
    TooManyGroups,
    Improper(String),
    Parser,
}

impl std::fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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
pub(crate) struct Constraints {
    groups: Vec<(Vec<Constraint>, bool)>,
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "*" | "X")
}

/// `rewriteRange`: `a - b` becomes `>= a, <= b `.
fn rewrite_range(p: &Patterns, c: &str) -> String {
    let mut out = c.to_owned();
    for m in p.range.captures_all(c) {
        let whole = m[0].unwrap_or("");
        let t = format!(
            ">= {}, <= {} ",
            m.get(1).copied().flatten().unwrap_or(""),
            m.get(11).copied().flatten().unwrap_or("")
        );
        out = out.replacen(whole, &t, 1);
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
    let g = |i: usize| m.get(i).copied().flatten().unwrap_or("");
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
    pub(crate) fn parse(c: &str) -> Result<Self, ConstraintError> {
        if c.len() > 512 {
            return Err(ConstraintError::TooLong);
        }
        let p = PATTERNS.as_ref().ok_or(ConstraintError::Parser)?;
        let c = rewrite_range(p, c);
        let ors: Vec<&str> = c.split("||").collect();
        if ors.len() > 32 {
            return Err(ConstraintError::TooManyGroups);
        }
        let mut groups = Vec::with_capacity(ors.len());
        for v in ors {
            if !p.valid.is_match(v) {
                return Err(ConstraintError::Improper(v.to_owned()));
            }
            let found = p.find.find_all(v, -1).unwrap_or_else(|| vec![v.to_owned()]);
            let mut group = Vec::with_capacity(found.len());
            let mut has_pre = false;
            for s in &found {
                let pc = parse_constraint(p, s)?;
                if !pc.con.pre.is_empty() {
                    has_pre = true;
                }
                group.push(pc);
            }
            groups.push((group, has_pre));
        }
        Ok(Self { groups })
    }

    /// `Check`: whether some OR group accepts `v` entirely.
    pub(crate) fn check(&self, v: &Version) -> bool {
        self.groups
            .iter()
            .any(|(group, has_pre)| group.iter().all(|c| c.check(v, *has_pre)))
    }
}

impl Constraint {
    fn check(&self, v: &Version, include_pre: bool) -> bool {
        if !v.pre.is_empty() && !include_pre {
            return false;
        }
        let c = &self.con;
        match self.op {
            Op::NotEqual => {
                if self.dirty {
                    if c.major != v.major {
                        return true;
                    }
                    if c.minor != v.minor && !self.minor_dirty {
                        return true;
                    } else if self.minor_dirty {
                        return false;
                    } else if c.patch != v.patch && !self.patch_dirty {
                        return true;
                    } else if self.patch_dirty {
                        if !v.pre.is_empty() || !c.pre.is_empty() {
                            return compare_prerelease(&v.pre, &c.pre) != Ordering::Equal;
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
                if v.major > c.major {
                    true
                } else if v.major < c.major || self.minor_dirty {
                    false
                } else if self.patch_dirty {
                    v.minor > c.minor
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
                !(v.major > c.major || v.major == c.major && v.minor > c.minor && !self.minor_dirty)
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
                if c.major > 0 || self.minor_dirty {
                    return v.major == c.major;
                }
                if v.major > 0 {
                    return false;
                }
                if c.minor > 0 || self.patch_dirty {
                    return v.minor == c.minor;
                }
                if v.minor > 0 {
                    return false;
                }
                c.patch == v.patch
            }
        }
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        if v.major != c.major {
            return false;
        }
        v.minor == c.minor || self.minor_dirty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(c: &str, v: &str) -> bool {
        Constraints::parse(c)
            .unwrap()
            .check(&Version::parse(v).unwrap())
    }

    #[test]
    fn masterminds_rules() {
        assert!(check(">=1.2.3", "1.2.3"));
        assert!(!check(">1.2", "1.2.5"));
        assert!(check("~1.2.3", "1.2.9") && !check("~1.2.3", "1.3.0"));
        assert!(check("^1.2", "1.9.0") && !check("^1.2", "2.0.0"));
        assert!(check("^0.2.3", "0.2.9") && !check("^0.2.3", "0.3.0"));
        assert!(!check(">=1.0.0", "1.1.0-beta"));
        assert!(check(">=1.19-0", "1.20.0-gke.1"));
        assert!(check("1.2 - 1.4.5", "1.3.0") && !check("1.2 - 1.4.5", "1.4.6"));
        assert!(check("1.x || >=3", "3.1.0"));
        assert!(check("*", "5.0.0"));
        assert!(!check("!=1.2.x", "1.2.3"));
        assert_eq!(
            Constraints::parse("nope").unwrap_err().to_string(),
            "improper constraint: \"nope\""
        );
    }
}
