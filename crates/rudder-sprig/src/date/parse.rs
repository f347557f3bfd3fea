//! Go's `time.ParseInLocation`: a value read against a reference layout, field by field,
//! with Go's range checks, zone handling and error texts.

use std::sync::Arc;

use super::duration::quote;
use super::format::{LONG_DAYS, LONG_MONTHS, Std, next_chunk};
use super::time::{GoTime, days_in, is_leap};
use super::zone::{Location, UTC};

/// What went wrong in a parse (Go's `ParseError` fields).
struct Fail {
    layout_elem: String,
    value_elem: String,
    message: String,
}

fn getnum(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let d = |i: usize| {
        s.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| i64::from(c - b'0'))
    };
    let a = d(0)?;
    match d(1) {
        None if fixed => None,
        None => Some((a, &s[1..])),
        Some(b) => Some((a * 10 + b, &s[2..])),
    }
}

fn getnum3(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let mut n = 0;
    let mut i = 0;
    while i < 3 && s.get(i).is_some_and(u8::is_ascii_digit) {
        n = n * 10 + i64::from(s[i] - b'0');
        i += 1;
    }
    if i == 0 || fixed && i != 3 {
        return None;
    }
    Some((n, &s[i..]))
}

/// Go's `atoi` on a short ASCII field.
fn atoi(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) || digits.len() > 18 {
        return None;
    }
    let v: i64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// Go's `lookup` of a name table, case-insensitive for ASCII letters.
fn lookup_name(tab: &[&str], short: bool, val: &[u8]) -> Option<(i64, usize)> {
    for (i, full) in tab.iter().enumerate() {
        let v = if short {
            &full.as_bytes()[..3]
        } else {
            full.as_bytes()
        };
        if val.len() >= v.len()
            && val[..v.len()]
                .iter()
                .zip(v)
                .all(|(a, b)| a == b || (a | 0x20 == b | 0x20 && (a | 0x20).is_ascii_lowercase()))
        {
            return Some((i as i64, v.len()));
        }
    }
    None
}

fn parse_signed_offset(v: &[u8]) -> usize {
    let Some(&sign) = v.first() else { return 0 };
    if sign != b'-' && sign != b'+' {
        return 0;
    }
    let digits = v[1..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return 0;
    }
    match std::str::from_utf8(&v[1..=digits])
        .ok()
        .and_then(|d| d.parse::<u64>().ok())
    {
        Some(x) if x <= 23 => 1 + digits,
        _ => 0,
    }
}

/// Go's `parseTimeZone`: the length of a zone abbreviation at the start of `v`.
fn parse_time_zone(v: &[u8]) -> Option<usize> {
    if v.len() < 3 {
        return None;
    }
    if v.len() >= 4 && (&v[..4] == b"ChST" || &v[..4] == b"MeST") {
        return Some(4);
    }
    if &v[..3] == b"GMT" {
        return Some(
            3 + if v.len() > 3 {
                parse_signed_offset(&v[3..])
            } else {
                0
            },
        );
    }
    if v[0] == b'+' || v[0] == b'-' {
        let n = parse_signed_offset(v);
        return (n > 0).then_some(n);
    }
    let upper = v
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    match upper {
        5 if v[4] == b'T' => Some(5),
        4 if v[3] == b'T' || &v[..4] == b"WITA" => Some(4),
        3 => Some(3),
        _ => None,
    }
}

/// Go's `parseNanoseconds`: `value` starts with the separator; `n` bytes are the fraction.
fn parse_nanos(value: &[u8], n: usize) -> Result<i64, Option<&'static str>> {
    if !matches!(value.first(), Some(b'.' | b',')) {
        return Err(None);
    }
    let n = n.min(10);
    let ns = atoi(&value[1..n]).ok_or(None)?;
    if ns < 0 {
        return Err(Some("fractional second"));
    }
    let mut ns = ns;
    for _ in 0..10 - n {
        ns *= 10;
    }
    Ok(ns)
}

/// A numeric zone offset's parts: sign, hours, minutes, seconds, bytes used.
type OffsetParts<'a> = (u8, &'a [u8], &'a [u8], &'a [u8], usize);

/// `time.ParseInLocation(layout, value, loc)`.
///
/// # Errors
/// Go's `*time.ParseError` text.
#[expect(clippy::too_many_lines, reason = "one field per arm, as Go's parse")]
#[expect(
    clippy::many_single_char_names,
    reason = "Go's names for the parse state"
)]
pub(crate) fn parse_in_location(
    layout: &str,
    value: &str,
    loc: &Arc<Location>,
    local: &Arc<Location>,
) -> Result<GoTime, String> {
    let err = |f: Fail| -> String {
        if f.message.is_empty() {
            format!(
                "parsing time {} as {}: cannot parse {} as {}",
                quote(value),
                quote(layout),
                quote(&f.value_elem),
                quote(&f.layout_elem)
            )
        } else {
            format!("parsing time {}{}", quote(value), f.message)
        }
    };
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut lay = layout.as_bytes();
    let mut val = value.as_bytes();
    let (mut am, mut pm) = (false, false);
    let (mut year, mut month, mut day, mut yday) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let mut z: Option<Arc<Location>> = None;
    let mut zone_offset: Option<i64> = None;
    let mut zone_name = String::new();
    loop {
        let chunk = next_chunk(lay);
        let (prefix, rest) = match chunk {
            Some((p, _, _)) => (&lay[..p], &lay[p..]),
            None => (lay, &lay[lay.len()..]),
        };
        // Go's skip: spaces in the prefix match any run of spaces.
        let mut pre = prefix;
        while !pre.is_empty() {
            if pre[0] == b' ' {
                if !val.is_empty() && val[0] != b' ' {
                    return Err(err(Fail {
                        layout_elem: lossy(prefix),
                        value_elem: lossy(val),
                        message: String::new(),
                    }));
                }
                while pre.first() == Some(&b' ') {
                    pre = &pre[1..];
                }
                while val.first() == Some(&b' ') {
                    val = &val[1..];
                }
                continue;
            }
            if val.is_empty() || val[0] != pre[0] {
                return Err(err(Fail {
                    layout_elem: lossy(prefix),
                    value_elem: lossy(val),
                    message: String::new(),
                }));
            }
            pre = &pre[1..];
            val = &val[1..];
        }
        let Some((_, std, len)) = chunk else {
            if !val.is_empty() {
                return Err(err(Fail {
                    layout_elem: String::new(),
                    value_elem: lossy(val),
                    message: format!(": extra text: {}", quote(&lossy(val))),
                }));
            }
            break;
        };
        let stdstr = lossy(&rest[..len]);
        lay = &rest[len..];
        let hold = val;
        let mut range_err: Option<&str> = None;
        let mut bad = false;
        match std {
            Std::Year => {
                if val.len() < 2 {
                    bad = true;
                } else if let Some(y) = atoi(&val[..2]) {
                    year = if y >= 69 { y + 1900 } else { y + 2000 };
                    val = &val[2..];
                } else {
                    bad = true;
                }
            }
            Std::LongYear => {
                if val.len() < 4 || !val[0].is_ascii_digit() {
                    bad = true;
                } else if let Some(y) = atoi(&val[..4]) {
                    year = y;
                    val = &val[4..];
                } else {
                    bad = true;
                }
            }
            Std::Month | Std::LongMonth => {
                match lookup_name(&LONG_MONTHS, std == Std::Month, val) {
                    Some((m, n)) => {
                        month = m + 1;
                        val = &val[n..];
                    }
                    None => bad = true,
                }
            }
            Std::NumMonth | Std::ZeroMonth => match getnum(val, std == Std::ZeroMonth) {
                Some((m, r)) => {
                    month = m;
                    val = r;
                    if !(1..=12).contains(&m) {
                        range_err = Some("month");
                    }
                }
                None => bad = true,
            },
            Std::WeekDay | Std::LongWeekDay => {
                match lookup_name(&LONG_DAYS, std == Std::WeekDay, val) {
                    Some((_, n)) => val = &val[n..],
                    None => bad = true,
                }
            }
            Std::Day | Std::UnderDay | Std::ZeroDay => {
                if std == Std::UnderDay && val.first() == Some(&b' ') {
                    val = &val[1..];
                }
                match getnum(val, std == Std::ZeroDay) {
                    Some((d, r)) => {
                        day = d;
                        val = r;
                    }
                    None => bad = true,
                }
            }
            Std::UnderYearDay | Std::ZeroYearDay => {
                for _ in 0..2 {
                    if std == Std::UnderYearDay && val.first() == Some(&b' ') {
                        val = &val[1..];
                    }
                }
                match getnum3(val, std == Std::ZeroYearDay) {
                    Some((d, r)) => {
                        yday = d;
                        val = r;
                    }
                    None => bad = true,
                }
            }
            Std::Hour => match getnum(val, false) {
                Some((h, r)) => {
                    hour = h;
                    val = r;
                    if !(0..24).contains(&h) {
                        range_err = Some("hour");
                    }
                }
                None => bad = true,
            },
            Std::Hour12 | Std::ZeroHour12 => match getnum(val, std == Std::ZeroHour12) {
                Some((h, r)) => {
                    hour = h;
                    val = r;
                    if !(0..=12).contains(&h) {
                        range_err = Some("hour");
                    }
                }
                None => bad = true,
            },
            Std::Minute | Std::ZeroMinute => match getnum(val, std == Std::ZeroMinute) {
                Some((m, r)) => {
                    min = m;
                    val = r;
                    if !(0..60).contains(&m) {
                        range_err = Some("minute");
                    }
                }
                None => bad = true,
            },
            Std::Second | Std::ZeroSecond => match getnum(val, std == Std::ZeroSecond) {
                Some((s, r)) => {
                    sec = s;
                    val = r;
                    if !(0..60).contains(&s) {
                        range_err = Some("second");
                    } else if val.len() >= 2
                        && matches!(val[0], b'.' | b',')
                        && val[1].is_ascii_digit()
                    {
                        let next_is_frac =
                            matches!(next_chunk(lay), Some((_, Std::Frac { .. }, _)));
                        if !next_is_frac {
                            let mut n = 2;
                            while val.get(n).is_some_and(u8::is_ascii_digit) {
                                n += 1;
                            }
                            match parse_nanos(val, n) {
                                Ok(ns) => nsec = ns,
                                Err(Some(e)) => range_err = Some(e),
                                Err(None) => bad = true,
                            }
                            val = &val[n..];
                        }
                    }
                }
                None => bad = true,
            },
            Std::PM | Std::Pm => {
                if val.len() < 2 {
                    bad = true;
                } else {
                    let p = &val[..2];
                    val = &val[2..];
                    match (std, p) {
                        (Std::PM, b"PM") | (Std::Pm, b"pm") => pm = true,
                        (Std::PM, b"AM") | (Std::Pm, b"am") => am = true,
                        _ => bad = true,
                    }
                }
            }
            Std::ISO8601TZ
            | Std::ISO8601ShortTZ
            | Std::ISO8601ColonTZ
            | Std::ISO8601SecondsTZ
            | Std::ISO8601ColonSecondsTZ
                if val.first() == Some(&b'Z') =>
            {
                val = &val[1..];
                z = Some(UTC.clone());
            }
            Std::ISO8601TZ
            | Std::ISO8601ShortTZ
            | Std::ISO8601ColonTZ
            | Std::ISO8601SecondsTZ
            | Std::ISO8601ColonSecondsTZ
            | Std::NumTZ
            | Std::NumShortTZ
            | Std::NumColonTZ
            | Std::NumSecondsTz
            | Std::NumColonSecondsTZ => {
                let parts: Option<OffsetParts<'_>> = match std {
                    Std::ISO8601ColonTZ | Std::NumColonTZ => (val.len() >= 6 && val[3] == b':')
                        .then(|| (val[0], &val[1..3], &val[4..6], &b"00"[..], 6)),
                    Std::NumShortTZ | Std::ISO8601ShortTZ => {
                        (val.len() >= 3).then(|| (val[0], &val[1..3], &b"00"[..], &b"00"[..], 3))
                    }
                    Std::ISO8601ColonSecondsTZ | Std::NumColonSecondsTZ => {
                        (val.len() >= 9 && val[3] == b':' && val[6] == b':')
                            .then(|| (val[0], &val[1..3], &val[4..6], &val[7..9], 9))
                    }
                    Std::ISO8601SecondsTZ | Std::NumSecondsTz => {
                        (val.len() >= 7).then(|| (val[0], &val[1..3], &val[3..5], &val[5..7], 7))
                    }
                    _ => (val.len() >= 5).then(|| (val[0], &val[1..3], &val[3..5], &b"00"[..], 5)),
                };
                match parts {
                    None => bad = true,
                    Some((sign, h, m, s, used)) => {
                        val = &val[used..];
                        match (getnum(h, true), getnum(m, true), getnum(s, true)) {
                            (Some((hr, _)), Some((mm, _)), Some((ss, _))) => {
                                if hr > 24 {
                                    range_err = Some("time zone offset hour");
                                }
                                if mm > 60 {
                                    range_err = Some("time zone offset minute");
                                }
                                if ss > 60 {
                                    range_err = Some("time zone offset second");
                                }
                                let off = (hr * 60 + mm) * 60 + ss;
                                match sign {
                                    b'+' => zone_offset = Some(off),
                                    b'-' => zone_offset = Some(-off),
                                    _ => bad = true,
                                }
                            }
                            _ => bad = true,
                        }
                    }
                }
            }
            Std::TZ => {
                if val.len() >= 3 && &val[..3] == b"UTC" {
                    z = Some(UTC.clone());
                    val = &val[3..];
                } else if let Some(n) = parse_time_zone(val) {
                    zone_name = lossy(&val[..n]);
                    val = &val[n..];
                } else {
                    bad = true;
                }
            }
            Std::Frac {
                nines: false,
                digits,
                ..
            } => {
                let n = 1 + digits;
                if val.len() < n {
                    bad = true;
                } else {
                    match parse_nanos(val, n) {
                        Ok(ns) => nsec = ns,
                        Err(Some(e)) => range_err = Some(e),
                        Err(None) => bad = true,
                    }
                    val = &val[n..];
                }
            }
            Std::Frac { nines: true, .. } => {
                if val.len() >= 2 && matches!(val[0], b'.' | b',') && val[1].is_ascii_digit() {
                    let mut i = 0;
                    while val.get(i + 1).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                    match parse_nanos(val, 1 + i) {
                        Ok(ns) => nsec = ns,
                        Err(Some(e)) => range_err = Some(e),
                        Err(None) => bad = true,
                    }
                    val = &val[1 + i..];
                }
            }
        }
        if let Some(what) = range_err {
            return Err(err(Fail {
                layout_elem: stdstr,
                value_elem: lossy(val),
                message: format!(": {what} out of range"),
            }));
        }
        if bad {
            return Err(err(Fail {
                layout_elem: stdstr,
                value_elem: lossy(hold),
                message: String::new(),
            }));
        }
    }
    if pm && hour < 12 {
        hour += 12;
    } else if am && hour == 12 {
        hour = 0;
    }
    let range = |msg: &str| {
        err(Fail {
            layout_elem: String::new(),
            value_elem: String::new(),
            message: format!(": {msg}"),
        })
    };
    if yday >= 0 {
        let (mut m, mut d) = (0, 0);
        let mut yd = yday;
        if is_leap(year) {
            if yd == 31 + 29 {
                m = 2;
                d = 29;
            } else if yd > 31 + 29 {
                yd -= 1;
            }
        }
        if !(1..=365).contains(&yd) {
            return Err(range("day-of-year out of range"));
        }
        if m == 0 {
            const BEFORE: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
            m = (yd - 1) / 31 + 1;
            if BEFORE[m as usize] < yd {
                m += 1;
            }
            d = yd - BEFORE[(m - 1) as usize];
        }
        if month >= 0 && month != m {
            return Err(range("day-of-year does not match month"));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(range("day-of-year does not match day"));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in(month, year) {
        return Err(range("day out of range"));
    }
    if let Some(z) = z {
        return Ok(GoTime::date(
            year, month, day, hour, min, sec, nsec, &z, local,
        ));
    }
    if let Some(offset) = zone_offset {
        let mut t = GoTime::date(year, month, day, hour, min, sec, nsec, &UTC, local);
        t.sec -= offset;
        let zinfo = loc.lookup(t.sec);
        if i64::from(zinfo.offset) == offset && (zone_name.is_empty() || zinfo.abbrev == zone_name)
        {
            t.loc = loc.clone();
            return Ok(t);
        }
        t.loc = Location::fixed(&zone_name, offset as i32);
        return Ok(t);
    }
    if !zone_name.is_empty() {
        let mut t = GoTime::date(year, month, day, hour, min, sec, nsec, &UTC, local);
        if let Some(offset) = loc.lookup_name(&zone_name, t.sec) {
            t.sec -= i64::from(offset);
            t.loc = loc.clone();
            return Ok(t);
        }
        let mut offset = 0;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            offset = atoi(&zone_name.as_bytes()[3..]).unwrap_or(0) * 3600;
        }
        t.loc = Location::fixed(&zone_name, offset as i32);
        return Ok(t);
    }
    Ok(GoTime::date(
        year, month, day, hour, min, sec, nsec, loc, local,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::format::format;

    #[test]
    fn parse_errors() {
        let e = parse_in_location("2006-01-02", "x", &UTC, &UTC).unwrap_err();
        assert_eq!(
            e,
            "parsing time \"x\" as \"2006-01-02\": cannot parse \"x\" as \"2006\""
        );
        let e = parse_in_location("2006-01-02", "2006-13-02", &UTC, &UTC).unwrap_err();
        assert_eq!(e, "parsing time \"2006-13-02\": month out of range");
        let e = parse_in_location("2006", "2006x", &UTC, &UTC).unwrap_err();
        assert_eq!(e, "parsing time \"2006x\": extra text: \"x\"");
        let ok = parse_in_location("2006-01-02 15:04", "2020-02-29 13:30", &UTC, &UTC).unwrap();
        assert_eq!(format(&ok, time_layout()), "2020-02-29 13:30:00 +0000 UTC");
    }

    fn time_layout() -> &'static str {
        "2006-01-02 15:04:05.999999999 -0700 MST"
    }
}
