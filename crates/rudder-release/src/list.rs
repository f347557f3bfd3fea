//! `helm list` (`pkg/action/list.go`): the newest revision of every release, filtered by
//! name (`--filter`), state (`--deployed`, `--failed`...) and labels (`--selector`), sorted,
//! then paged (`--offset`, `--max`).
//!
//! Helm decodes every revision of every release before it filters. This reads the records'
//! labels first (one metadata-only listing), chooses the newest revision of each release
//! from them, and decodes only the records it returns (plus those before the page, when an
//! offset is given, and all candidates for `--date`, which sorts on a time the labels do not
//! carry). A record that does not decode is skipped as Helm skips it: the release then shows
//! its newest revision that does decode.

use std::collections::{BTreeMap, HashMap};

use crate::driver::{Header, LabelStyle};
use crate::error::Error;
use crate::labels::{Labels, Selector};
use crate::release::{Depth, Release, Status};
use crate::storage::Storage;

/// `action.ListStates`: a bit mask of states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateMask(u32);

impl StateMask {
    /// `deployed`
    pub const DEPLOYED: Self = Self(1);
    /// `uninstalled`
    pub const UNINSTALLED: Self = Self(1 << 1);
    /// `uninstalling`
    pub const UNINSTALLING: Self = Self(1 << 2);
    /// `pending-install`
    pub const PENDING_INSTALL: Self = Self(1 << 3);
    /// `pending-upgrade`
    pub const PENDING_UPGRADE: Self = Self(1 << 4);
    /// `pending-rollback`
    pub const PENDING_ROLLBACK: Self = Self(1 << 5);
    /// `superseded`
    pub const SUPERSEDED: Self = Self(1 << 6);
    /// `failed`
    pub const FAILED: Self = Self(1 << 7);
    /// Any other status (`unknown` included), which `ALL` leaves out, as in Helm.
    pub const UNKNOWN: Self = Self(1 << 8);
    /// `ListAll`: every state Helm names, not `UNKNOWN`.
    pub const ALL: Self = Self(0xff);
    /// No state.
    pub const NONE: Self = Self(0);

    /// `ListStates.FromName`.
    pub fn from_status(status: &Status) -> Self {
        match status {
            Status::Deployed => Self::DEPLOYED,
            Status::Uninstalled => Self::UNINSTALLED,
            Status::Superseded => Self::SUPERSEDED,
            Status::Failed => Self::FAILED,
            Status::Uninstalling => Self::UNINSTALLING,
            Status::PendingInstall => Self::PENDING_INSTALL,
            Status::PendingUpgrade => Self::PENDING_UPGRADE,
            Status::PendingRollback => Self::PENDING_ROLLBACK,
            _ => Self::UNKNOWN,
        }
    }

    /// Whether the masks share a state.
    pub fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for StateMask {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for StateMask {
    fn bitor_assign(&mut self, rhs: Self) {
        self.0 |= rhs.0;
    }
}

/// The state flags of `helm list`, turned into a mask as `SetStateMask` does.
#[derive(Debug, Clone, Copy, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "one field per CLI flag, as in Helm"
)]
pub struct StateFlags {
    /// `--deployed`
    pub deployed: bool,
    /// `--uninstalled`
    pub uninstalled: bool,
    /// `--uninstalling`
    pub uninstalling: bool,
    /// `--pending`
    pub pending: bool,
    /// `--failed`
    pub failed: bool,
    /// `--superseded`
    pub superseded: bool,
}

impl StateFlags {
    /// `List.SetStateMask`: the flags given, or every state when none is.
    pub fn mask(self) -> StateMask {
        let mut mask = StateMask::NONE;
        if self.deployed {
            mask |= StateMask::DEPLOYED;
        }
        if self.uninstalled {
            mask |= StateMask::UNINSTALLED;
        }
        if self.uninstalling {
            mask |= StateMask::UNINSTALLING;
        }
        if self.pending {
            mask |= StateMask::PENDING_INSTALL
                | StateMask::PENDING_ROLLBACK
                | StateMask::PENDING_UPGRADE;
        }
        if self.failed {
            mask |= StateMask::FAILED;
        }
        if self.superseded {
            mask |= StateMask::SUPERSEDED;
        }
        if mask == StateMask::NONE {
            StateMask::ALL
        } else {
            mask
        }
    }
}

/// `--filter`'s regular expression, compiled with Go's error texts for the common mistakes.
#[derive(Debug, Clone)]
pub struct NameFilter(regex::Regex);

impl NameFilter {
    /// Compiles `pattern` (Go RE2 syntax).
    ///
    /// # Errors
    /// `error parsing regexp: ...` as Go words it.
    pub fn new(pattern: &str) -> Result<Self, Error> {
        regex::Regex::new(pattern)
            .map(Self)
            .map_err(|_| Error::backend(go_regexp_error(pattern)))
    }

    /// `MatchString`.
    pub fn is_match(&self, name: &str) -> bool {
        self.0.is_match(name)
    }
}

/// Go's `regexp.Compile` error text for a pattern Rust's regex crate refused.
fn go_regexp_error(pattern: &str) -> String {
    use regex_syntax::ast::ErrorKind as K;
    let parsed = regex_syntax::ast::parse::Parser::new().parse(pattern);
    let (code, expr) = match parsed {
        Err(e) => {
            let span = e.span();
            let from = |at: usize| pattern.get(at..).unwrap_or("").to_owned();
            match e.kind() {
                K::GroupUnclosed => ("missing closing )", pattern.to_owned()),
                K::GroupUnopened => ("unexpected )", pattern.to_owned()),
                K::ClassUnclosed => ("missing closing ]", from(span.start.offset)),
                K::RepetitionMissing => (
                    "missing argument to repetition operator",
                    pattern
                        .get(span.start.offset..span.end.offset)
                        .unwrap_or("")
                        .to_owned(),
                ),
                K::EscapeUnexpectedEof => {
                    ("trailing backslash at end of expression", String::new())
                }
                K::EscapeUnrecognized => (
                    "invalid escape sequence",
                    pattern
                        .get(span.start.offset..span.end.offset)
                        .unwrap_or("")
                        .to_owned(),
                ),
                K::ClassRangeInvalid => (
                    "invalid character class range",
                    pattern
                        .get(span.start.offset..span.end.offset)
                        .unwrap_or("")
                        .to_owned(),
                ),
                K::RepetitionCountInvalid | K::RepetitionCountUnclosed => {
                    ("invalid repeat count", from(span.start.offset))
                }
                _ => (
                    "invalid or unsupported Perl syntax",
                    from(span.start.offset),
                ),
            }
        }
        Ok(_) => ("invalid or unsupported Perl syntax", pattern.to_owned()),
    };
    format!("error parsing regexp: {code}: `{expr}`")
}

/// The sort order of `helm list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By name (the default).
    #[default]
    Name,
    /// By name, descending (`-r`).
    NameDesc,
    /// By last deployment, oldest first (`-d`).
    Date,
    /// By last deployment, newest first (`-d -r`).
    DateDesc,
}

impl Sort {
    /// `List.sort`'s choice from `--date` and `--reverse`.
    pub fn from_flags(by_date: bool, reverse: bool) -> Self {
        match (by_date, reverse) {
            (false, false) => Self::Name,
            (false, true) => Self::NameDesc,
            (true, false) => Self::Date,
            (true, true) => Self::DateDesc,
        }
    }
}

/// What `helm list` asks for.
#[derive(Debug, Clone)]
pub struct ListOptions {
    /// States to show.
    pub states: StateMask,
    /// `--filter`.
    pub filter: Option<NameFilter>,
    /// `--selector`.
    pub selector: Selector,
    /// Sort order.
    pub sort: Sort,
    /// `--max` (0 or less: no limit).
    pub limit: i64,
    /// `--offset`.
    pub offset: i64,
}

impl Default for ListOptions {
    fn default() -> Self {
        Self {
            states: StateMask::ALL,
            filter: None,
            selector: Selector::everything(),
            sort: Sort::Name,
            limit: 256,
            offset: 0,
        }
    }
}

/// One revision `list` may show.
#[derive(Debug)]
struct Candidate {
    header: Header,
    decoded: Option<Release>,
    /// The record did not decode: Helm never saw it.
    broken: bool,
}

impl Candidate {
    fn name(&self) -> &str {
        self.decoded.as_ref().map_or(&self.header.name, |r| &r.name)
    }
    fn status(&self) -> Status {
        self.decoded
            .as_ref()
            .map_or_else(|| self.header.status.clone(), Release::status)
    }
}

/// Runs `helm list` against `storage` (whose driver is scoped to one namespace, or to all).
///
/// # Errors
/// The backend's.
pub async fn list(storage: &Storage, options: &ListOptions) -> Result<Vec<Release>, Error> {
    let mut owner = Labels::new();
    owner.insert("owner".into(), "helm".into());
    let headers = storage.driver().headers(&owner).await?;
    let mut candidates: Vec<Candidate> = Vec::with_capacity(headers.len());
    let mut unsure = Vec::new();
    for header in headers {
        if header.version.is_none() {
            unsure.push(header);
        } else {
            candidates.push(Candidate {
                header,
                decoded: None,
                broken: false,
            });
        }
    }
    // Records whose labels do not say which revision they hold: read them now.
    if !unsure.is_empty() {
        let records = storage.driver().fetch(&unsure, LabelStyle::List).await?;
        let by_key: HashMap<String, Header> = unsure
            .into_iter()
            .map(|h| (format!("{}/{}", h.namespace, h.key), h))
            .collect();
        for record in records {
            let Some(mut header) = by_key
                .get(&format!("{}/{}", record.namespace, record.key))
                .cloned()
            else {
                continue;
            };
            if let Some(release) = storage.decode_all(vec![record], Depth::Summary).pop() {
                header.version = Some(release.version);
                header.name.clone_from(&release.name);
                candidates.push(Candidate {
                    header,
                    decoded: Some(release),
                    broken: false,
                });
            }
        }
    }
    if let Some(filter) = &options.filter {
        candidates.retain(|c| filter.is_match(c.name()));
    }
    let latest_only = options.states != StateMask::SUPERSEDED;

    // Group the revisions of each release, newest first.
    let mut groups: BTreeMap<(String, String), Vec<Candidate>> = BTreeMap::new();
    if latest_only {
        for c in candidates {
            groups
                .entry((c.header.namespace.clone(), c.header.name.clone()))
                .or_default()
                .push(c);
        }
        for g in groups.values_mut() {
            g.sort_by_key(|c| std::cmp::Reverse(c.header.version));
        }
    } else {
        for (i, c) in candidates.into_iter().enumerate() {
            groups.insert(
                (
                    c.header.namespace.clone(),
                    format!("{}\0{i}", c.header.name),
                ),
                vec![c],
            );
        }
    }
    let mut groups: Vec<Vec<Candidate>> = groups.into_values().collect();

    loop {
        // The shown revision of each release: its newest one that is not known to be broken.
        let mut shown: Vec<(usize, usize)> = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            if let Some(ci) = g.iter().position(|c| !c.broken) {
                let c = &g[ci];
                if options
                    .states
                    .intersects(StateMask::from_status(&c.status()))
                    && options.selector.matches(&c.header.labels)
                {
                    shown.push((gi, ci));
                }
            }
        }
        let by_date = matches!(options.sort, Sort::Date | Sort::DateDesc);
        // Which shown revisions must be decoded before the page is known.
        let needed: Vec<(usize, usize)> = if by_date {
            shown.clone()
        } else {
            sort_shown(&groups, &mut shown, options.sort);
            let end = page_end(shown.len(), options);
            shown[..end].to_vec()
        };
        let missing: Vec<(usize, usize)> = needed
            .into_iter()
            .filter(|&(g, c)| groups[g][c].decoded.is_none())
            .collect();
        if missing.is_empty() {
            if by_date {
                sort_shown(&groups, &mut shown, options.sort);
            }
            let offset = usize::try_from(options.offset.max(0)).unwrap_or(usize::MAX);
            if offset >= shown.len() {
                return Ok(Vec::new());
            }
            let end = page_end(shown.len(), options);
            let mut out = Vec::with_capacity(end.saturating_sub(offset));
            for &(g, c) in &shown[offset..end] {
                if let Some(release) = groups[g][c].decoded.take() {
                    out.push(release);
                }
            }
            return Ok(out);
        }
        let headers: Vec<Header> = missing
            .iter()
            .map(|&(g, c)| groups[g][c].header.clone())
            .collect();
        let records = storage.driver().fetch(&headers, LabelStyle::List).await?;
        let mut by_key: HashMap<(String, String), crate::driver::Record> = records
            .into_iter()
            .map(|r| ((r.namespace.clone(), r.key.clone()), r))
            .collect();
        for (g, c) in missing {
            let cand = &mut groups[g][c];
            match by_key.remove(&(cand.header.namespace.clone(), cand.header.key.clone())) {
                Some(record) => match storage.decode_all(vec![record], Depth::Summary).pop() {
                    Some(release) => cand.decoded = Some(release),
                    None => cand.broken = true,
                },
                // Gone since the headers were read.
                None => cand.broken = true,
            }
        }
    }
}

/// Where the page ends: `offset + limit`, capped.
fn page_end(len: usize, options: &ListOptions) -> usize {
    let offset = usize::try_from(options.offset.max(0)).unwrap_or(usize::MAX);
    let limit = if options.limit > 0 {
        usize::try_from(options.limit).unwrap_or(usize::MAX)
    } else {
        usize::MAX
    };
    offset.saturating_add(limit).min(len)
}

fn sort_shown(groups: &[Vec<Candidate>], shown: &mut [(usize, usize)], sort: Sort) {
    let cand = |&(g, c): &(usize, usize)| &groups[g][c];
    let by_name = |a: &(usize, usize), b: &(usize, usize)| {
        let (a, b) = (cand(a), cand(b));
        a.name()
            .cmp(b.name())
            .then_with(|| a.header.namespace.cmp(&b.header.namespace))
    };
    let seconds = |x: &(usize, usize)| {
        cand(x)
            .decoded
            .as_ref()
            .map_or(0, |r| r.last_deployed().unix())
    };
    let by_date = |a: &(usize, usize), b: &(usize, usize)| {
        seconds(a).cmp(&seconds(b)).then_with(|| by_name(a, b))
    };
    match sort {
        Sort::Name => shown.sort_by(by_name),
        Sort::NameDesc => {
            shown.sort_by(by_name);
            shown.reverse();
        }
        Sort::Date => shown.sort_by(by_date),
        Sort::DateDesc => {
            shown.sort_by(by_date);
            shown.reverse();
        }
    }
}
