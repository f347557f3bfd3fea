//! The low-level formatter behind `fmt`'s verbs: flags, width, precision, padding, and the
//! integer, float, string, character and Unicode renderings (Go's `fmt/format.go`).

use crate::strconv::{
    append_float, append_quote, append_quote_rune, append_quote_rune_to_ascii,
    append_quote_to_ascii, can_backquote,
};
use crate::unicode::{is_print, utf8_decode};

pub(super) const LDIGITS: &[u8; 17] = b"0123456789abcdefx";
pub(super) const UDIGITS: &[u8; 17] = b"0123456789ABCDEFX";

/// The flags of one verb.
#[expect(
    clippy::struct_excessive_bools,
    reason = "Go's fmtFlags, one bool per flag"
)]
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Flags {
    pub(super) wid_present: bool,
    pub(super) prec_present: bool,
    pub(super) minus: bool,
    pub(super) plus: bool,
    pub(super) sharp: bool,
    pub(super) space: bool,
    pub(super) zero: bool,
    /// `%+v`: the plus flag moved here so that `+` does not also mean "always sign".
    pub(super) plus_v: bool,
    /// `%#v`: Go syntax.
    pub(super) sharp_v: bool,
    pub(super) wid: i64,
    pub(super) prec: i64,
}

/// Go's `utf8.RuneCount`: invalid bytes count one each.
pub(super) fn rune_count(b: &[u8]) -> i64 {
    let mut n = 0;
    let mut rest = b;
    while !rest.is_empty() {
        let w = utf8_decode(rest).map_or(1, |(_, w)| w);
        rest = &rest[w..];
        n += 1;
    }
    n
}

/// The formatter: flags plus the output buffer.
pub(super) struct Fmt<'a> {
    pub(super) buf: &'a mut Vec<u8>,
    pub(super) f: Flags,
}

impl Fmt<'_> {
    pub(super) fn clear_flags(&mut self) {
        self.f = Flags::default();
    }

    pub(super) fn write_padding(&mut self, n: i64) {
        if n <= 0 {
            return;
        }
        let pad = if self.f.zero && !self.f.minus {
            b'0'
        } else {
            b' '
        };
        self.buf
            .extend(std::iter::repeat_n(pad, usize::try_from(n).unwrap_or(0)));
    }

    /// Appends `b` padded to the width, on the left unless `-`.
    pub(super) fn pad(&mut self, b: &[u8]) {
        if !self.f.wid_present || self.f.wid == 0 {
            self.buf.extend_from_slice(b);
            return;
        }
        let width = self.f.wid - rune_count(b);
        if self.f.minus {
            self.buf.extend_from_slice(b);
            self.write_padding(width);
        } else {
            self.write_padding(width);
            self.buf.extend_from_slice(b);
        }
    }

    pub(super) fn pad_str(&mut self, s: &str) {
        if !self.f.wid_present || self.f.wid == 0 {
            self.buf.extend_from_slice(s.as_bytes());
            return;
        }
        let width = self.f.wid - s.chars().count() as i64;
        if self.f.minus {
            self.buf.extend_from_slice(s.as_bytes());
            self.write_padding(width);
        } else {
            self.write_padding(width);
            self.buf.extend_from_slice(s.as_bytes());
        }
    }

    fn pad_without_zero(&mut self, b: &[u8]) {
        let old = self.f.zero;
        self.f.zero = false;
        self.pad(b);
        self.f.zero = old;
    }

    pub(super) fn fmt_boolean(&mut self, v: bool) {
        self.pad_str(if v { "true" } else { "false" });
    }

    /// `%U`: `U+0078`, or `U+0078 'x'` with `#`.
    pub(super) fn fmt_unicode(&mut self, u: u64) {
        let mut prec: i64 = 4;
        if self.f.prec_present && self.f.prec > 4 {
            prec = self.f.prec;
        }
        let mut hex = Vec::new();
        let mut v = u;
        loop {
            hex.push(UDIGITS[(v & 0xF) as usize]);
            v >>= 4;
            if v == 0 {
                break;
            }
        }
        while (hex.len() as i64) < prec {
            hex.push(b'0');
        }
        hex.reverse();
        let mut out = b"U+".to_vec();
        out.extend_from_slice(&hex);
        if self.f.sharp
            && let Some(c) = u32::try_from(u).ok().and_then(char::from_u32)
            && is_print(c)
        {
            out.extend_from_slice(b" '");
            let mut b = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            out.push(b'\'');
        }
        self.pad_without_zero(&out);
    }

    /// Integers in base 2, 8, 10 or 16.
    pub(super) fn fmt_integer(
        &mut self,
        u: u64,
        base: u32,
        signed: bool,
        verb: char,
        digits: &[u8; 17],
    ) {
        let negative = signed && (u as i64) < 0;
        let mut u = if negative {
            (u as i64).unsigned_abs()
        } else {
            u
        };
        let mut prec: i64 = 0;
        if self.f.prec_present {
            prec = self.f.prec;
            if prec == 0 && u == 0 {
                let old = self.f.zero;
                self.f.zero = false;
                self.write_padding(self.f.wid);
                self.f.zero = old;
                return;
            }
        } else if self.f.zero && !self.f.minus && self.f.wid_present {
            prec = self.f.wid;
            if negative || self.f.plus || self.f.space {
                prec -= 1;
            }
        }
        // Digits in reverse.
        let mut rev: Vec<u8> = Vec::with_capacity(24);
        let base = u64::from(base);
        while u >= base {
            rev.push(digits[(u % base) as usize]);
            u /= base;
        }
        rev.push(digits[u as usize]);
        while (rev.len() as i64) < prec {
            rev.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => rev.extend_from_slice(b"b0"),
                8 if rev.last() != Some(&b'0') => rev.push(b'0'),
                16 => {
                    rev.push(digits[16]);
                    rev.push(b'0');
                }
                _ => {}
            }
        }
        if verb == 'O' {
            rev.extend_from_slice(b"o0");
        }
        if negative {
            rev.push(b'-');
        } else if self.f.plus {
            rev.push(b'+');
        } else if self.f.space {
            rev.push(b' ');
        }
        rev.reverse();
        self.pad_without_zero(&rev);
    }

    fn truncate<'s>(&self, s: &'s [u8]) -> &'s [u8] {
        if self.f.prec_present {
            let mut n = self.f.prec;
            let mut i = 0;
            while i < s.len() {
                n -= 1;
                if n < 0 {
                    return &s[..i];
                }
                i += utf8_decode(&s[i..]).map_or(1, |(_, w)| w);
            }
        }
        s
    }

    /// `%s` of a string or byte slice.
    pub(super) fn fmt_s(&mut self, s: &[u8]) {
        let s = self.truncate(s);
        self.pad(s);
    }

    /// `%x`/`%X` of a string or byte slice.
    pub(super) fn fmt_sbx(&mut self, s: &[u8], digits: &[u8; 17]) {
        let mut length = s.len() as i64;
        if self.f.prec_present && self.f.prec < length {
            length = self.f.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if self.f.space {
                if self.f.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.f.sharp {
                width += 2;
            }
        } else {
            if self.f.wid_present {
                self.write_padding(self.f.wid);
            }
            return;
        }
        if self.f.wid_present && self.f.wid > width && !self.f.minus {
            self.write_padding(self.f.wid - width);
        }
        if self.f.sharp {
            self.buf.push(b'0');
            self.buf.push(digits[16]);
        }
        for (i, &c) in s.iter().take(length as usize).enumerate() {
            if self.f.space && i > 0 {
                self.buf.push(b' ');
                if self.f.sharp {
                    self.buf.push(b'0');
                    self.buf.push(digits[16]);
                }
            }
            self.buf.push(digits[usize::from(c >> 4)]);
            self.buf.push(digits[usize::from(c & 0xF)]);
        }
        if self.f.wid_present && self.f.wid > width && self.f.minus {
            self.write_padding(self.f.wid - width);
        }
    }

    /// `%q` of a string: a Go literal, or a raw one with `#` when possible.
    pub(super) fn fmt_q(&mut self, s: &[u8]) {
        let s = self.truncate(s);
        if self.f.sharp && can_backquote(s) {
            let mut out = Vec::with_capacity(s.len() + 2);
            out.push(b'`');
            out.extend_from_slice(s);
            out.push(b'`');
            self.pad(&out);
            return;
        }
        let mut out = Vec::with_capacity(s.len() + 2);
        if self.f.plus {
            append_quote_to_ascii(&mut out, s);
        } else {
            append_quote(&mut out, s);
        }
        self.pad(&out);
    }

    /// `%c`.
    pub(super) fn fmt_c(&mut self, c: u64) {
        let ch = u32::try_from(c)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}');
        let mut b = [0u8; 4];
        let s = ch.encode_utf8(&mut b);
        self.pad(s.as_bytes());
    }

    /// `%q` of an integer: a Go character literal.
    pub(super) fn fmt_qc(&mut self, c: u64) {
        let r = i64::try_from(c).unwrap_or(-1);
        let r = if c > 0x0010_FFFF { 0xFFFD } else { r };
        let mut out = Vec::new();
        if self.f.plus {
            append_quote_rune_to_ascii(&mut out, r);
        } else {
            append_quote_rune(&mut out, r);
        }
        self.pad(&out);
    }

    /// Floats with `strconv` formats; `prec` is the verb's default precision.
    pub(super) fn fmt_float(&mut self, v: f64, size: u32, verb: u8, prec: i64) {
        let prec = if self.f.prec_present {
            self.f.prec
        } else {
            prec
        };
        let mut num: Vec<u8> = Vec::with_capacity(32);
        num.push(b'+');
        append_float(
            &mut num,
            v,
            verb,
            i32::try_from(prec).unwrap_or(i32::MAX),
            size,
        );
        if num[1] == b'-' || num[1] == b'+' {
            num.remove(0);
        }
        if self.f.space && num[0] == b'+' && !self.f.plus {
            num[0] = b' ';
        }
        if num[1] == b'I' || num[1] == b'N' {
            if num[1] == b'N' && !self.f.space && !self.f.plus {
                num.remove(0);
            }
            self.pad_without_zero(&num);
            return;
        }
        if self.f.sharp && verb != b'b' {
            let mut digits: i64 = match verb {
                b'v' | b'g' | b'G' | b'x' => {
                    if prec == -1 {
                        6
                    } else {
                        prec
                    }
                }
                _ => 0,
            };
            let mut tail: Vec<u8> = Vec::new();
            let mut has_decimal_point = false;
            let mut saw_nonzero = false;
            let mut i = 1;
            while i < num.len() {
                match num[i] {
                    b'.' => has_decimal_point = true,
                    b'p' | b'P' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                        break;
                    }
                    b'e' | b'E' if verb != b'x' && verb != b'X' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                        break;
                    }
                    c => {
                        if c != b'0' {
                            saw_nonzero = true;
                        }
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            if !has_decimal_point {
                if num.len() == 2 && num[1] == b'0' {
                    digits -= 1;
                }
                num.push(b'.');
            }
            while digits > 0 {
                num.push(b'0');
                digits -= 1;
            }
            num.extend_from_slice(&tail);
        }
        if self.f.plus || num[0] != b'+' {
            if self.f.zero && !self.f.minus && self.f.wid_present && self.f.wid > num.len() as i64 {
                self.buf.push(num[0]);
                self.write_padding(self.f.wid - num.len() as i64);
                self.buf.extend_from_slice(&num[1..]);
                return;
            }
            self.pad(&num);
            return;
        }
        self.pad(&num[1..]);
    }
}
