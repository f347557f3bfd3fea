//! The emitter's writers: indicators, indentation and the five scalar styles, with go-yaml's
//! column bookkeeping (which decides where long lines fold).

use super::Emitter;
use super::analyze::{
    is_blank, is_blankz, is_break, is_printable, is_space, starts_with_bom, width,
};

impl Emitter {
    /// Writes one ASCII byte.
    fn put(&mut self, b: u8) {
        self.out.push(b);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push(b'\n');
        self.column = 0;
        if self.v3() {
            self.indention = true;
        }
    }

    pub(super) fn put_pub(&mut self, b: u8) {
        self.put(b);
    }

    pub(super) fn put_break_pub(&mut self) {
        self.put_break();
    }

    pub(super) fn write_pub(&mut self, v: &[u8], i: &mut usize) {
        self.write(v, i);
    }

    pub(super) fn write_break_pub(&mut self, v: &[u8], i: &mut usize) {
        self.write_break(v, i);
    }

    /// Copies the character at `v[*i]` and advances past it.
    fn write(&mut self, v: &[u8], i: &mut usize) {
        let w = width(v[*i]).min(v.len() - *i);
        self.out.extend_from_slice(&v[*i..*i + w]);
        self.column += 1;
        *i += w;
    }

    fn write_all(&mut self, v: &[u8]) {
        let mut i = 0;
        while i < v.len() {
            self.write(v, &mut i);
        }
    }

    /// Writes the line break at `v[*i]` (LF as the configured break, others as they are).
    fn write_break(&mut self, v: &[u8], i: &mut usize) {
        if v[*i] == b'\n' {
            self.put_break();
            *i += 1;
        } else {
            self.write(v, i);
            self.column = 0;
            if self.v3() {
                self.indention = true;
            }
        }
    }

    pub(super) fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        if self.v3() && self.foot_indent == indent {
            self.put_break();
        }
        while self.column < indent {
            self.put(b' ');
        }
        self.whitespace = true;
        if self.v3() {
            self.foot_indent = -1;
        } else {
            self.indention = true;
        }
    }

    pub(super) fn write_indicator(
        &mut self,
        indicator: &[u8],
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(b' ');
        }
        self.write_all(indicator);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    pub(super) fn write_anchor(&mut self, value: &[u8]) {
        self.write_all(value);
        self.whitespace = false;
        self.indention = false;
    }

    pub(super) fn write_tag_handle(&mut self, value: &[u8]) {
        if !self.whitespace {
            self.put(b' ');
        }
        self.write_all(value);
        self.whitespace = false;
        self.indention = false;
    }

    pub(super) fn write_tag_content(&mut self, value: &[u8], need_whitespace: bool) {
        if need_whitespace && !self.whitespace {
            self.put(b' ');
        }
        let mut i = 0;
        while i < value.len() {
            let c = value[i];
            let plain = c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    b'-' | b';'
                        | b'/'
                        | b'?'
                        | b':'
                        | b'@'
                        | b'&'
                        | b'='
                        | b'+'
                        | b'$'
                        | b','
                        | b'_'
                        | b'.'
                        | b'~'
                        | b'*'
                        | b'\''
                        | b'('
                        | b')'
                        | b'['
                        | b']'
                );
            if plain {
                self.write(value, &mut i);
            } else {
                let w = width(c).min(value.len() - i);
                for &octet in &value[i..i + w] {
                    self.put(b'%');
                    self.put(hex_digit(octet >> 4));
                    self.put(hex_digit(octet & 0x0F));
                }
                i += w;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    pub(super) fn write_plain_scalar(&mut self, v: &[u8], allow_breaks: bool) {
        let v3 = self.v3();
        if (!v3 || !v.is_empty()) && !self.whitespace {
            self.put(b' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < v.len() {
            if is_space(v, i) {
                if allow_breaks && !spaces && self.column > self.best_width && !is_space(v, i + 1) {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(v, &mut i);
                }
                spaces = true;
            } else if is_break(v, i) {
                if !breaks && v[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(v, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(v, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if !v3 || !v.is_empty() {
            self.whitespace = false;
        }
        self.indention = false;
        if self.root_context {
            self.open_ended = true;
        }
    }

    pub(super) fn write_single_quoted_scalar(&mut self, v: &[u8], allow_breaks: bool) {
        self.write_indicator(b"'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < v.len() {
            if is_space(v, i) {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && i > 0
                    && i < v.len() - 1
                    && !is_space(v, i + 1)
                {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(v, &mut i);
                }
                spaces = true;
            } else if is_break(v, i) {
                if !breaks && v[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(v, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if v[i] == b'\'' {
                    self.put(b'\'');
                }
                self.write(v, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator(b"'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    pub(super) fn write_double_quoted_scalar(&mut self, v: &[u8], allow_breaks: bool) {
        let mut spaces = false;
        self.write_indicator(b"\"", true, false, false);
        // go-yaml's `is_bom` looks at the start of the value: a value that starts with a BOM
        // has every one of its characters escaped.
        let bom = starts_with_bom(v);
        let mut i = 0;
        while i < v.len() {
            if !is_printable(v, i) || bom || is_break(v, i) || v[i] == b'"' || v[i] == b'\\' {
                let w = width(v[i]).min(v.len() - i);
                let c = std::str::from_utf8(&v[i..i + w])
                    .ok()
                    .and_then(|s| s.chars().next())
                    .map_or(u32::from(v[i]), u32::from);
                i += w;
                self.put(b'\\');
                match c {
                    0x00 => self.put(b'0'),
                    0x07 => self.put(b'a'),
                    0x08 => self.put(b'b'),
                    0x09 => self.put(b't'),
                    0x0A => self.put(b'n'),
                    0x0B => self.put(b'v'),
                    0x0C => self.put(b'f'),
                    0x0D => self.put(b'r'),
                    0x1B => self.put(b'e'),
                    0x22 => self.put(b'"'),
                    0x5C => self.put(b'\\'),
                    0x85 => self.put(b'N'),
                    0xA0 => self.put(b'_'),
                    0x2028 => self.put(b'L'),
                    0x2029 => self.put(b'P'),
                    _ => {
                        let (letter, digits) = if c <= 0xFF {
                            (b'x', 2)
                        } else if c <= 0xFFFF {
                            (b'u', 4)
                        } else {
                            (b'U', 8)
                        };
                        self.put(letter);
                        for k in (0..digits).rev() {
                            self.put(hex_digit(((c >> (4 * k)) & 0x0F) as u8));
                        }
                    }
                }
                spaces = false;
            } else if is_space(v, i) {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && i > 0
                    && i < v.len() - 1
                {
                    self.write_indent();
                    if is_space(v, i + 1) {
                        self.put(b'\\');
                    }
                    i += 1;
                } else {
                    self.write(v, &mut i);
                }
                spaces = true;
            } else {
                self.write(v, &mut i);
                spaces = false;
            }
        }
        self.write_indicator(b"\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// The indentation and chomping indicators of a block scalar (`|2-`, `|+`, ...).
    fn write_block_scalar_hints(&mut self, v: &[u8]) {
        if is_space(v, 0) || is_break(v, 0) {
            let hint = [b'0' + self.best_indent as u8];
            self.write_indicator(&hint, false, false, false);
        }
        self.open_ended = false;
        let chomp = if v.is_empty() {
            Some(b'-')
        } else {
            let mut i = v.len() - 1;
            while i > 0 && v[i] & 0xC0 == 0x80 {
                i -= 1;
            }
            if !is_break(v, i) {
                Some(b'-')
            } else if i == 0 {
                self.open_ended = true;
                Some(b'+')
            } else {
                i -= 1;
                while i > 0 && v[i] & 0xC0 == 0x80 {
                    i -= 1;
                }
                if is_break(v, i) {
                    self.open_ended = true;
                    Some(b'+')
                } else {
                    None
                }
            }
        };
        if let Some(c) = chomp {
            self.write_indicator(&[c], false, false, false);
        }
    }

    pub(super) fn write_literal_scalar(&mut self, v: &[u8]) {
        self.write_indicator(b"|", true, false, false);
        self.write_block_scalar_hints(v);
        self.process_line_comment(true);
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut i = 0;
        while i < v.len() {
            if is_break(v, i) {
                self.write_break(v, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(v, &mut i);
                self.indention = false;
                breaks = false;
            }
        }
    }

    pub(super) fn write_folded_scalar(&mut self, v: &[u8]) {
        self.write_indicator(b">", true, false, false);
        self.write_block_scalar_hints(v);
        self.process_line_comment(true);
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut leading_spaces = true;
        let mut i = 0;
        while i < v.len() {
            if is_break(v, i) {
                if !breaks && !leading_spaces && v[i] == b'\n' {
                    // go-yaml scans from the start of the value here (`k := 0`).
                    let mut k = 0;
                    while is_break(v, k) {
                        k += width(v[k]);
                    }
                    if !is_blankz(v, k) {
                        self.put_break();
                    }
                }
                self.write_break(v, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                    leading_spaces = is_blank(v, i);
                }
                if !breaks && is_space(v, i) && !is_space(v, i + 1) && self.column > self.best_width
                {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(v, &mut i);
                }
                self.indention = false;
                breaks = false;
            }
        }
    }
}

fn hex_digit(d: u8) -> u8 {
    if d < 10 { b'0' + d } else { b'A' + d - 10 }
}
