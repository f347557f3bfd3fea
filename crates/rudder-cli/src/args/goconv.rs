//! The Go conversions pflag's value types use, with Go's error texts: `strconv.ParseBool`,
//! `time.ParseDuration` / `Duration.String`, and the single-record `encoding/csv` reader and
//! writer behind `stringSlice` and `stringToString` flags. Integer and float parsing comes from
//! `rudder-value`'s `strconv`.

use std::fmt::Write as _;

pub(crate) use rudder::value::duration::{format as format_duration, parse as parse_duration};
use rudder::value::strconv::quote;

/// `strconv.ParseBool`.
pub(crate) fn parse_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!(
            "strconv.ParseBool: parsing {}: invalid syntax",
            quote(s)
        )),
    }
}

/// Go's `*csv.ParseError` texts (the reader pflag uses, with default options).
#[derive(Debug)]
struct CsvError {
    start_line: usize,
    line: usize,
    column: usize,
    quote_error: bool,
}

impl CsvError {
    fn text(&self) -> String {
        let why = if self.quote_error {
            "extraneous or missing \" in quoted-field"
        } else {
            "bare \" in non-quoted-field"
        };
        if self.start_line == self.line {
            format!(
                "parse error on line {}, column {}: {why}",
                self.line, self.column
            )
        } else {
            format!(
                "record on line {}; parse error on line {}, column {}: {why}",
                self.start_line, self.line, self.column
            )
        }
    }
}

/// pflag's `readAsCSV`: the first record of `val` read by Go's `csv.Reader` (`""` is an empty
/// list).
pub(crate) fn read_csv_record(val: &str) -> Result<Vec<String>, String> {
    if val.is_empty() {
        return Ok(Vec::new());
    }
    csv_record(val).map_err(|e| match e {
        None => "EOF".to_owned(),
        Some(e) => e.text(),
    })
}

/// Splits `text` into lines the way `bufio.Reader.ReadSlice('\n')` does, each with its `\n`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
}

fn normalize_line(line: &str) -> String {
    // A trailing "\r\n" is read as "\n"; a line without "\n" at EOF gets one.
    let mut l = line.to_owned();
    if l.ends_with("\r\n") {
        l.truncate(l.len() - 2);
        l.push('\n');
    } else if !l.ends_with('\n') {
        l.push('\n');
    }
    l
}

fn csv_record(text: &str) -> Result<Vec<String>, Option<CsvError>> {
    let mut iter = lines(text);
    let mut line_no = 0;
    // Skip empty lines.
    let mut line = loop {
        let Some(raw) = iter.next() else {
            return Err(None);
        };
        line_no += 1;
        let l = normalize_line(raw);
        if l != "\n" {
            break l;
        }
    };
    let start_line = line_no;
    let mut fields = Vec::new();
    let mut pos = 0usize; // byte offset in `line`
    loop {
        let rest = &line[pos..];
        if rest.starts_with('"') {
            // Quoted field.
            let mut field = String::new();
            let mut i = pos + 1;
            loop {
                let tail = &line[i..];
                if let Some(q) = tail.find('"') {
                    field.push_str(&tail[..q]);
                    let after = i + q + 1;
                    let next = line.as_bytes().get(after).copied();
                    match next {
                        Some(b'"') => {
                            field.push('"');
                            i = after + 1;
                        }
                        Some(b',') => {
                            fields.push(field);
                            pos = after + 1;
                            break;
                        }
                        Some(b'\n') | None => {
                            fields.push(field);
                            return Ok(fields);
                        }
                        Some(_) => {
                            return Err(Some(CsvError {
                                start_line,
                                line: line_no,
                                column: after,
                                quote_error: true,
                            }));
                        }
                    }
                } else if let Some(raw) = iter.next() {
                    // The quoted field goes on over the next line.
                    field.push_str(tail);
                    line_no += 1;
                    line = normalize_line(raw);
                    i = 0;
                } else {
                    // Abrupt end of input (the synthetic "\n" is not counted).
                    let len = line.trim_end_matches('\n').len();
                    return Err(Some(CsvError {
                        start_line,
                        line: line_no,
                        column: len + 1,
                        quote_error: true,
                    }));
                }
            }
            continue;
        }
        // Non-quoted field.
        let end = rest.find(',');
        let field = match end {
            Some(e) => &rest[..e],
            None => rest.trim_end_matches('\n'),
        };
        if let Some(q) = field.find('"') {
            return Err(Some(CsvError {
                start_line,
                line: line_no,
                column: pos + q + 1,
                quote_error: false,
            }));
        }
        fields.push(field.to_owned());
        match end {
            Some(e) => pos += e + 1,
            None => return Ok(fields),
        }
    }
}

/// pflag's `writeAsCSV` (Go's `csv.Writer` with a trailing newline trimmed).
pub(crate) fn write_csv_record(fields: &[String]) -> String {
    let mut out = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if needs_quotes(field) {
            out.push('"');
            for c in field.chars() {
                if c == '"' {
                    out.push_str("\"\"");
                } else {
                    out.push(c);
                }
            }
            out.push('"');
        } else {
            let _ = write!(out, "{field}");
        }
    }
    out
}

fn needs_quotes(field: &str) -> bool {
    if field.is_empty() {
        return false;
    }
    if field == "\\." {
        return true;
    }
    if field.contains(['"', ',', '\r', '\n']) {
        return true;
    }
    field.chars().next().is_some_and(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip_as_go_prints_them() {
        for (text, nanos, printed) in [
            ("5m", 300_000_000_000, "5m0s"),
            ("300s", 300_000_000_000, "5m0s"),
            ("1h", 3_600_000_000_000, "1h0m0s"),
            ("1.5s", 1_500_000_000, "1.5s"),
            ("2ms", 2_000_000, "2ms"),
            ("-3us", -3_000, "-3\u{b5}s"),
            ("0", 0, "0s"),
            ("1h2m3.004s", 3_723_004_000_000, "1h2m3.004s"),
        ] {
            assert_eq!(parse_duration(text), Ok(nanos), "{text}");
            assert_eq!(format_duration(nanos), printed, "{text}");
        }
        assert_eq!(
            parse_duration("1"),
            Err("time: missing unit in duration \"1\"".to_owned())
        );
        assert_eq!(
            parse_duration("1x"),
            Err("time: unknown unit \"x\" in duration \"1x\"".to_owned())
        );
        assert_eq!(
            parse_duration(""),
            Err("time: invalid duration \"\"".to_owned())
        );
    }

    #[test]
    fn csv_errors_match_go() {
        // Each expected text was printed by the reference Helm (`helm template -f <value> x`).
        for (value, error) in [
            (
                "a\"b",
                "parse error on line 1, column 2: bare \" in non-quoted-field",
            ),
            (
                "\"ab",
                "parse error on line 1, column 4: extraneous or missing \" in quoted-field",
            ),
            (
                "\"a\"b",
                "parse error on line 1, column 3: extraneous or missing \" in quoted-field",
            ),
            (
                "a,\"b\"c",
                "parse error on line 1, column 5: extraneous or missing \" in quoted-field",
            ),
            (
                "\"a\nb",
                "record on line 1; parse error on line 2, column 2: extraneous or missing \" in quoted-field",
            ),
        ] {
            assert_eq!(read_csv_record(value), Err(error.to_owned()), "{value:?}");
        }
        assert_eq!(
            read_csv_record("a,\"b,c\",d"),
            Ok(vec!["a".to_owned(), "b,c".to_owned(), "d".to_owned()])
        );
        assert_eq!(
            read_csv_record("a\nb"),
            Ok(vec!["a".to_owned()]),
            "only the first record"
        );
        assert_eq!(read_csv_record(""), Ok(vec![]));
        assert_eq!(
            read_csv_record("a,,b"),
            Ok(vec!["a".to_owned(), String::new(), "b".to_owned()])
        );
    }

    #[test]
    fn csv_writing_quotes_what_go_quotes() {
        let fields = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(write_csv_record(&fields(&["a", "b"])), "a,b");
        assert_eq!(
            write_csv_record(&fields(&["a,b", "c\"d"])),
            "\"a,b\",\"c\"\"d\""
        );
        assert_eq!(write_csv_record(&fields(&[" x"])), "\" x\"");
        assert_eq!(write_csv_record(&[]), "");
    }

    #[test]
    fn bools_as_go_parses_them() {
        assert_eq!(parse_bool("T"), Ok(true));
        assert_eq!(parse_bool("False"), Ok(false));
        assert_eq!(
            parse_bool("maybe"),
            Err("strconv.ParseBool: parsing \"maybe\": invalid syntax".to_owned())
        );
    }
}
