//! TOML datetimes as BurntSushi/toml reads them: Go's `time.ParseInLocation` over seven
//! layouts, first match wins, with Go's leniencies (a one-digit hour, any number of fraction
//! digits, a `,` decimal mark, offsets up to `±24:60`) and its checks (ranges, the day of the
//! month), then `BurntSushi`'s own check that the hour has its leading zero.
//!
//! The machine's local zone is taken to be UTC: an offset of zero parses as Go's `time.Local`,
//! and local datetimes carry offset zero.

use super::datetime::{Datetime, Zone};

/// A piece of a layout.
#[derive(Clone, Copy)]
enum Chunk {
    Lit(u8),
    /// `2006`: exactly four digits.
    Year,
    /// `01`, `02`, `04`, `05`: exactly two digits.
    Month,
    Day,
    Minute,
    Second,
    /// `15`: one or two digits.
    Hour,
    /// `.999999999`: an optional fraction of any length.
    Frac,
    /// `Z07:00`: `Z` or `±hh:mm`.
    Zone,
}

use Chunk::{Day, Frac, Hour, Lit, Minute, Month, Second, Year, Zone as Tz};

const DATE: [Chunk; 5] = [Year, Lit(b'-'), Month, Lit(b'-'), Day];
const CLOCK: [Chunk; 6] = [Hour, Lit(b':'), Minute, Lit(b':'), Second, Frac];
const SHORT_CLOCK: [Chunk; 3] = [Hour, Lit(b':'), Minute];

/// One of `BurntSushi`'s layouts: its chunks, its text (for the leading-zero check) and the
/// zone a time without an offset gets.
struct Layout {
    chunks: Vec<Chunk>,
    text: &'static str,
    zone: Zone,
}

fn layouts() -> [Layout; 7] {
    let cat = |parts: &[&[Chunk]]| parts.concat();
    [
        Layout {
            chunks: cat(&[&DATE, &[Lit(b'T')], &CLOCK, &[Tz]]),
            text: "2006-01-02T15:04:05.999999999Z07:00",
            zone: Zone::Local,
        },
        Layout {
            chunks: cat(&[&DATE, &[Lit(b'T')], &CLOCK]),
            text: "2006-01-02T15:04:05.999999999",
            zone: Zone::LocalDatetime,
        },
        Layout {
            chunks: DATE.to_vec(),
            text: "2006-01-02",
            zone: Zone::LocalDate,
        },
        Layout {
            chunks: CLOCK.to_vec(),
            text: "15:04:05.999999999",
            zone: Zone::LocalTime,
        },
        Layout {
            chunks: cat(&[&DATE, &[Lit(b'T')], &SHORT_CLOCK, &[Tz]]),
            text: "2006-01-02T15:04Z07:00",
            zone: Zone::Local,
        },
        Layout {
            chunks: cat(&[&DATE, &[Lit(b'T')], &SHORT_CLOCK]),
            text: "2006-01-02T15:04",
            zone: Zone::LocalDatetime,
        },
        Layout {
            chunks: SHORT_CLOCK.to_vec(),
            text: "15:04",
            zone: Zone::LocalTime,
        },
    ]
}

/// Parses a lexed datetime (before `BurntSushi`'s `z`/`t`/space replacement), or `None` for
/// `invalid datetime`.
pub(super) fn parse_datetime(raw: &str) -> Option<Datetime> {
    let s = raw.replace('z', "Z").replace(['t', ' '], "T");
    for layout in layouts() {
        if let Some(t) = parse_layout(&layout, s.as_bytes()) {
            if missing_leading_zero(&s, layout.text) {
                return None;
            }
            return Some(t);
        }
    }
    None
}

/// Go parses a one-digit hour; TOML does not allow it: the separators must stand where the
/// layout has them.
fn missing_leading_zero(d: &str, layout: &str) -> bool {
    let d = d.as_bytes();
    for (i, c) in layout.bytes().enumerate() {
        if c == b'.' || c == b'Z' {
            return false;
        }
        if !c.is_ascii_digit() && d.get(i) != Some(&c) {
            return true;
        }
    }
    false
}

/// Go's `getnum`: one or two digits (two if `fixed`).
fn getnum(v: &[u8], fixed: bool) -> Option<(u32, &[u8])> {
    let d0 = *v.first().filter(|b| b.is_ascii_digit())?;
    match v.get(1).filter(|b| b.is_ascii_digit()) {
        Some(&d1) => Some((u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'), &v[2..])),
        None if fixed => None,
        None => Some((u32::from(d0 - b'0'), &v[1..])),
    }
}

fn days_in(month: u32, year: i64) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn parse_layout(layout: &Layout, mut v: &[u8]) -> Option<Datetime> {
    let (mut year, mut month, mut day) = (0i64, 1u32, 1u32);
    let (mut hour, mut minute, mut second, mut nanos) = (0u32, 0u32, 0u32, 0u32);
    let mut zone = layout.zone;
    for chunk in &layout.chunks {
        match *chunk {
            Lit(c) => {
                if v.first() != Some(&c) {
                    return None;
                }
                v = &v[1..];
            }
            Year => {
                let digits = v.get(..4)?;
                if !digits.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                year = std::str::from_utf8(digits).ok()?.parse().ok()?;
                v = &v[4..];
            }
            Month => {
                let (n, rest) = getnum(v, true)?;
                if !(1..=12).contains(&n) {
                    return None;
                }
                (month, v) = (n, rest);
            }
            Day => (day, v) = getnum(v, true)?,
            Hour => {
                let (n, rest) = getnum(v, false)?;
                if n >= 24 {
                    return None;
                }
                (hour, v) = (n, rest);
            }
            Minute => {
                let (n, rest) = getnum(v, true)?;
                if n >= 60 {
                    return None;
                }
                (minute, v) = (n, rest);
            }
            Second => {
                let (n, rest) = getnum(v, true)?;
                if n >= 60 {
                    return None;
                }
                (second, v) = (n, rest);
            }
            Frac => {
                if v.len() < 2 || !matches!(v[0], b'.' | b',') || !v[1].is_ascii_digit() {
                    continue;
                }
                let n = 1 + v[1..].iter().take_while(|b| b.is_ascii_digit()).count();
                // Go reads at most nine digits and ignores the rest.
                let digits = &v[1..n.min(10)];
                let mut ns: u32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
                for _ in digits.len()..9 {
                    ns *= 10;
                }
                nanos = ns;
                v = &v[n..];
            }
            Tz => {
                if v.first() == Some(&b'Z') {
                    v = &v[1..];
                    zone = Zone::Utc;
                    continue;
                }
                if v.len() < 6 || v[3] != b':' {
                    return None;
                }
                let (hr, _) = getnum(&v[1..3], true)?;
                let (mm, _) = getnum(&v[4..6], true)?;
                if hr > 24 || mm > 60 {
                    return None;
                }
                let offset = i32::try_from((hr * 60 + mm) * 60).ok()?;
                let offset = match v[0] {
                    b'+' => offset,
                    b'-' => -offset,
                    _ => return None,
                };
                // The local zone (UTC) when the offset matches it.
                zone = if offset == 0 {
                    Zone::Local
                } else {
                    Zone::Fixed(offset)
                };
                v = &v[6..];
            }
        }
    }
    if !v.is_empty() || day < 1 || day > days_in(month, year) {
        return None;
    }
    Some(Datetime {
        year,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
        hour: u8::try_from(hour).ok()?,
        minute: u8::try_from(minute).ok()?,
        second: u8::try_from(second).ok()?,
        nanosecond: nanos,
        zone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_and_checks() {
        let t = parse_datetime("1979-05-27T07:32:00.5-07:00").unwrap();
        assert_eq!(t.zone, Zone::Fixed(-7 * 3600));
        assert_eq!(t.nanosecond, 500_000_000);
        assert_eq!(
            parse_datetime("1979-05-27 07:32:00").unwrap().zone,
            Zone::LocalDatetime
        );
        assert_eq!(parse_datetime("1979-05-27").unwrap().zone, Zone::LocalDate);
        assert_eq!(parse_datetime("07:32").unwrap().zone, Zone::LocalTime);
        assert_eq!(parse_datetime("1979-05-27T07:32z").unwrap().zone, Zone::Utc);
        assert_eq!(
            parse_datetime("1979-05-27T07:32:00+00:00").unwrap().zone,
            Zone::Local
        );
        assert!(parse_datetime("1979-05-27T7:32:00Z").is_none());
        assert!(parse_datetime("1979-02-29").is_none());
        assert!(parse_datetime("2000-02-29").is_some());
        assert!(parse_datetime("1979-05-27T07:32:00+25:00").is_none());
        assert_eq!(
            parse_datetime("1979-05-27T07:32:00.1234567891234Z")
                .unwrap()
                .nanosecond,
            123_456_789
        );
    }
}
