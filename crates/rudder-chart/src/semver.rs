//! Masterminds/semver v3.5.0, as far as charts need it: `NewVersion` (which coerces: `v1`,
//! `1.2` are versions) for Chart.yaml validation, and constraints (`^1.2`, `~1.2.3`,
//! `>= 1.0, < 2.0 || 3.x`, `1.2 - 1.4`) for matching dependencies to subcharts
//! (`IsCompatibleRange`).
//!
//! Only the outcome matters here (valid or not, satisfied or not), so the constraint checks
//! return booleans, not Masterminds' explanations.

use std::cmp::Ordering;
use std::sync::LazyLock;

use regex::Regex;

/// Longest version string `NewVersion` accepts.
const MAX_VERSION_LEN: usize = 256;
/// Longest constraint string.
const MAX_CONSTRAINT_LEN: usize = 512;
/// Most `||` groups in a constraint.
const MAX_CONSTRAINT_GROUPS: usize = 32;

/// The loose version syntax `NewVersion` coerces from (Go's `\s` and `\d` are ASCII).
const LOOSE: &str = r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$";
/// A version in a constraint (wildcards allowed).
const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
/// The operators, in Masterminds' order (the empty one second: leftmost-first matching
/// makes that order matter).
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";
/// Go's `\s`.
const S: &str = r"[\t\n\f\r ]";

static LOOSE_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(LOOSE).expect("valid regex"));
static CONSTRAINT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{S}*({OPS}){S}*({CV}){S}*$")).expect("valid regex"));
static RANGE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"{S}*({CV}){S}+-{S}+({CV}){S}*")).expect("valid regex"));
static FIND_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"({OPS}){S}*({CV})")).expect("valid regex"));
static VALID_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^({S}*({OPS}){S}*({CV}){S}*)((?:{S}+|,{S}*)({OPS}){S}*({CV}){S}*)*$"
    ))
    .expect("valid regex")
});

/// A parsed semantic version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    metadata: String,
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

fn valid_prerelease(p: &str) -> bool {
    p.split('.').all(|part| {
        if part.is_empty() {
            false
        } else if part.bytes().all(|b| b.is_ascii_digit()) {
            !(part.len() > 1 && part.starts_with('0'))
        } else {
            part.chars().all(is_ident_char)
        }
    })
}

fn valid_metadata(m: &str) -> bool {
    m.split('.')
        .all(|part| !part.is_empty() && part.chars().all(is_ident_char))
}

impl Version {
    /// `semver.NewVersion` with coercion on (Masterminds' default): `v` prefix, missing
    /// minor and patch accepted. `None` when Masterminds returns an error.
    pub fn parse(v: &str) -> Option<Self> {
        if v.len() > MAX_VERSION_LEN {
            return None;
        }
        let m = LOOSE_RE.captures(v)?;
        let seg = |i: usize| -> Option<u64> {
            match m.get(i) {
                None => Some(0),
                Some(s) => s.as_str().trim_start_matches('.').parse().ok(),
            }
        };
        let version = Self {
            major: seg(1)?,
            minor: seg(2)?,
            patch: seg(3)?,
            pre: m.get(5).map_or("", |x| x.as_str()).to_owned(),
            metadata: m.get(8).map_or("", |x| x.as_str()).to_owned(),
        };
        if !version.pre.is_empty() && !valid_prerelease(&version.pre) {
            return None;
        }
        if !version.metadata.is_empty() && !valid_metadata(&version.metadata) {
            return None;
        }
        Some(version)
    }

    /// `semver.StrictNewVersion`: exactly `MAJOR.MINOR.PATCH[-pre][+meta]`, no `v`
    /// prefix, no leading zeros.
    pub fn parse_strict(v: &str) -> Option<Self> {
        let mut parts = v.splitn(3, '.');
        let (major, minor, rest) = (parts.next()?, parts.next()?, parts.next()?);
        let (rest, metadata) = rest.split_once('+').unwrap_or((rest, ""));
        let (patch, pre) = rest.split_once('-').unwrap_or((rest, ""));
        if (rest.contains('-') && !valid_prerelease(pre))
            || (v.contains('+') && !valid_metadata(metadata))
        {
            return None;
        }
        let num = |p: &str| -> Option<u64> {
            if p.is_empty()
                || !p.bytes().all(|b| b.is_ascii_digit())
                || (p.len() > 1 && p.starts_with('0'))
            {
                return None;
            }
            p.parse().ok()
        };
        Some(Self {
            major: num(major)?,
            minor: num(minor)?,
            patch: num(patch)?,
            pre: pre.to_owned(),
            metadata: metadata.to_owned(),
        })
    }

    /// The major version.
    pub fn major(&self) -> u64 {
        self.major
    }

    /// The minor version.
    pub fn minor(&self) -> u64 {
        self.minor
    }

    /// The patch version.
    pub fn patch(&self) -> u64 {
        self.patch
    }

    /// The prerelease part (without the `-`).
    pub fn prerelease(&self) -> &str {
        &self.pre
    }

    /// Masterminds' `Compare` (metadata ignored).
    pub fn compare(&self, o: &Self) -> Ordering {
        self.major
            .cmp(&o.major)
            .then(self.minor.cmp(&o.minor))
            .then(self.patch.cmp(&o.patch))
            .then_with(|| match (self.pre.is_empty(), o.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.pre, &o.pre),
            })
    }

    fn equal(&self, o: &Self) -> bool {
        self.compare(o) == Ordering::Equal
    }

    fn less(&self, o: &Self) -> bool {
        self.compare(o) == Ordering::Less
    }
}

fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let ap: Vec<&str> = a.split('.').collect();
    let bp: Vec<&str> = b.split('.').collect();
    for i in 0..ap.len().max(bp.len()) {
        let d = compare_pre_part(
            ap.get(i).copied().unwrap_or(""),
            bp.get(i).copied().unwrap_or(""),
        );
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    match (s.parse::<u64>(), o.parse::<u64>()) {
        (Err(_), Err(_)) => {
            if s > o {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Ok(si), Ok(oi)) => {
            if si > oi {
                Ordering::Greater
            } else {
                Ordering::Less
            }
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

/// A parsed constraint: `||` groups of constraints that must all hold.
#[derive(Debug, Clone)]
pub struct Constraints {
    groups: Vec<(Vec<Constraint>, bool)>,
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "*" | "X")
}

/// `rewriteRange`: `a - b` becomes `>= a, <= b `.
fn rewrite_range(c: &str) -> String {
    let mut out = c.to_owned();
    let matches: Vec<(String, String, String)> = RANGE_RE
        .captures_iter(c)
        .map(|m| (m[0].to_owned(), m[1].to_owned(), m[11].to_owned()))
        .collect();
    for (whole, a, b) in matches {
        out = out.replacen(&whole, &format!(">= {a}, <= {b} "), 1);
    }
    out
}

fn parse_constraint(c: &str) -> Option<Constraint> {
    if c.is_empty() {
        return Some(Constraint {
            con: Version::parse("0.0.0")?,
            op: Op::TildeOrEqual,
            minor_dirty: false,
            patch_dirty: false,
            dirty: true,
        });
    }
    let m = CONSTRAINT_RE.captures(c)?;
    let g = |i: usize| m.get(i).map_or("", |x| x.as_str());
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
    Some(Constraint {
        con: Version::parse(&ver)?,
        op,
        minor_dirty,
        patch_dirty,
        dirty,
    })
}

impl Constraints {
    /// `semver.NewConstraint`; `None` where Masterminds returns an error.
    pub fn parse(c: &str) -> Option<Self> {
        if c.len() > MAX_CONSTRAINT_LEN {
            return None;
        }
        let c = rewrite_range(c);
        let ors: Vec<&str> = c.split("||").collect();
        if ors.len() > MAX_CONSTRAINT_GROUPS {
            return None;
        }
        let mut groups = Vec::new();
        for or in ors {
            if !VALID_RE.is_match(or) {
                return None;
            }
            let mut found: Vec<&str> = FIND_RE.find_iter(or).map(|m| m.as_str()).collect();
            if found.is_empty() {
                found.push(or);
            }
            let mut group = Vec::new();
            let mut has_pre = false;
            for s in found {
                let pc = parse_constraint(s)?;
                has_pre |= !pc.con.pre.is_empty();
                group.push(pc);
            }
            groups.push((group, has_pre));
        }
        Some(Self { groups })
    }

    /// `Constraints.Check`.
    pub fn check(&self, v: &Version) -> bool {
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
                !v.equal(c)
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
            Op::Less => v.less(c),
            Op::GreaterEqual => v.compare(c) != Ordering::Less,
            Op::LessEqual => {
                if !self.dirty {
                    return v.compare(c) != Ordering::Greater;
                }
                !(v.major > c.major
                    || (v.major == c.major && v.minor > c.minor && !self.minor_dirty))
            }
            Op::Tilde => self.tilde(v),
            Op::TildeOrEqual => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.equal(c)
                }
            }
            Op::Caret => {
                if v.less(c) {
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
        if v.less(c) {
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

/// `chartutil.IsCompatibleRange`: whether `version` parses and satisfies `constraint`.
pub fn is_compatible_range(constraint: &str, version: &str) -> bool {
    let Some(v) = Version::parse(version) else {
        return false;
    };
    Constraints::parse(constraint).is_some_and(|c| c.check(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        for ok in [
            "1",
            "v1.2",
            "1.2.3-alpha.1+b.2",
            "0.0.0",
            "01.2.3",
            "1.2.3-0a",
        ] {
            assert!(Version::parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "x",
            "1.2.3.4",
            "1.2.3-01",
            "1.2.3-",
            "1.2.3+",
            "1.2.3-a..b",
            "99999999999999999999",
        ] {
            assert!(Version::parse(bad).is_none(), "{bad}");
        }
    }

    // Cases from Masterminds/semver's constraints_test.go (TestConstraintCheck).
    #[test]
    fn constraint_checks() {
        let cases = [
            ("=2.0.0", "1.2.3", false),
            ("2.0.0", "2.0.0", true),
            ("!=4.1", "4.1.0", false),
            ("!=4.1-alpha", "4.1.0", true),
            (">1.1", "4.1.0", true),
            (">1.1", "1.1.0", false),
            ("<1.1", "0.1.0", true),
            ("<=1.1", "1.1.0", true),
            (">=1.1", "0.0.9", false),
            ("~1.2.3", "1.2.4", true),
            ("~1.2.3", "1.3.4", false),
            ("^1.2.3", "1.8.9", true),
            ("^1.2.3", "2.8.9", false),
            ("^0.2.3", "0.2.5", true),
            ("^0.2.3", "0.3.0", false),
            ("^0.0.3", "0.0.4", false),
            ("1.x", "1.5.0", true),
            ("2.x", "1.5.0", false),
            ("*", "1.2.3", true),
            ("*", "1.2.3-alpha", false),
            (">=1.2 <2", "1.9.0", true),
            (">=1.2, <2", "2.0.0", false),
            ("1.1 - 2", "1.5.0", true),
            ("1.1 - 2", "3.0.0", false),
            ("^1.0.0 || ~2.1", "2.1.9", true),
            (">=1.0.0-0", "1.0.0-beta", true),
            ("", "1.0.0", false),
        ];
        for (c, v, want) in cases {
            assert_eq!(is_compatible_range(c, v), want, "{c} {v}");
        }
        assert!(Constraints::parse("not a constraint").is_none());
    }
}
