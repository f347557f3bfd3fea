//! `Version`: `NewVersion` (coercing), `StrictNewVersion`, `Compare`, `String`, and the
//! `Inc*`/`Set*` methods.

use std::cmp::Ordering;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

/// Longest version string `NewVersion` accepts.
const MAX_LEN: usize = 256;

/// `NewVersion`'s pattern (coercion on: `v` prefix, minor and patch optional).
const LOOSE: &str = r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$";

static LOOSE_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(LOOSE).expect("valid pattern"));

/// Masterminds' version errors, with its texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionError {
    /// `ErrInvalidSemVer`.
    Invalid,
    /// `ErrVersionStringLength`.
    TooLong,
    /// `ErrInvalidMetadata`.
    InvalidMetadata,
    /// `ErrInvalidPrerelease`.
    InvalidPrerelease,
    /// `ErrSegmentStartsZero`.
    SegmentStartsZero,
    /// `error parsing version segment: strconv.ParseUint: …`.
    Segment(String),
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid => f.write_str("invalid semantic version"),
            Self::TooLong => f.write_str("version string is too long (max 256 bytes)"),
            Self::InvalidMetadata => f.write_str("invalid metadata string"),
            Self::InvalidPrerelease => f.write_str("invalid prerelease string"),
            Self::SegmentStartsZero => f.write_str("version segment starts with 0"),
            Self::Segment(e) => write!(f, "error parsing version segment: {e}"),
        }
    }
}

impl std::error::Error for VersionError {}

/// A semantic version. `Default` is Go's zero `Version` (`0.0.0`, no original text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    metadata: String,
    original: String,
}

fn ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

fn validate_prerelease(p: &str) -> Result<(), VersionError> {
    for part in p.split('.') {
        if part.is_empty() {
            return Err(VersionError::InvalidPrerelease);
        } else if part.bytes().all(|b| b.is_ascii_digit()) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(VersionError::SegmentStartsZero);
            }
        } else if !part.chars().all(ident_char) {
            return Err(VersionError::InvalidPrerelease);
        }
    }
    Ok(())
}

fn validate_metadata(m: &str) -> Result<(), VersionError> {
    if m.split('.')
        .all(|part| !part.is_empty() && part.chars().all(ident_char))
    {
        Ok(())
    } else {
        Err(VersionError::InvalidMetadata)
    }
}

fn segment(s: &str) -> Result<u64, VersionError> {
    rudder_value::strconv::parse_uint(s, 10, 64).map_err(|e| VersionError::Segment(e.to_string()))
}

impl Version {
    /// `semver.NewVersion` (with `CoerceNewVersion`, Masterminds' default): a `v` prefix and
    /// missing minor and patch are accepted, leading zeros in the numbers too.
    ///
    /// # Errors
    ///
    /// Masterminds' error for a text that is not a version.
    pub fn parse(v: &str) -> Result<Self, VersionError> {
        if v.len() > MAX_LEN {
            return Err(VersionError::TooLong);
        }
        let m = LOOSE_RE.captures(v).ok_or(VersionError::Invalid)?;
        let group = |i: usize| m.get(i).map_or("", |g| g.as_str());
        let major = segment(group(1))?;
        let minor = match group(2) {
            "" => 0,
            s => segment(&s[1..])?,
        };
        let patch = match group(3) {
            "" => 0,
            s => segment(&s[1..])?,
        };
        let (pre, metadata) = (group(5), group(8));
        if !pre.is_empty() {
            validate_prerelease(pre)?;
        }
        if !metadata.is_empty() {
            validate_metadata(metadata)?;
        }
        Ok(Self {
            major,
            minor,
            patch,
            pre: pre.to_owned(),
            metadata: metadata.to_owned(),
            original: v.to_owned(),
        })
    }

    /// `semver.StrictNewVersion`: exactly `MAJOR.MINOR.PATCH[-pre][+meta]`, no `v` prefix,
    /// no leading zeros. `None` where Masterminds returns an error.
    #[must_use]
    pub fn parse_strict(v: &str) -> Option<Self> {
        let mut parts = v.splitn(3, '.');
        let (major, minor, rest) = (parts.next()?, parts.next()?, parts.next()?);
        let (rest, metadata) = rest.split_once('+').unwrap_or((rest, ""));
        let (patch, pre) = rest.split_once('-').unwrap_or((rest, ""));
        if (rest.contains('-') && validate_prerelease(pre).is_err())
            || (v.contains('+') && validate_metadata(metadata).is_err())
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
            original: v.to_owned(),
        })
    }

    /// A version from its numbers, as `StrictNewVersion("M.m.p")` makes it.
    #[must_use]
    pub fn from_parts(major: u64, minor: u64, patch: u64) -> Self {
        let mut v = Self {
            major,
            minor,
            patch,
            ..Self::default()
        };
        v.original = v.to_string();
        v
    }

    /// `Major`.
    #[must_use]
    pub fn major(&self) -> u64 {
        self.major
    }

    /// `Minor`.
    #[must_use]
    pub fn minor(&self) -> u64 {
        self.minor
    }

    /// `Patch`.
    #[must_use]
    pub fn patch(&self) -> u64 {
        self.patch
    }

    /// `Prerelease` (without the `-`).
    #[must_use]
    pub fn prerelease(&self) -> &str {
        &self.pre
    }

    /// `Metadata` (without the `+`).
    #[must_use]
    pub fn metadata(&self) -> &str {
        &self.metadata
    }

    /// `Original`: the text the version was parsed from.
    #[must_use]
    pub fn original(&self) -> &str {
        &self.original
    }

    /// `Compare`: metadata is ignored, a prerelease sorts before its release.
    #[must_use]
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

    /// The `v` the original text started with, if any.
    fn v_prefix(&self) -> &'static str {
        if self.original.starts_with('v') {
            "v"
        } else {
            ""
        }
    }

    /// `IncPatch`.
    ///
    /// # Errors
    ///
    /// Masterminds' overflow error.
    pub fn inc_patch(&self) -> Result<Self, String> {
        let mut n = self.clone();
        n.metadata.clear();
        if self.pre.is_empty() {
            n.patch = self
                .patch
                .checked_add(1)
                .ok_or("patch version increment would overflow uint64")?;
        }
        n.pre.clear();
        n.original = format!("{}{n}", self.v_prefix());
        Ok(n)
    }

    /// `IncMinor`.
    ///
    /// # Errors
    ///
    /// Masterminds' overflow error.
    pub fn inc_minor(&self) -> Result<Self, String> {
        let mut n = self.clone();
        n.metadata.clear();
        n.pre.clear();
        n.patch = 0;
        n.minor = self
            .minor
            .checked_add(1)
            .ok_or("minor version increment would overflow uint64")?;
        n.original = format!("{}{n}", self.v_prefix());
        Ok(n)
    }

    /// `IncMajor`.
    ///
    /// # Errors
    ///
    /// Masterminds' overflow error.
    pub fn inc_major(&self) -> Result<Self, String> {
        let mut n = self.clone();
        n.metadata.clear();
        n.pre.clear();
        n.patch = 0;
        n.minor = 0;
        n.major = self
            .major
            .checked_add(1)
            .ok_or("major version increment would overflow uint64")?;
        n.original = format!("{}{n}", self.v_prefix());
        Ok(n)
    }

    /// `SetPrerelease` (`metadata` false) and `SetMetadata` (true): the new version.
    ///
    /// # Errors
    ///
    /// Masterminds' error for an invalid prerelease or metadata (Go then also returns the
    /// version unchanged).
    pub fn with(&self, value: &str, metadata: bool) -> Result<Self, VersionError> {
        let mut n = self.clone();
        if !value.is_empty() {
            if metadata {
                validate_metadata(value)?;
            } else {
                validate_prerelease(value)?;
            }
        }
        if metadata {
            value.clone_into(&mut n.metadata);
        } else {
            value.clone_into(&mut n.pre);
        }
        n.original = format!("{}{n}", self.v_prefix());
        Ok(n)
    }
}

impl fmt::Display for Version {
    /// `String()`: `major.minor.patch[-pre][+metadata]`, without the `v`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

/// Masterminds' `comparePrerelease`: dot-separated parts, numbers below words, numbers by
/// value, words bytewise, a missing part lower.
#[must_use]
pub fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let (mut left, mut right) = (a.split('.'), b.split('.'));
    loop {
        let order = match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (l, r) => compare_part(l.unwrap_or(""), r.unwrap_or("")),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

fn compare_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    let number = |part: &str| rudder_value::strconv::parse_uint(part, 10, 64).ok();
    match (number(s), number(o)) {
        // Bytewise; equal texts returned above.
        (None, None) => s.cmp(o),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        // Equal numbers in different spellings (`01` and `1`): Masterminds says "greater"
        // unless strictly greater, i.e. `Less` for equal values.
        (Some(sn), Some(on)) => {
            if sn > on {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coercion_and_errors() {
        assert_eq!(Version::parse("1.2").unwrap().to_string(), "1.2.0");
        assert_eq!(Version::parse("v1").unwrap().to_string(), "1.0.0");
        assert_eq!(Version::parse("01.02.03").unwrap().to_string(), "1.2.3");
        assert_eq!(Version::parse("v1.2").unwrap().original(), "v1.2");
        for (bad, err) in [
            ("1.2.3-01", "version segment starts with 0"),
            ("x", "invalid semantic version"),
            ("", "invalid semantic version"),
            ("1.2.3.4", "invalid semantic version"),
            ("1.2.3-", "invalid semantic version"),
            ("1.2.3-a..b", "invalid semantic version"),
            (
                "99999999999999999999",
                "error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range",
            ),
        ] {
            assert_eq!(Version::parse(bad).unwrap_err().to_string(), err, "{bad}");
        }
        assert_eq!(
            Version::parse(&"1".repeat(257)).unwrap_err(),
            VersionError::TooLong
        );
    }

    #[test]
    fn strict() {
        assert!(Version::parse_strict("1.2.3-alpha.1+b.2").is_some());
        for bad in ["v1.2.3", "1.2", "01.2.3", "1.2.3-01", "1.2.3+", "1..3"] {
            assert!(Version::parse_strict(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn ordering() {
        let v = |s: &str| Version::parse(s).unwrap();
        assert_eq!(v("1.0.0-alpha").compare(&v("1.0.0")), Ordering::Less);
        assert_eq!(
            v("1.0.0-alpha.1").compare(&v("1.0.0-alpha.beta")),
            Ordering::Less
        );
        assert_eq!(
            v("1.0.0-alpha").compare(&v("1.0.0-alpha.1")),
            Ordering::Less
        );
        assert_eq!(v("1.0.0-2").compare(&v("1.0.0-10")), Ordering::Less);
        assert_eq!(v("1.0.0+a").compare(&v("1.0.0+b")), Ordering::Equal);
    }

    #[test]
    fn increments_keep_the_v() {
        let v = Version::parse("v1.2.3-rc.1+m").unwrap();
        assert_eq!(v.inc_patch().unwrap().original(), "v1.2.3");
        assert_eq!(v.inc_minor().unwrap().original(), "v1.3.0");
        assert_eq!(v.inc_major().unwrap().to_string(), "2.0.0");
        assert_eq!(v.with("beta", false).unwrap().to_string(), "1.2.3-beta+m");
        assert!(v.with("a..b", true).is_err());
    }
}
