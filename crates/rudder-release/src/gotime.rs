//! Go's `time.Time` as Helm's records and printers use it: RFC 3339 parsing with Go's location
//! rules, `Format` with Go reference layouts, `String()`, and `Unix()`.
//!
//! Why here: the release record stores `time.Time` values and the list, history, status and
//! metadata printers format them (`String()`, `time.ANSIC`, `time.RFC3339`, and any layout the
//! user passes to `list --time-format`). Nothing lower in the workspace formats Go times yet;
//! when the Sprig date functions need the same code it can move down to `rudder-value`.
//!
//! Locations follow Go: a time parsed with a `Z` suffix is in UTC; a time parsed with a
//! numeric offset is in the machine's local zone when that zone has the same offset at that
//! instant (so it prints the local abbreviation, `CET`), and otherwise in an unnamed fixed
//! zone (which prints as `+0100`). The local zone comes from `TZ` or `/etc/localtime`, as in Go.

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use rudder_value::civil::{civil_from_days, days_from_civil};

/// Seconds from 0001-01-01T00:00:00Z (Go's zero time) to the Unix epoch.
const ZERO_UNIX: i64 = -62_135_596_800;

/// Where a time is: the zone whose name and offset formatting shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Loc {
    /// `time.UTC`.
    Utc,
    /// `time.Local`, with the abbreviation in effect at this instant.
    Local(Arc<str>),
    /// `time.FixedZone("", offset)`: printed as a numeric offset.
    Fixed,
}

/// A Go `time.Time` without a monotonic reading (times decoded from JSON never have one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Time {
    /// Seconds since the Unix epoch.
    unix: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    nanos: u32,
    /// The zone offset east of UTC, in seconds.
    offset: i32,
    loc: Loc,
}

impl Default for Time {
    fn default() -> Self {
        Self::ZERO
    }
}

/// An RFC 3339 text that Go's `time.Time.UnmarshalJSON` would refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parsing time {quoted} as \"2006-01-02T15:04:05Z07:00\": cannot parse {rest} as {elem}")]
pub struct ParseError {
    quoted: String,
    rest: String,
    elem: &'static str,
}

impl Time {
    /// Go's zero `time.Time` (`0001-01-01 00:00:00 +0000 UTC`).
    pub const ZERO: Time = Time {
        unix: ZERO_UNIX,
        nanos: 0,
        offset: 0,
        loc: Loc::Utc,
    };

    /// `time.Unix(secs, nanos).UTC()`.
    pub fn from_unix_utc(unix: i64, nanos: u32) -> Self {
        Self {
            unix,
            nanos: nanos % 1_000_000_000,
            offset: 0,
            loc: Loc::Utc,
        }
    }

    /// `time.Unix(secs, nanos)`: the instant in the local zone, as `time.Now()` returns it.
    pub fn from_unix_local(unix: i64, nanos: u32) -> Self {
        let (offset, abbreviation) = local_zone().at(unix);
        Self {
            unix,
            nanos: nanos % 1_000_000_000,
            offset,
            loc: Loc::Local(abbreviation),
        }
    }

    /// `time.Now()` (local zone, no monotonic reading).
    pub fn now() -> Self {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Self::from_unix_local(since.as_secs() as i64, since.subsec_nanos())
    }

    /// `t.IsZero()`.
    pub fn is_zero(&self) -> bool {
        self.unix == ZERO_UNIX && self.nanos == 0
    }

    /// `t.Unix()`.
    pub fn unix(&self) -> i64 {
        self.unix
    }

    /// `t.Nanosecond()`.
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }

    /// `t.UTC()`.
    #[must_use]
    pub fn utc(&self) -> Self {
        Self::from_unix_utc(self.unix, self.nanos)
    }

    /// Parses what `time.Time.UnmarshalJSON` accepts inside the quotes: Go's strict RFC 3339
    /// (`2006-01-02T15:04:05.999999999Z07:00`).
    ///
    /// # Errors
    /// A [`ParseError`] with Go's text when the string is not RFC 3339.
    pub fn parse_rfc3339(text: &str) -> Result<Self, ParseError> {
        let b = text.as_bytes();
        let err = |at: usize, elem: &'static str| ParseError {
            quoted: go_quote(text),
            rest: go_quote(text.get(at..).unwrap_or("")),
            elem,
        };
        let num = |from: usize, len: usize, elem: &'static str| -> Result<i64, ParseError> {
            let s = b.get(from..from + len).ok_or_else(|| err(from, elem))?;
            if !s.iter().all(u8::is_ascii_digit) {
                return Err(err(from, elem));
            }
            Ok(s.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
        };
        let sep = |at: usize, c: u8, elem: &'static str| -> Result<(), ParseError> {
            if b.get(at) == Some(&c) {
                Ok(())
            } else {
                Err(err(at, elem))
            }
        };
        let year = num(0, 4, "\"2006\"")?;
        sep(4, b'-', "\"-\"")?;
        let month = num(5, 2, "\"01\"")?;
        sep(7, b'-', "\"-\"")?;
        let day = num(8, 2, "\"02\"")?;
        sep(10, b'T', "\"T\"")?;
        let hour = num(11, 2, "\"15\"")?;
        sep(13, b':', "\":\"")?;
        let minute = num(14, 2, "\"04\"")?;
        sep(16, b':', "\":\"")?;
        let second = num(17, 2, "\"05\"")?;
        let mut at = 19;
        let mut nanos: u32 = 0;
        if matches!(b.get(at), Some(b'.' | b',')) && b.get(at + 1).is_some_and(u8::is_ascii_digit) {
            at += 1;
            let mut digits = 0;
            while let Some(d) = b.get(at).filter(|d| d.is_ascii_digit()) {
                if digits < 9 {
                    nanos = nanos * 10 + u32::from(d - b'0');
                }
                digits += 1;
                at += 1;
            }
            for _ in digits..9 {
                nanos *= 10;
            }
        }
        let range_err = |what: &'static str| ParseError {
            quoted: go_quote(text),
            rest: String::new(),
            elem: what,
        };
        if !(1..=12).contains(&month) {
            return Err(range_err("month out of range"));
        }
        if day < 1 || day > days_in_month(year, month) {
            return Err(range_err("day out of range"));
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(err(11, "\"15\""));
        }
        let local_secs =
            days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
        match b.get(at) {
            Some(b'Z') if at + 1 == b.len() => Ok(Self {
                unix: local_secs,
                nanos,
                offset: 0,
                loc: Loc::Utc,
            }),
            Some(c @ (b'+' | b'-')) if at + 6 == b.len() => {
                let oh = num(at + 1, 2, "\"Z07:00\"")?;
                sep(at + 3, b':', "\"Z07:00\"")?;
                let om = num(at + 4, 2, "\"Z07:00\"")?;
                if oh > 23 || om > 59 {
                    return Err(err(at, "\"Z07:00\""));
                }
                let mut offset = (oh * 3600 + om * 60) as i32;
                if *c == b'-' {
                    offset = -offset;
                }
                let unix = local_secs - i64::from(offset);
                let (local_offset, abbreviation) = local_zone().at(unix);
                let loc = if local_offset == offset {
                    Loc::Local(abbreviation)
                } else {
                    Loc::Fixed
                };
                Ok(Self {
                    unix,
                    nanos,
                    offset,
                    loc,
                })
            }
            _ => Err(err(at, "\"Z07:00\"")),
        }
    }

    /// `t.Format(time.RFC3339Nano)`, which is what `MarshalJSON` writes (without quotes).
    pub fn to_rfc3339_nano(&self) -> String {
        self.format("2006-01-02T15:04:05.999999999Z07:00")
    }

    /// `t.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    pub fn go_string(&self) -> String {
        self.format("2006-01-02 15:04:05.999999999 -0700 MST")
    }

    /// `t.Format(time.ANSIC)`: `Mon Jan _2 15:04:05 2006`.
    pub fn ansic(&self) -> String {
        self.format("Mon Jan _2 15:04:05 2006")
    }

    /// `t.Format(layout)` with a Go reference layout.
    pub fn format(&self, layout: &str) -> String {
        let abs = self.unix + i64::from(self.offset);
        let days = abs.div_euclid(86_400);
        let secs_of_day = abs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let hour = secs_of_day / 3600;
        let minute = secs_of_day % 3600 / 60;
        let second = secs_of_day % 60;
        let weekday = (days + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
        let yday = days - days_from_civil(year, 1, 1) + 1;
        let name = match &self.loc {
            Loc::Utc => "UTC",
            Loc::Local(abbreviation) => abbreviation,
            Loc::Fixed => "",
        };
        let mut out = String::with_capacity(layout.len() + 10);
        let mut rest = layout;
        while !rest.is_empty() {
            let (prefix, chunk, suffix) = next_chunk(rest);
            out.push_str(prefix);
            rest = suffix;
            let Some(chunk) = chunk else { break };
            match chunk {
                Chunk::LongMonth => out.push_str(MONTHS[month as usize - 1]),
                Chunk::Month => out.push_str(&MONTHS[month as usize - 1][..3]),
                Chunk::NumMonth => pad(&mut out, month, 0),
                Chunk::ZeroMonth => pad(&mut out, month, 2),
                Chunk::LongWeekDay => out.push_str(DAYS[weekday]),
                Chunk::WeekDay => out.push_str(&DAYS[weekday][..3]),
                Chunk::Day => pad(&mut out, day, 0),
                Chunk::UnderDay => {
                    if day < 10 {
                        out.push(' ');
                    }
                    pad(&mut out, day, 0);
                }
                Chunk::ZeroDay => pad(&mut out, day, 2),
                Chunk::UnderYearDay => {
                    if yday < 100 {
                        out.push(' ');
                        if yday < 10 {
                            out.push(' ');
                        }
                    }
                    pad(&mut out, yday, 0);
                }
                Chunk::ZeroYearDay => pad(&mut out, yday, 3),
                Chunk::Hour => pad(&mut out, hour, 2),
                Chunk::Hour12 | Chunk::ZeroHour12 => {
                    let h = match hour % 12 {
                        0 => 12,
                        h => h,
                    };
                    pad(&mut out, h, if chunk == Chunk::Hour12 { 0 } else { 2 });
                }
                Chunk::Minute => pad(&mut out, minute, 0),
                Chunk::ZeroMinute => pad(&mut out, minute, 2),
                Chunk::Second => pad(&mut out, second, 0),
                Chunk::ZeroSecond => pad(&mut out, second, 2),
                Chunk::LongYear => pad(&mut out, year, 4),
                Chunk::Year => pad(&mut out, year.rem_euclid(100), 2),
                Chunk::Pm => out.push_str(if hour >= 12 { "PM" } else { "AM" }),
                Chunk::PmLower => out.push_str(if hour >= 12 { "pm" } else { "am" }),
                Chunk::Tz => {
                    if name.is_empty() {
                        let zone = self.offset / 60;
                        out.push(if zone < 0 { '-' } else { '+' });
                        pad(&mut out, i64::from(zone.abs() / 60), 2);
                        pad(&mut out, i64::from(zone.abs() % 60), 2);
                    } else {
                        out.push_str(name);
                    }
                }
                Chunk::Offset {
                    iso,
                    colon,
                    seconds,
                    short,
                } => {
                    if iso && self.offset == 0 {
                        out.push('Z');
                        continue;
                    }
                    let zone = self.offset / 60;
                    out.push(if zone < 0 { '-' } else { '+' });
                    let zone = zone.abs();
                    pad(&mut out, i64::from(zone / 60), 2);
                    if colon {
                        out.push(':');
                    }
                    if !short {
                        pad(&mut out, i64::from(zone % 60), 2);
                    }
                    if seconds {
                        if colon {
                            out.push(':');
                        }
                        pad(&mut out, i64::from(self.offset.abs() % 60), 2);
                    }
                }
                Chunk::Frac { digits, trim, sep } => {
                    if trim && (digits == 0 || self.nanos == 0) {
                        continue;
                    }
                    let mut frac = format!("{:09}", self.nanos);
                    frac.truncate(digits.min(9));
                    if trim {
                        while frac.ends_with('0') {
                            frac.pop();
                        }
                        if frac.is_empty() {
                            continue;
                        }
                    }
                    out.push(sep);
                    out.push_str(&frac);
                }
            }
        }
        out
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Go's `appendInt(b, x, width)`: zero-padded to `width` digits, sign first.
fn pad(out: &mut String, value: i64, width: usize) {
    if value < 0 {
        out.push('-');
    }
    let _ = write!(out, "{:0width$}", value.unsigned_abs());
}

/// One element of a Go layout (`std*` in Go's `time/format.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chunk {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    Pm,
    PmLower,
    Tz,
    Offset {
        iso: bool,
        colon: bool,
        seconds: bool,
        short: bool,
    },
    Frac {
        digits: usize,
        trim: bool,
        sep: char,
    },
}

/// Go's `nextStdChunk`: the text before the first layout element, the element, and the rest.
fn next_chunk(layout: &str) -> (&str, Option<Chunk>, &str) {
    let b = layout.as_bytes();
    let starts_lower = |at: usize| b.get(at).is_some_and(u8::is_ascii_lowercase);
    let at = |i: usize, s: &str| layout[i..].starts_with(s);
    for i in 0..b.len() {
        let found = |len: usize, chunk: Chunk| (&layout[..i], Some(chunk), &layout[i + len..]);
        match b[i] {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    return found(7, Chunk::LongMonth);
                }
                if !starts_lower(i + 3) {
                    return found(3, Chunk::Month);
                }
            }
            b'M' => {
                if at(i, "Mon") {
                    if at(i, "Monday") {
                        return found(6, Chunk::LongWeekDay);
                    }
                    if !starts_lower(i + 3) {
                        return found(3, Chunk::WeekDay);
                    }
                }
                if at(i, "MST") {
                    return found(3, Chunk::Tz);
                }
            }
            b'0' => {
                if let Some(d @ b'1'..=b'6') = b.get(i + 1) {
                    let chunk = [
                        Chunk::ZeroMonth,
                        Chunk::ZeroDay,
                        Chunk::ZeroHour12,
                        Chunk::ZeroMinute,
                        Chunk::ZeroSecond,
                        Chunk::Year,
                    ][usize::from(d - b'1')];
                    return found(2, chunk);
                }
                if at(i, "002") {
                    return found(3, Chunk::ZeroYearDay);
                }
            }
            b'1' => {
                if b.get(i + 1) == Some(&b'5') {
                    return found(2, Chunk::Hour);
                }
                return found(1, Chunk::NumMonth);
            }
            b'2' => {
                if at(i, "2006") {
                    return found(4, Chunk::LongYear);
                }
                return found(1, Chunk::Day);
            }
            b'_' => {
                if b.get(i + 1) == Some(&b'2') {
                    if at(i + 1, "2006") {
                        return (&layout[..=i], Some(Chunk::LongYear), &layout[i + 5..]);
                    }
                    return found(2, Chunk::UnderDay);
                }
                if at(i, "__2") {
                    return found(3, Chunk::UnderYearDay);
                }
            }
            b'3' => return found(1, Chunk::Hour12),
            b'4' => return found(1, Chunk::Minute),
            b'5' => return found(1, Chunk::Second),
            b'P' if b.get(i + 1) == Some(&b'M') => return found(2, Chunk::Pm),
            b'p' if b.get(i + 1) == Some(&b'm') => return found(2, Chunk::PmLower),
            c @ (b'-' | b'Z') => {
                let iso = c == b'Z';
                let offset = |colon, seconds, short| Chunk::Offset {
                    iso,
                    colon,
                    seconds,
                    short,
                };
                let tail = &layout[i + 1..];
                if tail.starts_with("070000") {
                    return found(7, offset(false, true, false));
                }
                if tail.starts_with("07:00:00") {
                    return found(9, offset(true, true, false));
                }
                if tail.starts_with("0700") {
                    return found(5, offset(false, false, false));
                }
                if tail.starts_with("07:00") {
                    return found(6, offset(true, false, false));
                }
                if tail.starts_with("07") {
                    return found(3, offset(false, false, true));
                }
            }
            c @ (b'.' | b',') => {
                if let Some(&d @ (b'0' | b'9')) = b.get(i + 1) {
                    let mut j = i + 1;
                    while b.get(j) == Some(&d) {
                        j += 1;
                    }
                    if !b.get(j).is_some_and(u8::is_ascii_digit) {
                        let chunk = Chunk::Frac {
                            digits: j - (i + 1),
                            trim: d == b'9',
                            sep: char::from(c),
                        };
                        return (&layout[..i], Some(chunk), &layout[j..]);
                    }
                }
            }
            _ => {}
        }
    }
    (layout, None, "")
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Go's `strconv.Quote` for the ASCII texts that reach error messages.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `time.Local`: from `TZ` (empty means UTC) or `/etc/localtime`, else UTC.
#[derive(Debug)]
struct LocalZone {
    tz: Option<jiff::tz::TimeZone>,
}

impl LocalZone {
    /// The offset (seconds east of UTC) and abbreviation in effect at `unix`.
    fn at(&self, unix: i64) -> (i32, Arc<str>) {
        let Some(tz) = &self.tz else {
            return (0, Arc::from("UTC"));
        };
        let Ok(ts) = jiff::Timestamp::from_second(unix) else {
            return (0, Arc::from("UTC"));
        };
        let info = tz.to_offset_info(ts);
        (info.offset().seconds(), Arc::from(info.abbreviation()))
    }
}

fn local_zone() -> &'static LocalZone {
    static LOCAL: OnceLock<LocalZone> = OnceLock::new();
    LOCAL.get_or_init(|| {
        let tz = match std::env::var_os("TZ") {
            // Go: TZ="" means UTC; TZ="name" loads that zone (UTC if unknown).
            Some(v) if v.is_empty() => None,
            Some(v) => {
                let name = v.to_string_lossy();
                let name = name.trim_start_matches(':');
                // Go's platformZoneSources, or the path itself when absolute.
                let candidates: Vec<std::path::PathBuf> =
                    if std::path::Path::new(name).is_absolute() {
                        vec![name.into()]
                    } else {
                        [
                            "/usr/share/zoneinfo/",
                            "/usr/share/lib/zoneinfo/",
                            "/usr/lib/locale/TZ/",
                            "/etc/zoneinfo/",
                        ]
                        .iter()
                        .map(|dir| std::path::Path::new(dir).join(name))
                        .collect()
                    };
                candidates
                    .iter()
                    .find_map(|path| fs_err::read(path).ok())
                    .and_then(|data| jiff::tz::TimeZone::tzif(name, &data).ok())
            }
            None => fs_err::read("/etc/localtime")
                .ok()
                .and_then(|data| jiff::tz::TimeZone::tzif("Local", &data).ok()),
        };
        LocalZone { tz }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_time_prints_as_go_does() {
        assert!(Time::ZERO.is_zero());
        assert_eq!(Time::ZERO.ansic(), "Mon Jan  1 00:00:00 0001");
        assert_eq!(Time::ZERO.go_string(), "0001-01-01 00:00:00 +0000 UTC");
        assert_eq!(Time::ZERO.to_rfc3339_nano(), "0001-01-01T00:00:00Z");
    }

    #[test]
    fn helm_mock_date() {
        // pkg/release/v1/mock.go: time.Unix(242085845, 0).UTC()
        let t = Time::from_unix_utc(242_085_845, 0);
        assert_eq!(t.ansic(), "Fri Sep  2 22:04:05 1977");
        assert_eq!(t.to_rfc3339_nano(), "1977-09-02T22:04:05Z");
        assert_eq!(
            t.format("2006-01-02T15:04:05Z07:00"),
            "1977-09-02T22:04:05Z"
        );
        assert_eq!(t.go_string(), "1977-09-02 22:04:05 +0000 UTC");
        assert_eq!(t.format("2006-01-02 15:04:05Z0700"), "1977-09-02 22:04:05Z");
    }

    #[test]
    fn rfc3339_round_trips_with_offsets() {
        let t = Time::parse_rfc3339("2026-11-21T18:24:55.123456789Z").unwrap();
        assert_eq!(t.to_rfc3339_nano(), "2026-11-21T18:24:55.123456789Z");
        assert_eq!(t.go_string(), "2026-11-21 18:24:55.123456789 +0000 UTC");
        let t = Time::parse_rfc3339("2026-11-21T18:24:55.1200+05:30").unwrap();
        assert_eq!(t.to_rfc3339_nano(), "2026-11-21T18:24:55.12+05:30");
        assert_eq!(
            t.unix(),
            Time::parse_rfc3339("2026-11-21T12:54:55Z").unwrap().unix()
        );
        assert_eq!(
            t.format("Jan 2 3:04PM -07 MST .000 ,9"),
            "Nov 21 6:24PM +05 +0530 .120 ,1"
        );
    }

    #[test]
    fn layouts() {
        let t = Time::parse_rfc3339("2009-02-05T05:00:57.012345600Z").unwrap();
        assert_eq!(
            t.format("Monday January 02 __2 002 06 pm"),
            "Thursday February 05  36 036 09 am"
        );
        assert_eq!(t.format(".999999999"), ".0123456");
        assert_eq!(t.format("Janet"), "Janet");
        assert_eq!(t.format("_2006"), "_2009");
    }

    #[test]
    fn rejects_what_go_rejects() {
        assert!(Time::parse_rfc3339("2026-11-21").is_err());
        assert!(Time::parse_rfc3339("2026-13-01T00:00:00Z").is_err());
        assert!(Time::parse_rfc3339("2026-11-21T00:00:00").is_err());
        assert!(Time::parse_rfc3339("2026-11-21 00:00:00Z").is_err());
    }
}
