//! Masterminds/semver v3.5.0's `Version`: parsing with `NewVersion` (which coerces: a `v`
//! prefix, missing minor and patch, are accepted), comparison and the `Inc*`/`Set*` methods.

use std::cmp::Ordering;
use std::fmt;

use crate::regexp::Regexp;

/// Masterminds' errors, with its texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VersionError {
    Invalid,
    TooLong,
    InvalidMetadata,
    InvalidPrerelease,
    SegmentStartsZero,
    /// `error parsing version segment: strconv.ParseUint: …`
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

/// A semantic version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Version {
    pub(crate) major: u64,
    pub(crate) minor: u64,
    pub(crate) patch: u64,
    pub(crate) pre: String,
    pub(crate) metadata: String,
    pub(crate) original: String,
}

const LOOSE: &str = r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$";

fn contains_only(s: &str, set: impl Fn(char) -> bool) -> bool {
    s.chars().all(set)
}

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

fn validate_prerelease(p: &str) -> Result<(), VersionError> {
    for part in p.split('.') {
        if part.is_empty() {
            return Err(VersionError::InvalidPrerelease);
        } else if contains_only(part, |c| c.is_ascii_digit()) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(VersionError::SegmentStartsZero);
            }
        } else if !contains_only(part, allowed) {
            return Err(VersionError::InvalidPrerelease);
        }
    }
    Ok(())
}

fn validate_metadata(m: &str) -> Result<(), VersionError> {
    for part in m.split('.') {
        if part.is_empty() || !contains_only(part, allowed) {
            return Err(VersionError::InvalidMetadata);
        }
    }
    Ok(())
}

fn segment(s: &str) -> Result<u64, VersionError> {
    rudder_value::strconv::parse_uint(s, 10, 64).map_err(|e| VersionError::Segment(e.to_string()))
}

impl Version {
    /// `semver.NewVersion` (with `CoerceNewVersion`, the default).
    pub(crate) fn parse(v: &str) -> Result<Self, VersionError> {
        if v.len() > 256 {
            return Err(VersionError::TooLong);
        }
        let re = Regexp::compile(LOOSE).map_err(|_| VersionError::Invalid)?;
        let m = re.captures(v).ok_or(VersionError::Invalid)?;
        let group = |i: usize| m.get(i).copied().flatten().unwrap_or("");
        let major = segment(group(1))?;
        let minor = match group(2) {
            "" => 0,
            s => segment(&s[1..])?,
        };
        let patch = match group(3) {
            "" => 0,
            s => segment(&s[1..])?,
        };
        let pre = group(5).to_owned();
        let metadata = group(8).to_owned();
        if !pre.is_empty() {
            validate_prerelease(&pre)?;
        }
        if !metadata.is_empty() {
            validate_metadata(&metadata)?;
        }
        Ok(Self {
            major,
            minor,
            patch,
            pre,
            metadata,
            original: v.to_owned(),
        })
    }

    /// `StrictNewVersion("0.0.0")` and friends: a version from its parts.
    pub(crate) fn from_parts(major: u64, minor: u64, patch: u64) -> Self {
        let mut v = Self {
            major,
            minor,
            patch,
            pre: String::new(),
            metadata: String::new(),
            original: String::new(),
        };
        v.original = v.to_string();
        v
    }

    /// `Compare`: -1, 0 or 1; metadata is ignored, a prerelease sorts before its release.
    pub(crate) fn compare(&self, o: &Self) -> Ordering {
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
    pub(crate) fn inc_patch(&self) -> Result<Self, String> {
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
    pub(crate) fn inc_minor(&self) -> Result<Self, String> {
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
    pub(crate) fn inc_major(&self) -> Result<Self, String> {
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

    /// `SetPrerelease` (`metadata` false) and `SetMetadata` (true): the new version, or
    /// Masterminds' error and the version unchanged (both are returned in Go).
    pub(crate) fn with(&self, value: &str, metadata: bool) -> Result<Self, VersionError> {
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
#[expect(clippy::many_single_char_names, reason = "Masterminds' names")]
pub(crate) fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    for i in 0..pa.len().max(pb.len()) {
        let s = pa.get(i).copied().unwrap_or("");
        let o = pb.get(i).copied().unwrap_or("");
        let d = compare_part(s, o);
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
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
    let parse = |x: &str| rudder_value::strconv::parse_uint(x, 10, 64).ok();
    match (parse(s), parse(o)) {
        (None, None) => {
            if s > o {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (Some(x), Some(y)) => {
            if x > y {
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
    fn coercion() {
        assert_eq!(Version::parse("1.2").unwrap().to_string(), "1.2.0");
        assert_eq!(Version::parse("v1").unwrap().to_string(), "1.0.0");
        assert_eq!(Version::parse("01.02.03").unwrap().to_string(), "1.2.3");
        assert_eq!(
            Version::parse("1.2.3-01").unwrap_err().to_string(),
            "version segment starts with 0"
        );
        assert_eq!(
            Version::parse("x").unwrap_err().to_string(),
            "invalid semantic version"
        );
        assert_eq!(
            Version::parse("99999999999999999999")
                .unwrap_err()
                .to_string(),
            "error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range"
        );
    }

    #[test]
    fn ordering() {
        let v = |s: &str| Version::parse(s).unwrap();
        assert_eq!(v("1.0.0-alpha").compare(&v("1.0.0")), Ordering::Less);
        assert_eq!(
            v("1.0.0-alpha.1").compare(&v("1.0.0-alpha.beta")),
            Ordering::Less
        );
        assert_eq!(v("1.0.0-2").compare(&v("1.0.0-10")), Ordering::Less);
        assert_eq!(v("1.0.0+a").compare(&v("1.0.0+b")), Ordering::Equal);
    }
}
