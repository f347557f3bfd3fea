//! Go's `strconv`: the number and string conversions the template language and `fmt` are
//! defined by.
//!
//! * [`format_float`]: `strconv.FormatFloat` with every format (`b e E f g G x X`), explicit or
//!   shortest (`-1`) precision, for `float64` and `float32`.
//! * [`quote`], [`quote_to_ascii`], [`quote_rune`], [`can_backquote`]: `%q`, error texts and the
//!   parse tree's re-serialisation.
//! * [`unquote`], [`unquote_char`]: string and character literals of the template language.
//! * [`parse_int`], [`parse_uint`], [`parse_float`]: number literals, with Go's syntax (base
//!   prefixes, `_` separators, hexadecimal floats) and its errors.

mod atof;
mod atoi;
mod bigdec;
mod ftoa;
mod quote;

use std::fmt;

pub use atof::parse_float;
pub use atoi::{parse_int, parse_uint};
pub use ftoa::{append_float, format_float};
pub use quote::{
    Unquoted, append_quote, append_quote_rune, append_quote_rune_to_ascii, append_quote_to_ascii,
    can_backquote, quote, quote_rune, quote_to_ascii, unquote, unquote_char,
};

/// Why a conversion failed: Go's `strconv.ErrSyntax` or `strconv.ErrRange`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumErrorKind {
    /// `invalid syntax`
    Syntax,
    /// `value out of range`
    Range,
}

/// Go's `*strconv.NumError`: `strconv.ParseInt: parsing "x": invalid syntax`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumError {
    /// The function that failed (`ParseInt`, `ParseUint`, `ParseFloat`).
    pub func: &'static str,
    /// The input.
    pub num: String,
    /// What went wrong.
    pub kind: NumErrorKind,
}

impl NumError {
    pub(crate) fn new(func: &'static str, num: &str, kind: NumErrorKind) -> Self {
        Self {
            func,
            num: num.to_owned(),
            kind,
        }
    }
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.kind {
            NumErrorKind::Syntax => "invalid syntax",
            NumErrorKind::Range => "value out of range",
        };
        f.write_str("strconv.")?;
        f.write_str(self.func)?;
        f.write_str(": parsing ")?;
        f.write_str(&quote(&self.num))?;
        f.write_str(": ")?;
        f.write_str(why)
    }
}

impl std::error::Error for NumError {}

/// `strconv.ErrSyntax` as a plain error (what `strconv.Unquote` returns): `invalid syntax`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError;

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid syntax")
    }
}

impl std::error::Error for SyntaxError {}

/// Go's `underscoreOK`: underscores in a number literal may only separate digits (or follow a
/// base prefix).
pub(crate) fn underscore_ok(s: &[u8]) -> bool {
    // What the previous character was: b'^' start, b'0' digit or prefix, b'_', b'!' other.
    let mut saw = b'^';
    let mut s = s;
    if let [b'-' | b'+', rest @ ..] = s {
        s = rest;
    }
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1] | 0x20 == b'x';
    }
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&(c | 0x20))) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}
