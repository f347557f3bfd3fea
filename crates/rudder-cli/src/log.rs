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
/// others (coalescing notes, loader warnings: Go `log` calls) as `level=INFO` records.
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
    // Helm routes Go's `log` package through its slog handler: `log.Printf` is an INFO record.
    record_line(err, "INFO", message, &[]);
}

/// Go's `log.Fatal` once Helm has set its logger: an INFO record (the caller exits with 1).
pub(crate) fn fatal(err: &mut dyn Write, message: &str) {
    record_line(err, "INFO", message, &[]);
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

/// Writes a record at `level` (`DEBUG`, `INFO`, `WARN`, `ERROR`) unconditionally.
pub(crate) fn line(err: &mut dyn Write, level: &str, msg: &str, attrs: &[Attr<'_>]) {
    record_line(err, level, msg, attrs);
}

#[cfg(test)]
mod tests {
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
