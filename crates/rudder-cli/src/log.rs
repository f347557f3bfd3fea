//! Helm's logger (`internal/logging`): Go's `slog` text handler on stderr without the time,
//! `DEBUG` lines only with `--debug` (as the global flags were pre-parsed).
//!
//! `level=WARN msg="this chart is deprecated"`

use std::io::Write;

/// One `key=value` pair after the message.
pub(crate) type Attr<'a> = (&'a str, &'a str);

/// Writes a record of `rudder-action` (`level=DEBUG` ones only when `debug`).
pub(crate) fn record(err: &mut dyn Write, debug: bool, record: &rudder::action::install::Record) {
    use rudder::action::install::{Level, Record};
    match record {
        Record::Slog {
            level,
            message,
            attrs,
        } => {
            let attrs: Vec<(&str, &str)> = attrs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            match level {
                Level::Debug => self::debug(err, debug, message, &attrs),
                Level::Warn => record_line(err, "WARN", message, &attrs),
                Level::Error => record_line(err, "ERROR", message, &attrs),
                _ => record_line(err, "INFO", message, &attrs),
            }
        }
        Record::Chart(message) => helm_warning(err, message),
        _ => {}
    }
}

/// Writes a `level=WARN` record.
pub(crate) fn warn(err: &mut dyn Write, msg: &str, attrs: &[Attr<'_>]) {
    record_line(err, "WARN", msg, attrs);
}

/// Writes a `level=DEBUG` record when `debug` is on.
pub(crate) fn debug(err: &mut dyn Write, debug: bool, msg: &str, attrs: &[Attr<'_>]) {
    if debug {
        record_line(err, "DEBUG", msg, attrs);
    }
}

/// A message the chart library collected while loading or rendering, printed as Helm prints
/// it: the `slog` ones (`returned non-bool value path=x chart=y`) as `level=WARN` records, the
/// others (coalescing notes, loader warnings) as Go `log` lines with a timestamp.
pub(crate) fn helm_warning(err: &mut dyn Write, message: &str) {
    const SLOG: [(&str, &[&str]); 4] = [
        ("returned non-bool value", &["path", "tag", "chart"]),
        ("the method PathValue returned error", &["error"]),
        (
            "unresolved URN reference ignored; using permissive schema",
            &["urn"],
        ),
        ("ImportValues missing table from chart", &["chart", "error"]),
    ];
    for (msg, keys) in SLOG {
        if let Some(rest) = message.strip_prefix(msg) {
            let rest = rest.trim_start();
            let mut attrs: Vec<(&str, &str)> = Vec::new();
            // `k1=v1 k2=v2`, the last value running to the end.
            let mut text = rest;
            while let Some((key, value)) = text.split_once('=') {
                if !keys.contains(&key) {
                    break;
                }
                let next = keys
                    .iter()
                    .filter_map(|k| value.find(&format!(" {k}=")))
                    .min();
                if let Some(end) = next {
                    attrs.push((key, &value[..end]));
                    text = &value[end + 1..];
                } else {
                    attrs.push((key, value));
                    text = "";
                }
            }
            record_line(err, "WARN", msg, &attrs);
            return;
        }
    }
    let _ = writeln!(err, "{} {message}", go_log_timestamp());
}

/// Go's `log` prefix: `2009/11/10 23:00:00` (UTC; the local zone is not looked up).
pub(crate) fn go_log_timestamp() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (now / 86_400) as i64;
    let secs = now % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}/{m:02}/{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to a (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn record_line(err: &mut dyn Write, level: &str, msg: &str, attrs: &[Attr<'_>]) {
    let mut line = format!("level={level} msg={}", text_value(msg));
    for (key, value) in attrs {
        line.push(' ');
        line.push_str(&text_value(key));
        line.push('=');
        line.push_str(&text_value(value));
    }
    line.push('\n');
    // A closed stderr is not worth failing a command for.
    let _ = err.write_all(line.as_bytes());
}

/// slog's `needsQuoting`: empty, or any space, `=`, `"` or unprintable character.
fn text_value(s: &str) -> String {
    let needs = s.is_empty()
        || s.chars().any(|c| {
            c == '=' || c == '"' || c.is_whitespace() || c.is_control() || c == '\u{FFFD}'
        });
    if needs {
        rudder::value::strconv::quote(s)
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_413), (2025, 11, 21));
    }

    #[test]
    fn slog_warnings_from_the_chart_library() {
        let mut out = Vec::new();
        super::helm_warning(&mut out, "returned non-bool value path=a.enabled chart=sub");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "level=WARN msg=\"returned non-bool value\" path=a.enabled chart=sub\n"
        );
    }

    #[test]
    fn text_handler_quoting() {
        let mut out = Vec::new();
        super::warn(
            &mut out,
            "command failed",
            &[("error", "invalid color mode \"bad\"")],
        );
        super::warn(&mut out, "plain", &[("k", "v")]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "level=WARN msg=\"command failed\" error=\"invalid color mode \\\"bad\\\"\"\nlevel=WARN msg=plain k=v\n"
        );
    }
}
