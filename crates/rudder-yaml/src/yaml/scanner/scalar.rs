//! Scalars: block (`|`, `>`), quoted (`'`, `"`) and plain.

use rudder_value::Str;

use super::{ScanResult, Scanner};
use crate::yaml::token::{Mark, ScalarStyle, Token, TokenKind};

/// Joins the line breaks of a folded line: a single LF becomes a space, more breaks stay.
fn fold_breaks(s: &mut Vec<u8>, leading_break: &[u8], trailing_breaks: &[u8]) {
    if leading_break.first() == Some(&b'\n') {
        if trailing_breaks.is_empty() {
            s.push(b' ');
        } else {
            s.extend_from_slice(trailing_breaks);
        }
    } else {
        s.extend_from_slice(leading_break);
        s.extend_from_slice(trailing_breaks);
    }
}

/// The scanned bytes as a string. They are copies of whole decoded characters and escapes
/// that were checked to be Unicode scalar values, so this never replaces anything.
fn into_string(s: &[u8]) -> Str {
    match std::str::from_utf8(s) {
        Ok(text) => Str::from(text),
        Err(_) => Str::from(String::from_utf8_lossy(s)),
    }
}

impl Scanner {
    pub(super) fn scan_block_scalar(&mut self, literal: bool) -> ScanResult<Token> {
        const CONTEXT: &str = "while scanning a block scalar";
        let start = self.mark;
        self.skip();
        self.cache(1)?;

        // Chomping (+/-) and indentation (1-9) indicators, in either order.
        let mut chomping = 0i8;
        let mut increment = 0usize;
        if matches!(self.ch(), b'+' | b'-') {
            chomping = if self.ch() == b'+' { 1 } else { -1 };
            self.skip();
            self.cache(1)?;
            if self.ch().is_ascii_digit() {
                if self.ch() == b'0' {
                    return Err(self.error(
                        CONTEXT,
                        start,
                        "found an indentation indicator equal to 0",
                    ));
                }
                increment = usize::from(self.ch() - b'0');
                self.skip();
            }
        } else if self.ch().is_ascii_digit() {
            if self.ch() == b'0' {
                return Err(self.error(
                    CONTEXT,
                    start,
                    "found an indentation indicator equal to 0",
                ));
            }
            increment = usize::from(self.ch() - b'0');
            self.skip();
            self.cache(1)?;
            if matches!(self.ch(), b'+' | b'-') {
                chomping = if self.ch() == b'+' { 1 } else { -1 };
                self.skip();
            }
        }

        // The rest of the header line: blanks and a comment.
        self.cache(1)?;
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        if self.ch() == b'#' {
            if self.keep_comments {
                self.scan_line_comment(start)?;
            }
            while !self.is_breakz(0) {
                self.skip();
                self.cache(1)?;
            }
        }
        if !self.is_breakz(0) {
            return Err(self.error(
                CONTEXT,
                start,
                "did not find expected comment or line break",
            ));
        }
        if self.is_break(0) {
            self.cache(2)?;
            self.skip_line();
        }
        let mut end = self.mark;

        let mut indent = 0usize;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent as usize + increment
            } else {
                increment
            };
        }

        let mut s = Vec::new();
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;

        self.cache(1)?;
        let mut leading_blank = false;
        while self.mark.column == indent && self.ch() != 0 {
            // At the beginning of a non-empty line.
            let trailing_blank = self.is_blank(0);
            if !literal
                && !leading_blank
                && !trailing_blank
                && leading_break.first() == Some(&b'\n')
            {
                if trailing_breaks.is_empty() {
                    s.push(b' ');
                }
            } else {
                s.extend_from_slice(&leading_break);
            }
            leading_break.clear();
            s.extend_from_slice(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = self.is_blank(0);

            while !self.is_breakz(0) {
                let run = self.line_run(1);
                if run > 1 {
                    s.extend_from_slice(&self.input.buf[self.pos..self.pos + run - 1]);
                    self.skip_ascii(run - 1);
                }
                self.read(&mut s);
                self.cache(1)?;
            }
            self.cache(2)?;
            self.read_line(&mut leading_break);
            self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }

        if chomping != -1 {
            s.extend_from_slice(&leading_break);
        }
        if chomping == 1 {
            s.extend_from_slice(&trailing_breaks);
        }
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: into_string(&s),
                style,
            },
            start,
            end,
        })
    }

    /// Eats indentation and empty lines of a block scalar, working out its indentation from
    /// the first non-empty line when it was not given.
    fn scan_block_scalar_breaks(
        &mut self,
        indent: &mut usize,
        breaks: &mut Vec<u8>,
        start: Mark,
        end: &mut Mark,
    ) -> ScanResult<()> {
        *end = self.mark;
        let mut max_indent = 0;
        loop {
            self.cache(1)?;
            while (*indent == 0 || self.mark.column < *indent) && self.ch() == b' ' {
                self.skip();
                self.cache(1)?;
            }
            max_indent = max_indent.max(self.mark.column);
            if (*indent == 0 || self.mark.column < *indent) && self.ch() == b'\t' {
                return Err(self.error(
                    "while scanning a block scalar",
                    start,
                    "found a tab character where an indentation space is expected",
                ));
            }
            if !self.is_break(0) {
                break;
            }
            self.cache(2)?;
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            let min = (self.indent + 1).max(1) as usize;
            *indent = max_indent.max(min);
        }
        Ok(())
    }

    pub(super) fn scan_flow_scalar(&mut self, single: bool) -> ScanResult<Token> {
        let start = self.mark;
        self.skip();

        let mut s = Vec::new();
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        let mut whitespaces = Vec::new();
        loop {
            self.cache(4)?;
            if self.mark.column == 0 && self.is_document_indicator() {
                return Err(self.error(
                    "while scanning a quoted scalar",
                    start,
                    "found unexpected document indicator",
                ));
            }
            if self.ch() == 0 {
                return Err(self.error(
                    "while scanning a quoted scalar",
                    start,
                    "found unexpected end of stream",
                ));
            }

            // Non-blank characters.
            let mut leading_blanks = false;
            while !self.is_blankz(0) {
                let c = self.ch();
                if single && c == b'\'' && self.at(1) == b'\'' {
                    // An escaped single quote.
                    s.push(b'\'');
                    self.skip();
                    self.skip();
                } else if (single && c == b'\'') || (!single && c == b'"') {
                    break;
                } else if !single && c == b'\\' && self.is_break(1) {
                    // An escaped line break.
                    self.cache(3)?;
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    self.scan_escape(&mut s, start)?;
                } else {
                    self.read(&mut s);
                    self.cache(2)?;
                    // The ordinary characters that follow, in one go.
                    let quote = if single { b'\'' } else { b'"' };
                    let run = self.ascii_run(2, |b| {
                        !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0 | b'\\') && b != quote
                    });
                    if run > 0 {
                        s.extend_from_slice(&self.input.buf[self.pos..self.pos + run]);
                        self.skip_ascii(run);
                    }
                    continue;
                }
                self.cache(2)?;
            }

            self.cache(1)?;
            let c = self.ch();
            if (single && c == b'\'') || (!single && c == b'"') {
                break;
            }

            // Blanks and line breaks.
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else {
                    self.cache(2)?;
                    if leading_blanks {
                        self.read_line(&mut trailing_breaks);
                    } else {
                        whitespaces.clear();
                        self.read_line(&mut leading_break);
                        leading_blanks = true;
                    }
                }
                self.cache(1)?;
            }

            if leading_blanks {
                fold_breaks(&mut s, &leading_break, &trailing_breaks);
                trailing_breaks.clear();
                leading_break.clear();
            } else {
                s.append(&mut whitespaces);
            }
        }
        self.skip();
        let style = if single {
            ScalarStyle::SingleQuoted
        } else {
            ScalarStyle::DoubleQuoted
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: into_string(&s),
                style,
            },
            start,
            end: self.mark,
        })
    }

    /// A backslash escape in a double-quoted scalar.
    fn scan_escape(&mut self, s: &mut Vec<u8>, start: Mark) -> ScanResult<()> {
        const CONTEXT: &str = "while parsing a quoted scalar";
        let mut code_length = 0;
        match self.at(1) {
            b'0' => s.push(0),
            b'a' => s.push(0x07),
            b'b' => s.push(0x08),
            b't' | b'\t' => s.push(0x09),
            b'n' => s.push(0x0A),
            b'v' => s.push(0x0B),
            b'f' => s.push(0x0C),
            b'r' => s.push(0x0D),
            b'e' => s.push(0x1B),
            b' ' => s.push(b' '),
            b'"' => s.push(b'"'),
            b'\'' => s.push(b'\''),
            b'\\' => s.push(b'\\'),
            b'N' => s.extend_from_slice("\u{85}".as_bytes()),
            b'_' => s.extend_from_slice("\u{A0}".as_bytes()),
            b'L' => s.extend_from_slice("\u{2028}".as_bytes()),
            b'P' => s.extend_from_slice("\u{2029}".as_bytes()),
            b'x' => code_length = 2,
            b'u' => code_length = 4,
            b'U' => code_length = 8,
            _ => {
                return Err(self.error(CONTEXT, start, "found unknown escape character"));
            }
        }
        self.skip();
        self.skip();
        if code_length > 0 {
            self.cache(code_length)?;
            let mut value = 0u32;
            for k in 0..code_length {
                let digit = match self.at(k) {
                    b @ b'0'..=b'9' => b - b'0',
                    b @ b'a'..=b'f' => b - b'a' + 10,
                    b @ b'A'..=b'F' => b - b'A' + 10,
                    _ => {
                        return Err(self.error(
                            CONTEXT,
                            start,
                            "did not find expected hexdecimal number",
                        ));
                    }
                };
                value = (value << 4) + u32::from(digit);
            }
            let Some(c) = char::from_u32(value) else {
                return Err(self.error(
                    CONTEXT,
                    start,
                    "found invalid Unicode character escape code",
                ));
            };
            let mut tmp = [0; 4];
            s.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            for _ in 0..code_length {
                self.skip();
            }
        }
        Ok(())
    }

    pub(super) fn scan_plain_scalar(&mut self) -> ScanResult<Token> {
        let mut s = Vec::new();
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        let mut whitespaces = Vec::new();
        let mut leading_blanks = false;
        let indent = self.indent + 1;
        let start = self.mark;
        let mut end = self.mark;
        // While nothing has been folded or joined, the value is a slice of the input.
        let start_pos = self.pos;
        let mut end_pos = self.pos;
        let mut joined = false;

        loop {
            self.cache(4)?;
            if self.mark.column == 0 && self.is_document_indicator() {
                break;
            }
            if self.ch() == b'#' {
                break;
            }
            while !self.is_blankz(0) {
                let c = self.ch();
                // Indicators that end a plain scalar.
                if (c == b':' && self.is_blankz(1))
                    || (self.flow_level > 0 && matches!(c, b',' | b'?' | b'[' | b']' | b'{' | b'}'))
                {
                    break;
                }
                if leading_blanks || !whitespaces.is_empty() {
                    if !joined {
                        s.extend_from_slice(&self.input.buf[start_pos..end_pos]);
                        joined = true;
                    }
                    if leading_blanks {
                        fold_breaks(&mut s, &leading_break, &trailing_breaks);
                        trailing_breaks.clear();
                        leading_break.clear();
                        leading_blanks = false;
                    } else {
                        s.append(&mut whitespaces);
                    }
                }
                if joined {
                    self.read(&mut s);
                } else {
                    self.skip();
                    end_pos = self.pos;
                }
                end = self.mark;
                self.cache(2)?;
                // The ordinary characters that follow, in one go.
                let flow = self.flow_level > 0;
                let run = self.ascii_run(2, |b| {
                    let flow_indicator = matches!(b, b',' | b'?' | b'[' | b']' | b'{' | b'}');
                    let ends = matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0 | b':');
                    !ends && (!flow || !flow_indicator)
                });
                if run > 0 {
                    if joined {
                        s.extend_from_slice(&self.input.buf[self.pos..self.pos + run]);
                    }
                    self.skip_ascii(run);
                    end = self.mark;
                    if !joined {
                        end_pos = self.pos;
                    }
                }
            }

            if !(self.is_blank(0) || self.is_break(0)) {
                break;
            }
            self.cache(1)?;
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if leading_blanks && (self.mark.column as isize) < indent && self.ch() == b'\t'
                    {
                        return Err(self.error(
                            "while scanning a plain scalar",
                            start,
                            "found a tab character that violates indentation",
                        ));
                    }
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else {
                    self.cache(2)?;
                    if leading_blanks {
                        self.read_line(&mut trailing_breaks);
                    } else {
                        whitespaces.clear();
                        self.read_line(&mut leading_break);
                        leading_blanks = true;
                    }
                }
                self.cache(1)?;
            }
            if self.flow_level == 0 && (self.mark.column as isize) < indent {
                break;
            }
        }

        if leading_blanks {
            self.simple_key_allowed = true;
        }
        let value = if joined {
            into_string(&s)
        } else {
            into_string(&self.input.buf[start_pos..end_pos])
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value,
                style: ScalarStyle::Plain,
            },
            start,
            end,
        })
    }
}
