//! `--set` and friends: Helm's `pkg/strvals` grammar (`parser.go`, `literal_parser.go`).
//!
//! A set line is `name=value[,name=value]...`; a name is a `.`-separated path with optional
//! `[N]` list indices (`a.b[2].c=x`), `\` escapes the next rune (except under
//! `--set-literal`), `{a,b}` is a list. The flavours differ in how a value is read:
//!
//! | function | flag | value |
//! |---|---|---|
//! | [`parse_into`] | `--set` | typed: `true`/`false`/`null` (any case), integers without a leading `0` become `int64`, the rest strings |
//! | [`parse_into_string`] | `--set-string` | always a string |
//! | [`parse_into_file`] | `--set-file` | the value is a path; the reader's result is stored |
//! | [`parse_json`] | `--set-json key=<json>` | one JSON value (Go's `json.Decoder`), an empty value is `null` |
//! | [`parse_literal_into`] | `--set-literal` | everything after the first `=`, verbatim |
//!
//! Helm's parser mutates the destination map as it goes, so a failed line leaves what it had
//! set (the `*_into` functions here do the same: the map is the partial result). Errors are
//! Helm's texts, including the recovered Go panics (`unable to parse key: interface
//! conversion: interface {} is int64, not map[string]interface {}`). Limits: list indices up
//! to [`MAX_INDEX`], names nested up to [`MAX_NESTED_NAME_LEVEL`] levels.
//!
//! ```
//! use rudder_value::{Map, Value};
//! let vals = rudder_chart::strvals::parse("a.b[1]=5,c={x,true}").unwrap();
//! let a = vals.get("a").unwrap();
//! let b = a.as_map().unwrap().get("b").unwrap();
//! assert!(b.as_list().unwrap().get(0).unwrap().is_nil());
//! assert_eq!(format!("{:?}", b.as_list().unwrap().get(1).unwrap()), "int64(5)");
//! ```

mod json_scan;
mod literal;
mod parser;
mod scanner;

use std::fmt;

use rudder_value::{Map, Value};

use parser::{Mode, Parser};

/// `strvals.MaxIndex`: the largest list index a set line may use.
pub const MAX_INDEX: i64 = 65_536;

/// `strvals.MaxNestedNameLevel`: how many `.`-separated levels a name may have beyond the first.
pub const MAX_NESTED_NAME_LEVEL: usize = 30;

/// The error a value reader (`--set-file`) returns; its text is shown as is.
pub type ReaderError = Box<dyn std::error::Error + Send + Sync>;

/// A `--set` line that does not parse. `Display` is Helm's text (without the
/// `failed parsing --set data: ` prefix `values::Options` adds).
#[derive(Debug)]
pub struct Error {
    message: String,
    source: Option<ReaderError>,
}

impl Error {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    fn reader(source: ReaderError) -> Self {
        Self {
            message: source.to_string(),
            source: Some(source),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// `strvals.Parse`: a fresh map from a `--set` line.
///
/// # Errors
/// Helm's parse errors, e.g. `key "a" has no value`.
pub fn parse(line: &str) -> Result<Map, Error> {
    let vals = Map::new();
    parse_into(line, &vals)?;
    Ok(vals)
}

/// `strvals.ParseString`: as [`parse`], every value a string (`--set-string`).
///
/// # Errors
/// As [`parse`].
pub fn parse_string(line: &str) -> Result<Map, Error> {
    let vals = Map::new();
    parse_into_string(line, &vals)?;
    Ok(vals)
}

/// `strvals.ParseLiteral`: a fresh map from a `--set-literal` line.
///
/// # Errors
/// As [`parse_literal_into`].
pub fn parse_literal(line: &str) -> Result<Map, Error> {
    let vals = Map::new();
    parse_literal_into(line, &vals)?;
    Ok(vals)
}

/// `strvals.ParseFile`: a fresh map from a `--set-file` line; `reader` turns each value (a
/// path) into the value to store.
///
/// # Errors
/// As [`parse`], and the reader's error (the key is then set to nil).
pub fn parse_file(
    line: &str,
    reader: &mut dyn FnMut(&str) -> Result<Value, ReaderError>,
) -> Result<Map, Error> {
    let vals = Map::new();
    parse_into_file(line, &vals, reader)?;
    Ok(vals)
}

/// `strvals.ParseInto`: `--set`, merged into `dest` (later keys replace earlier values).
///
/// # Errors
/// As [`parse`]; `dest` keeps what was set before the error.
pub fn parse_into(line: &str, dest: &Map) -> Result<(), Error> {
    Parser::new(line, Mode::Typed).run(dest)
}

/// `strvals.ParseIntoString`: `--set-string`, merged into `dest`.
///
/// # Errors
/// As [`parse_into`].
pub fn parse_into_string(line: &str, dest: &Map) -> Result<(), Error> {
    Parser::new(line, Mode::String).run(dest)
}

/// `strvals.ParseIntoFile`: `--set-file`, merged into `dest`.
///
/// # Errors
/// As [`parse_file`].
pub fn parse_into_file(
    line: &str,
    dest: &Map,
    reader: &mut dyn FnMut(&str) -> Result<Value, ReaderError>,
) -> Result<(), Error> {
    Parser::new(line, Mode::File(reader)).run(dest)
}

/// `strvals.ParseJSON`: `--set-json key=<json>[,key=<json>]`, merged into `dest`.
///
/// # Errors
/// As [`parse_into`], plus Go's JSON errors (`invalid character 'x' looking for beginning
/// of value`, `unexpected EOF`).
pub fn parse_json(line: &str, dest: &Map) -> Result<(), Error> {
    Parser::new(line, Mode::Json).run(dest)
}

/// `strvals.ParseLiteralInto`: `--set-literal`, merged into `dest`.
///
/// # Errors
/// Key errors as in [`parse_into`] (the value itself cannot fail).
pub fn parse_literal_into(line: &str, dest: &Map) -> Result<(), Error> {
    literal::run(line, dest)
}

/// `strvals.ToYAML`: a `--set` line as the YAML `sigs.k8s.io/yaml` writes, without the final
/// newline.
///
/// # Errors
/// As [`parse`], or the YAML encoder's.
pub fn to_yaml(line: &str) -> Result<String, Error> {
    let vals = parse(line)?;
    let mut out =
        rudder_yaml::sigs::marshal(&Value::Map(vals)).map_err(|e| Error::new(e.to_string()))?;
    if out.ends_with('\n') {
        out.pop();
    }
    Ok(out)
}

/// Where the first JSON value of `data` ends (Go's `json.Decoder`): `Err(Some(at))` for a
/// syntax error at byte `at`, `Err(None)` when the text ends inside the value.
pub(crate) fn json_value_end(data: &[u8]) -> Result<usize, Option<usize>> {
    json_scan::value_end(data).map_err(|e| match e {
        json_scan::ScanError::Syntax(at) => Some(at),
        json_scan::ScanError::UnexpectedEof => None,
    })
}

/// Go's `strings.EqualFold` against an ASCII word: simple Unicode case folding, so `ſ`
/// (U+017F) matches `s` and `K` (U+212A) matches `k`.
fn equal_fold_ascii(s: &str, word: &str) -> bool {
    let mut chars = s.chars();
    for w in word.chars() {
        let Some(c) = chars.next() else {
            return false;
        };
        let folds = c.to_ascii_lowercase() == w
            || (w == 's' && c == '\u{17F}')
            || (w == 'k' && c == '\u{212A}');
        if !folds {
            return false;
        }
    }
    chars.next().is_none()
}

/// `typedVal`: how `--set` types a value.
fn typed_value(s: &str) -> Value {
    if equal_fold_ascii(s, "true") {
        return Value::Bool(true);
    }
    if equal_fold_ascii(s, "false") {
        return Value::Bool(false);
    }
    if equal_fold_ascii(s, "null") {
        return Value::Nil;
    }
    if s == "0" {
        return Value::int64(0);
    }
    if !s.is_empty()
        && !s.starts_with('0')
        && let Ok(i) = rudder_value::strconv::parse_int(s, 10, 64)
    {
        return Value::int64(i);
    }
    Value::string(s)
}

#[cfg(test)]
mod tests;
