//! Go's reference-layout formatting and parsing (`time.Format`, `time.ParseInLocation`):
//! the layout is split into Go's standard chunks (`2006`, `Jan`, `_2`, `-07:00`, `.999`,
//! ...) with Go's precedence rules, everything else is literal; parse errors are Go's texts.

use super::time::GoTime;

/// A standard chunk of a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Std {
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
    PM,
    Pm,
    TZ,
    ISO8601TZ,
    ISO8601SecondsTZ,
    ISO8601ShortTZ,
    ISO8601ColonTZ,
    ISO8601ColonSecondsTZ,
    NumTZ,
    NumSecondsTz,
    NumShortTZ,
    NumColonTZ,
    NumColonSecondsTZ,
    /// `.000` (`nines` false) or `.999`, with the digit count and separator.
    Frac {
        nines: bool,
        digits: usize,
        sep: u8,
    },
}

pub(super) const LONG_MONTHS: [&str; 12] = [
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
pub(super) const LONG_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn starts_lower(s: &[u8]) -> bool {
    s.first().is_some_and(u8::is_ascii_lowercase)
}

/// Go's `nextStdChunk`: (prefix length, the chunk and its length) or `None` when the rest is
/// literal.
pub(super) fn next_chunk(layout: &[u8]) -> Option<(usize, Std, usize)> {
    let has = |i: usize, s: &[u8]| layout.get(i..i + s.len()) == Some(s);
    for i in 0..layout.len() {
        let c = layout[i];
        let found = match c {
            b'J' if has(i, b"Jan") => {
                if has(i, b"January") {
                    Some((Std::LongMonth, 7))
                } else if !starts_lower(&layout[i + 3..]) {
                    Some((Std::Month, 3))
                } else {
                    None
                }
            }
            b'M' if layout.len() >= i + 3 => {
                if has(i, b"Mon") {
                    if has(i, b"Monday") {
                        Some((Std::LongWeekDay, 6))
                    } else if !starts_lower(&layout[i + 3..]) {
                        Some((Std::WeekDay, 3))
                    } else if has(i, b"MST") {
                        Some((Std::TZ, 3))
                    } else {
                        None
                    }
                } else if has(i, b"MST") {
                    Some((Std::TZ, 3))
                } else {
                    None
                }
            }
            b'0' => match layout.get(i + 1) {
                Some(b'1') => Some((Std::ZeroMonth, 2)),
                Some(b'2') => Some((Std::ZeroDay, 2)),
                Some(b'3') => Some((Std::ZeroHour12, 2)),
                Some(b'4') => Some((Std::ZeroMinute, 2)),
                Some(b'5') => Some((Std::ZeroSecond, 2)),
                Some(b'6') => Some((Std::Year, 2)),
                Some(b'0') if layout.get(i + 2) == Some(&b'2') => Some((Std::ZeroYearDay, 3)),
                _ => None,
            },
            b'1' => {
                if layout.get(i + 1) == Some(&b'5') {
                    Some((Std::Hour, 2))
                } else {
                    Some((Std::NumMonth, 1))
                }
            }
            b'2' => {
                if has(i, b"2006") {
                    Some((Std::LongYear, 4))
                } else {
                    Some((Std::Day, 1))
                }
            }
            b'_' => {
                if layout.get(i + 1) == Some(&b'2') {
                    if has(i + 1, b"2006") {
                        // `_2006` is a literal `_` and a long year.
                        return Some((i + 1, Std::LongYear, 4));
                    }
                    Some((Std::UnderDay, 2))
                } else if has(i + 1, b"_2") {
                    Some((Std::UnderYearDay, 3))
                } else {
                    None
                }
            }
            b'3' => Some((Std::Hour12, 1)),
            b'4' => Some((Std::Minute, 1)),
            b'5' => Some((Std::Second, 1)),
            b'P' if layout.get(i + 1) == Some(&b'M') => Some((Std::PM, 2)),
            b'p' if layout.get(i + 1) == Some(&b'm') => Some((Std::Pm, 2)),
            b'-' => {
                if has(i, b"-070000") {
                    Some((Std::NumSecondsTz, 7))
                } else if has(i, b"-07:00:00") {
                    Some((Std::NumColonSecondsTZ, 9))
                } else if has(i, b"-0700") {
                    Some((Std::NumTZ, 5))
                } else if has(i, b"-07:00") {
                    Some((Std::NumColonTZ, 6))
                } else if has(i, b"-07") {
                    Some((Std::NumShortTZ, 3))
                } else {
                    None
                }
            }
            b'Z' => {
                if has(i, b"Z070000") {
                    Some((Std::ISO8601SecondsTZ, 7))
                } else if has(i, b"Z07:00:00") {
                    Some((Std::ISO8601ColonSecondsTZ, 9))
                } else if has(i, b"Z0700") {
                    Some((Std::ISO8601TZ, 5))
                } else if has(i, b"Z07:00") {
                    Some((Std::ISO8601ColonTZ, 6))
                } else if has(i, b"Z07") {
                    Some((Std::ISO8601ShortTZ, 3))
                } else {
                    None
                }
            }
            b'.' | b',' => match layout.get(i + 1) {
                Some(&ch @ (b'0' | b'9')) => {
                    let mut j = i + 1;
                    while layout.get(j) == Some(&ch) {
                        j += 1;
                    }
                    if layout.get(j).is_some_and(u8::is_ascii_digit) {
                        None
                    } else {
                        Some((
                            Std::Frac {
                                nines: ch == b'9',
                                digits: j - (i + 1),
                                sep: c,
                            },
                            j - i,
                        ))
                    }
                }
                _ => None,
            },
            _ => None,
        };
        if let Some((std, len)) = found {
            return Some((i, std, len));
        }
    }
    None
}

/// Go's `appendInt` with a minimum width (zero padded).
fn push_int(out: &mut String, x: i64, width: usize) {
    if x < 0 {
        out.push('-');
    }
    let digits = x.unsigned_abs().to_string();
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

fn push_offset(out: &mut String, std: Std, offset: i64) {
    use Std::{
        ISO8601ColonSecondsTZ, ISO8601ColonTZ, ISO8601SecondsTZ, ISO8601ShortTZ, ISO8601TZ,
        NumColonSecondsTZ, NumColonTZ, NumSecondsTz, NumShortTZ,
    };
    let iso = matches!(
        std,
        ISO8601TZ | ISO8601ColonTZ | ISO8601SecondsTZ | ISO8601ShortTZ | ISO8601ColonSecondsTZ
    );
    if offset == 0 && iso {
        out.push('Z');
        return;
    }
    let mut zone = offset / 60;
    let mut abs = offset;
    if zone < 0 {
        out.push('-');
        zone = -zone;
        abs = -abs;
    } else {
        out.push('+');
    }
    push_int(out, zone / 60, 2);
    if matches!(
        std,
        ISO8601ColonTZ | NumColonTZ | ISO8601ColonSecondsTZ | NumColonSecondsTZ
    ) {
        out.push(':');
    }
    if !matches!(std, NumShortTZ | ISO8601ShortTZ) {
        push_int(out, zone % 60, 2);
    }
    if matches!(
        std,
        ISO8601SecondsTZ | NumSecondsTz | NumColonSecondsTZ | ISO8601ColonSecondsTZ
    ) {
        if matches!(std, NumColonSecondsTZ | ISO8601ColonSecondsTZ) {
            out.push(':');
        }
        push_int(out, abs % 60, 2);
    }
}

/// `t.Format(layout)`.
pub(crate) fn format(t: &GoTime, layout: &str) -> String {
    let c = t.civil();
    let mut out = String::with_capacity(layout.len() + 10);
    let mut rest = layout.as_bytes();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    while !rest.is_empty() {
        let Some((p, std, len)) = next_chunk(rest) else {
            out.push_str(&text(rest));
            break;
        };
        out.push_str(&text(&rest[..p]));
        rest = &rest[p + len..];
        let hour12 = if c.hour % 12 == 0 { 12 } else { c.hour % 12 };
        match std {
            Std::Year => push_int(&mut out, c.year.abs() % 100, 2),
            Std::LongYear => push_int(&mut out, c.year, 4),
            Std::Month => out.push_str(&LONG_MONTHS[(c.month - 1) as usize][..3]),
            Std::LongMonth => out.push_str(LONG_MONTHS[(c.month - 1) as usize]),
            Std::NumMonth => push_int(&mut out, c.month, 0),
            Std::ZeroMonth => push_int(&mut out, c.month, 2),
            Std::WeekDay => out.push_str(&LONG_DAYS[c.weekday as usize][..3]),
            Std::LongWeekDay => out.push_str(LONG_DAYS[c.weekday as usize]),
            Std::Day => push_int(&mut out, c.day, 0),
            Std::UnderDay => {
                if c.day < 10 {
                    out.push(' ');
                }
                push_int(&mut out, c.day, 0);
            }
            Std::ZeroDay => push_int(&mut out, c.day, 2),
            Std::UnderYearDay => {
                if c.yday < 100 {
                    out.push(' ');
                    if c.yday < 10 {
                        out.push(' ');
                    }
                }
                push_int(&mut out, c.yday, 0);
            }
            Std::ZeroYearDay => push_int(&mut out, c.yday, 3),
            Std::Hour => push_int(&mut out, c.hour, 2),
            Std::Hour12 => push_int(&mut out, hour12, 0),
            Std::ZeroHour12 => push_int(&mut out, hour12, 2),
            Std::Minute => push_int(&mut out, c.min, 0),
            Std::ZeroMinute => push_int(&mut out, c.min, 2),
            Std::Second => push_int(&mut out, c.sec, 0),
            Std::ZeroSecond => push_int(&mut out, c.sec, 2),
            Std::PM => out.push_str(if c.hour >= 12 { "PM" } else { "AM" }),
            Std::Pm => out.push_str(if c.hour >= 12 { "pm" } else { "am" }),
            Std::TZ => {
                if c.abbrev.is_empty() {
                    let mut zone = c.offset / 60;
                    if zone < 0 {
                        out.push('-');
                        zone = -zone;
                    } else {
                        out.push('+');
                    }
                    push_int(&mut out, zone / 60, 2);
                    push_int(&mut out, zone % 60, 2);
                } else {
                    out.push_str(&c.abbrev);
                }
            }
            Std::Frac { nines, digits, sep } => {
                if nines && (digits == 0 || t.nsec == 0) {
                    continue;
                }
                let mut frac = format!("{:09}", t.nsec);
                frac.truncate(digits.min(9));
                if nines {
                    while frac.ends_with('0') {
                        frac.pop();
                    }
                }
                if !frac.is_empty() || !nines {
                    out.push(char::from(sep));
                    out.push_str(&frac);
                }
            }
            other => push_offset(&mut out, other, c.offset),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::zone::UTC;

    fn t(sec: i64, nsec: u32) -> GoTime {
        let mut t = GoTime::unix(sec, &UTC);
        t.nsec = nsec;
        t
    }

    #[test]
    fn layouts() {
        let x = t(1_136_239_445, 123_456_789); // 2006-01-02T22:04:05Z, a Monday
        assert_eq!(
            format(&x, "2006-01-02T15:04:05Z07:00"),
            "2006-01-02T22:04:05Z"
        );
        assert_eq!(
            format(&x, "Mon Jan _2 3:4:5 PM MST 06"),
            "Mon Jan  2 10:4:5 PM UTC 06"
        );
        assert_eq!(
            format(&x, ".000|.999|,9|.0000000000"),
            ".123|.123|,1|.123456789"
        );
        assert_eq!(
            format(&x, "January Monday 002 __2 -0700 -07"),
            "January Monday 002   2 +0000 +00"
        );
        assert_eq!(format(&x, "Month Mond"), "Month Mond");
    }
}
