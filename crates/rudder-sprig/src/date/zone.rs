//! Go's `*time.Location`: UTC, fixed zones, and zones read from the system's zoneinfo files
//! exactly where Go's `LoadLocation` reads them (`$ZONEINFO`, then `/usr/share/zoneinfo/` and
//! the other Unix directories, names case-sensitive), plus `Local` as Go initialises it from
//! `$TZ` and `/etc/localtime`. Offsets and abbreviations come from the `TZif` data through
//! `jiff`; Go's zone-type list (for parsing a zone abbreviation) is read from the `TZif`
//! header directly.

use std::sync::{Arc, LazyLock};

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// Go's `alpha` and `omega`: the bounds of a zone with no transitions.
pub(crate) const ALPHA: i64 = i64::MIN;
pub(crate) const OMEGA: i64 = i64::MAX;

#[derive(Debug)]
enum Kind {
    Utc,
    Fixed {
        abbrev: String,
        offset: i32,
    },
    Tz {
        tz: TimeZone,
        zones: Vec<(String, i32)>,
    },
}

/// A Go `*time.Location`: UTC, a fixed offset, or a zone from the system zoneinfo.
#[derive(Debug)]
pub struct Location {
    name: String,
    kind: Kind,
}

/// One lookup: abbreviation, offset in seconds east of UTC, and the span `[start, end)` of
/// Unix seconds the zone is in effect for.
#[derive(Debug, Clone)]
pub(crate) struct ZoneInfo {
    pub(crate) abbrev: String,
    pub(crate) offset: i32,
    pub(crate) start: i64,
    pub(crate) end: i64,
}

/// Go's `time.UTC`.
pub(crate) static UTC: LazyLock<Arc<Location>> = LazyLock::new(|| {
    Arc::new(Location {
        name: "UTC".into(),
        kind: Kind::Utc,
    })
});

/// The directories Go's `platformZoneSources` lists on Unix.
const ZONE_SOURCES: &[&str] = &[
    "/usr/share/zoneinfo/",
    "/usr/share/lib/zoneinfo/",
    "/usr/lib/locale/TZ/",
    "/etc/zoneinfo/",
];

/// Go's `errLocation` text.
pub(crate) const INVALID_LOCATION: &str = "time: invalid location name";

/// The zone types (abbreviation, offset) of `TZif` data, for Go's `lookupName`.
fn tzif_zones(data: &[u8]) -> Vec<(String, i32)> {
    let read = |at: usize| -> Option<u32> {
        data.get(at..at + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let parse = |base: usize, wide: bool| -> Option<(Vec<(String, i32)>, usize)> {
        if data.get(base..base + 4)? != b"TZif" {
            return None;
        }
        let counts: Vec<usize> = (0..6)
            .map(|i| read(base + 20 + 4 * i).map(|v| v as usize))
            .collect::<Option<_>>()?;
        let (isut, isstd, leap, time, typ, chars) = (
            counts[0], counts[1], counts[2], counts[3], counts[4], counts[5],
        );
        let tsize = if wide { 8 } else { 4 };
        let mut at = base + 44 + time * tsize + time;
        let types_at = at;
        at += typ * 6;
        let chars_at = at;
        let abbrevs = data.get(chars_at..chars_at + chars)?;
        let mut zones = Vec::with_capacity(typ);
        for i in 0..typ {
            let t = types_at + i * 6;
            let offset = read(t)? as i32;
            let idx = *data.get(t + 5)? as usize;
            let end = abbrevs.get(idx..)?.iter().position(|&c| c == 0)? + idx;
            zones.push((
                String::from_utf8_lossy(&abbrevs[idx..end]).into_owned(),
                offset,
            ));
        }
        let len = 44 + time * tsize + time + typ * 6 + chars + leap * (tsize + 4) + isstd + isut;
        Some((zones, len))
    };
    let Some((v1, len)) = parse(0, false) else {
        return Vec::new();
    };
    // Version 2+ files repeat the data with 64-bit times; Go reads that second part.
    if data.get(4).is_some_and(|&v| v >= b'2')
        && let Some((v2, _)) = parse(len, true)
    {
        return v2;
    }
    v1
}

impl Location {
    /// A location from `TZif` data.
    fn from_tzif(name: &str, data: &[u8]) -> Option<Self> {
        let tz = TimeZone::tzif(name, data).ok()?;
        Some(Self {
            name: name.to_owned(),
            kind: Kind::Tz {
                tz,
                zones: tzif_zones(data),
            },
        })
    }

    /// `time.FixedZone(name, offset)`.
    pub(crate) fn fixed(name: &str, offset: i32) -> Arc<Self> {
        Arc::new(Self {
            name: name.to_owned(),
            kind: Kind::Fixed {
                abbrev: name.to_owned(),
                offset,
            },
        })
    }

    /// The same zone under another name (Go names the local zone `Local`).
    fn renamed(self, name: &str) -> Self {
        Self {
            name: name.to_owned(),
            kind: self.kind,
        }
    }

    /// The location's name (`Location.String()`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Go's `Location.lookup`.
    pub(crate) fn lookup(&self, sec: i64) -> ZoneInfo {
        match &self.kind {
            Kind::Utc => ZoneInfo {
                abbrev: "UTC".into(),
                offset: 0,
                start: ALPHA,
                end: OMEGA,
            },
            Kind::Fixed { abbrev, offset } => ZoneInfo {
                abbrev: abbrev.clone(),
                offset: *offset,
                start: ALPHA,
                end: OMEGA,
            },
            Kind::Tz { tz, .. } => {
                let ts = Timestamp::new(
                    sec.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second()),
                    0,
                )
                .unwrap_or(Timestamp::UNIX_EPOCH);
                let info = tz.to_offset_info(ts);
                let start = tz
                    .preceding(
                        ts.checked_add(jiff::SignedDuration::from_nanos(1))
                            .unwrap_or(ts),
                    )
                    .next()
                    .map_or(ALPHA, |t| t.timestamp().as_second());
                let end = tz
                    .following(ts)
                    .next()
                    .map_or(OMEGA, |t| t.timestamp().as_second());
                ZoneInfo {
                    abbrev: info.abbreviation().to_owned(),
                    offset: info.offset().seconds(),
                    start,
                    end,
                }
            }
        }
    }

    /// Go's `Location.lookupName`: the offset of the zone called `name` in effect at `unix`,
    /// or of any zone of that name.
    pub(crate) fn lookup_name(&self, name: &str, unix: i64) -> Option<i32> {
        let zones: Vec<(String, i32)> = match &self.kind {
            Kind::Utc => vec![("UTC".into(), 0)],
            Kind::Fixed { abbrev, offset } => vec![(abbrev.clone(), *offset)],
            Kind::Tz { zones, .. } => zones.clone(),
        };
        for (zname, offset) in &zones {
            if zname == name {
                let z = self.lookup(unix - i64::from(*offset));
                if z.abbrev == *zname {
                    return Some(z.offset);
                }
            }
        }
        zones.iter().find(|(n, _)| n == name).map(|(_, o)| *o)
    }
}

fn read_zone_file(dir: &str, name: &str) -> Option<Vec<u8>> {
    std::fs::read(format!("{dir}{name}")).ok()
}

/// Go's `time.LoadLocation`.
///
/// # Errors
/// Go's texts: `time: invalid location name`, `unknown time zone NAME`.
pub(crate) fn load_location(name: &str, local: &Arc<Location>) -> Result<Arc<Location>, String> {
    if name.is_empty() || name == "UTC" {
        return Ok(UTC.clone());
    }
    if name == "Local" {
        return Ok(local.clone());
    }
    if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
        return Err(INVALID_LOCATION.to_owned());
    }
    if let Ok(dir) = std::env::var("ZONEINFO")
        && !dir.is_empty()
        && let Some(data) = read_zone_file(&format!("{}/", dir.trim_end_matches('/')), name)
        && let Some(loc) = Location::from_tzif(name, &data)
    {
        return Ok(Arc::new(loc));
    }
    for dir in ZONE_SOURCES {
        if let Some(data) = read_zone_file(dir, name)
            && let Some(loc) = Location::from_tzif(name, &data)
        {
            return Ok(Arc::new(loc));
        }
    }
    Err(format!("unknown time zone {name}"))
}

/// Go's `initLocal`: the zone `$TZ` names (`""` is UTC), else `/etc/localtime`, else UTC.
pub(crate) fn system_local() -> Arc<Location> {
    let utc_named = || {
        Arc::new(Location {
            name: "UTC".into(),
            kind: Kind::Utc,
        })
    };
    match std::env::var("TZ") {
        Err(_) => std::fs::read("/etc/localtime")
            .ok()
            .and_then(|d| Location::from_tzif("Local", &d))
            .map_or_else(utc_named, Arc::new),
        Ok(tz) => {
            let tz = tz.strip_prefix(':').unwrap_or(&tz);
            if tz.starts_with('/') {
                let name = if tz == "/etc/localtime" { "Local" } else { tz };
                return std::fs::read(tz)
                    .ok()
                    .and_then(|d| Location::from_tzif(name, &d))
                    .map_or_else(utc_named, Arc::new);
            }
            if tz.is_empty() || tz == "UTC" {
                return utc_named();
            }
            for dir in ZONE_SOURCES {
                if let Some(data) = read_zone_file(dir, tz)
                    && let Some(loc) = Location::from_tzif(tz, &data)
                {
                    return Arc::new(loc);
                }
            }
            utc_named()
        }
    }
}

/// A named zone loaded as the local zone (tests pin `Local` this way).
pub(crate) fn local_named(name: &str) -> Result<Arc<Location>, String> {
    let loc = load_location(name, &UTC)?;
    match Arc::try_unwrap(loc) {
        Ok(l) => Ok(Arc::new(l.renamed(name))),
        Err(shared) => Ok(shared),
    }
}
