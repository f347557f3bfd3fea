//! The little of Go's `time` that saving needs: RFC 3339 times as `Chart.lock` holds them
//! (`generated`), their instant (the tar entry's time), and `RFC3339Nano` formatting as
//! `time.Time.MarshalJSON` writes it.

use rudder_value::civil::{civil_from_days, days_from_civil};

use crate::chart::Timestamp;

/// The parts of an RFC 3339 time: local date-time, nanoseconds, offset in seconds.
struct Parts {
    date_time: String,
    secs_local: i64,
    nanos: u32,
    offset: i64,
}

fn parts(text: &str) -> Option<Parts> {
    let s = text;
    let bytes = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    if bytes.len() < 20
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || bytes[10] != b'T'
        || bytes[13] != b':'
    {
        return None;
    }
    if bytes[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut i = 19;
    let mut nanos = 0u32;
    if bytes[i] == b'.' || bytes[i] == b',' {
        let start = i + 1;
        i = start;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let frac = &s[start..i];
        if frac.is_empty() {
            return None;
        }
        let mut digits: String = frac.chars().take(9).collect();
        while digits.len() < 9 {
            digits.push('0');
        }
        nanos = digits.parse().ok()?;
    }
    let rest = &s[i..];
    let offset = if rest == "Z" {
        0
    } else {
        let rb = rest.as_bytes();
        if rb.len() != 6 || !matches!(rb[0], b'+' | b'-') || rb[3] != b':' {
            return None;
        }
        let oh: i64 = rest[1..3].parse().ok()?;
        let om: i64 = rest[4..6].parse().ok()?;
        let o = oh * 3600 + om * 60;
        if rb[0] == b'-' { -o } else { o }
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=12).contains(&month)
        || !(1..=month_days).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let secs_local =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(Parts {
        date_time: s[..19].to_owned(),
        secs_local,
        nanos,
        offset,
    })
}

/// The instant of an RFC 3339 time (`None` if it does not parse or is Go's zero time,
/// which Helm's tar writer replaces with the current time).
pub(crate) fn parse(s: &str) -> Option<Timestamp> {
    let p = parts(s)?;
    let secs = p.secs_local - p.offset;
    // time.Time.IsZero: January 1, year 1, 00:00:00 UTC.
    if secs == days_from_civil(1, 1, 1) * 86_400 && p.nanos == 0 {
        return None;
    }
    Some(Timestamp {
        secs,
        nanos: p.nanos,
    })
}

fn frac(nanos: u32) -> String {
    if nanos == 0 {
        return String::new();
    }
    let s = format!(".{nanos:09}");
    s.trim_end_matches('0').to_owned()
}

/// `time.Parse(RFC3339, s)` then `Format(RFC3339Nano)`: trailing zeros of the fraction
/// dropped, a zero offset written `Z`.
pub(crate) fn reformat(s: &str) -> Option<String> {
    let p = parts(s)?;
    let zone = if p.offset == 0 {
        "Z".to_owned()
    } else {
        let sign = if p.offset < 0 { '-' } else { '+' };
        let o = p.offset.abs();
        format!("{sign}{:02}:{:02}", o / 3600, (o % 3600) / 60)
    };
    Some(format!("{}{}{zone}", p.date_time, frac(p.nanos)))
}

/// `time.Now().Format(RFC3339Nano)` in UTC.
pub fn format_rfc3339_nano(t: Timestamp) -> String {
    let days = t.secs.div_euclid(86_400);
    let rem = t.secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60,
        frac(t.nanos)
    )
}

/// The current time.
pub fn now() -> Timestamp {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp {
        secs: d.as_secs() as i64,
        nanos: d.subsec_nanos(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        assert_eq!(
            reformat("2019-04-10T12:00:00.000000000Z").as_deref(),
            Some("2019-04-10T12:00:00Z")
        );
        assert_eq!(
            reformat("2019-04-10T12:00:00.5+00:00").as_deref(),
            Some("2019-04-10T12:00:00.5Z")
        );
        assert_eq!(
            reformat("2019-04-10T12:00:00-07:30").as_deref(),
            Some("2019-04-10T12:00:00-07:30")
        );
        let t = parse("2019-04-10T12:00:00-07:00").unwrap();
        assert_eq!(format_rfc3339_nano(t), "2019-04-10T19:00:00Z");
        assert_eq!(parse("0001-01-01T00:00:00Z"), None);
        assert_eq!(
            format_rfc3339_nano(Timestamp {
                secs: 0,
                nanos: 120
            }),
            "1970-01-01T00:00:00.00000012Z"
        );
    }
}
