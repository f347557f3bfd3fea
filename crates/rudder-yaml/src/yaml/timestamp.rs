//! Which strings go-yaml takes for timestamps: the four `time.Parse` layouts of its resolver.
//!
//! Only the yes/no answer matters here: a timestamp decoded into `interface{}` stays a string
//! (go-yaml v2's backward-compatibility rule), but a string that *would* read back as a
//! timestamp is quoted by the encoders.

/// Go's `getnum(s, fixed=false)`: one or two digits.
fn getnum(s: &[u8]) -> Option<(u32, &[u8])> {
    let d0 = *s.first()?;
    if !d0.is_ascii_digit() {
        return None;
    }
    match s.get(1) {
        Some(d1) if d1.is_ascii_digit() => {
            Some((u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'), &s[2..]))
        }
        _ => Some((u32::from(d0 - b'0'), &s[1..])),
    }
}

fn literal(s: &[u8], c: u8) -> Option<&[u8]> {
    s.strip_prefix(&[c])
}

fn days_in(month: u32, year: i64) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `2006-1-2`: the date part every layout starts with. Returns the rest and whether the date
/// is valid (checked by Go only after the whole layout matched).
fn date(s: &[u8]) -> Option<(&[u8], bool)> {
    if s.len() < 4 || !s[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year: i64 = std::str::from_utf8(&s[..4]).ok()?.parse().ok()?;
    let s = literal(&s[4..], b'-')?;
    let (month, s) = getnum(s)?;
    let s = literal(s, b'-')?;
    let (day, s) = getnum(s)?;
    let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in(month, year);
    Some((s, ok))
}

/// `15:4:5` with an optional fraction (`.999999999`, also written with a comma).
fn time(s: &[u8]) -> Option<&[u8]> {
    let (hour, s) = getnum(s)?;
    let s = literal(s, b':')?;
    let (min, s) = getnum(s)?;
    let s = literal(s, b':')?;
    let (sec, mut s) = getnum(s)?;
    if hour >= 24 || min >= 60 || sec >= 60 {
        return None;
    }
    if s.len() >= 2 && matches!(s[0], b'.' | b',') && s[1].is_ascii_digit() {
        let digits = s[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        s = &s[1 + digits..];
    }
    Some(s)
}

/// `Z07:00`: `Z` or a `±hh:mm` offset.
fn zone(s: &[u8]) -> Option<&[u8]> {
    if let Some(rest) = s.strip_prefix(b"Z") {
        return Some(rest);
    }
    if s.len() < 6 || s[3] != b':' || !matches!(s[0], b'+' | b'-') {
        return None;
    }
    let two = |d: &[u8]| -> Option<u32> {
        (d[0].is_ascii_digit() && d[1].is_ascii_digit())
            .then(|| u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'))
    };
    let (hh, mm) = (two(&s[1..3])?, two(&s[4..6])?);
    if hh > 24 || mm > 60 {
        return None;
    }
    Some(&s[6..])
}

/// Whether go-yaml's resolver parses `s` as a timestamp.
pub(crate) fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    // Quick check: exactly four digits, then '-'.
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    let Some((rest, valid_date)) = date(b) else {
        return false;
    };
    if rest.is_empty() {
        return valid_date;
    }
    // "2006-1-2T15:4:5.999999999Z07:00" and its lower-case "t" variant.
    if let Some(t) = literal(rest, b'T').or_else(|| literal(rest, b't'))
        && let Some(after) = time(t).and_then(zone)
        && after.is_empty()
    {
        return valid_date;
    }
    // "2006-1-2 15:4:5.999999999": the layout's space matches any run of spaces.
    if rest[0] == b' ' {
        let t = rest
            .iter()
            .position(|&c| c != b' ')
            .map_or(&rest[rest.len()..], |i| &rest[i..]);
        if time(t).is_some_and(<[u8]>::is_empty) {
            return valid_date;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::is_timestamp;

    #[test]
    fn layouts() {
        for yes in [
            "2001-12-14",
            "2001-1-2",
            "2001-12-14T21:59:43.10-05:00",
            "2001-12-14t21:59:43Z",
            "2001-12-14 21:59:43.10",
            "2001-12-14   1:2:3",
            "2000-02-29",
            "2001-12-14T21:59:43,5Z",
        ] {
            assert!(is_timestamp(yes), "{yes}");
        }
        for no in [
            "2001-12-14 21:59:43.10 -5",
            "2001-13-01",
            "2001-02-29",
            "20011-12-14",
            "2001-12-14T25:00:00Z",
            "2001-12-14T21:59:43",
            "2001-12-14x",
            "2001-001-1",
            "2001-12-14T21:59:43+0500",
        ] {
            assert!(!is_timestamp(no), "{no}");
        }
    }
}
