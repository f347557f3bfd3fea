//! Directives (`%YAML`, `%TAG`), anchors, aliases and tags.

use super::{ScanResult, Scanner};
use crate::yaml::token::{Mark, Token, TokenKind};

const DIRECTIVE: &str = "while scanning a directive";
const YAML_DIRECTIVE: &str = "while scanning a %YAML directive";
const TAG_DIRECTIVE: &str = "while scanning a %TAG directive";

fn tag_context(directive: bool) -> &'static str {
    if directive {
        "while parsing a %TAG directive"
    } else {
        "while parsing a tag"
    }
}

impl Scanner {
    pub(super) fn scan_directive(&mut self) -> ScanResult<Token> {
        let start = self.mark;
        self.skip();
        let name = self.scan_directive_name(start)?;
        let kind = match name.as_slice() {
            b"YAML" => {
                let (major, minor) = self.scan_version_directive_value(start)?;
                TokenKind::VersionDirective { major, minor }
            }
            b"TAG" => {
                let (handle, prefix) = self.scan_tag_directive_value(start)?;
                TokenKind::TagDirective { handle, prefix }
            }
            _ => return Err(self.error(DIRECTIVE, start, "found unknown directive name")),
        };
        let end = self.mark;

        // The rest of the line: blanks and a comment.
        self.cache(1)?;
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        if self.ch() == b'#' {
            while !self.is_breakz(0) {
                self.skip();
                self.cache(1)?;
            }
        }
        if !self.is_breakz(0) {
            return Err(self.error(
                DIRECTIVE,
                start,
                "did not find expected comment or line break",
            ));
        }
        if self.is_break(0) {
            self.cache(2)?;
            self.skip_line();
        }
        Ok(Token { kind, start, end })
    }

    fn scan_directive_name(&mut self, start: Mark) -> ScanResult<Vec<u8>> {
        self.cache(1)?;
        let mut s = Vec::new();
        while self.is_alpha(0) {
            self.read(&mut s);
            self.cache(1)?;
        }
        if s.is_empty() {
            return Err(self.error(DIRECTIVE, start, "could not find expected directive name"));
        }
        if !self.is_blankz(0) {
            return Err(self.error(
                DIRECTIVE,
                start,
                "found unexpected non-alphabetical character",
            ));
        }
        Ok(s)
    }

    fn scan_version_directive_value(&mut self, start: Mark) -> ScanResult<(i8, i8)> {
        self.cache(1)?;
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        let major = self.scan_version_directive_number(start)?;
        if self.ch() != b'.' {
            return Err(self.error(
                YAML_DIRECTIVE,
                start,
                "did not find expected digit or '.' character",
            ));
        }
        self.skip();
        let minor = self.scan_version_directive_number(start)?;
        Ok((major, minor))
    }

    fn scan_version_directive_number(&mut self, start: Mark) -> ScanResult<i8> {
        self.cache(1)?;
        let mut value: i8 = 0;
        let mut length = 0;
        while self.ch().is_ascii_digit() {
            length += 1;
            if length > 2 {
                return Err(self.error(
                    YAML_DIRECTIVE,
                    start,
                    "found extremely long version number",
                ));
            }
            value = value * 10 + (self.ch() - b'0') as i8;
            self.skip();
            self.cache(1)?;
        }
        if length == 0 {
            return Err(self.error(
                YAML_DIRECTIVE,
                start,
                "did not find expected version number",
            ));
        }
        Ok(value)
    }

    fn scan_tag_directive_value(&mut self, start: Mark) -> ScanResult<(Vec<u8>, Vec<u8>)> {
        self.cache(1)?;
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        let handle = self.scan_tag_handle(true, start)?;
        self.cache(1)?;
        if !self.is_blank(0) {
            return Err(self.error(TAG_DIRECTIVE, start, "did not find expected whitespace"));
        }
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        let prefix = self.scan_tag_uri(true, &[], start)?;
        self.cache(1)?;
        if !self.is_blankz(0) {
            return Err(self.error(
                TAG_DIRECTIVE,
                start,
                "did not find expected whitespace or line break",
            ));
        }
        Ok((handle, prefix))
    }

    pub(super) fn scan_anchor(&mut self, alias: bool) -> ScanResult<Token> {
        let start = self.mark;
        self.skip();
        self.cache(1)?;
        let mut s = Vec::new();
        while self.is_alpha(0) {
            self.read(&mut s);
            self.cache(1)?;
        }
        let end = self.mark;
        let followed_ok = self.is_blankz(0)
            || matches!(
                self.ch(),
                b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`'
            );
        if s.is_empty() || !followed_ok {
            let context = if alias {
                "while scanning an alias"
            } else {
                "while scanning an anchor"
            };
            return Err(self.error(
                context,
                start,
                "did not find expected alphabetic or numeric character",
            ));
        }
        // Anchor names are ASCII (`is_alpha`).
        let name = String::from_utf8(s).unwrap_or_default();
        let kind = if alias {
            TokenKind::Alias(name)
        } else {
            TokenKind::Anchor(name)
        };
        Ok(Token { kind, start, end })
    }

    pub(super) fn scan_tag(&mut self) -> ScanResult<Token> {
        let start = self.mark;
        self.cache(2)?;
        let (handle, suffix);
        if self.at(1) == b'<' {
            // The verbatim form `!<uri>`; the handle stays empty.
            self.skip();
            self.skip();
            suffix = self.scan_tag_uri(false, &[], start)?;
            if self.ch() != b'>' {
                return Err(self.error(
                    "while scanning a tag",
                    start,
                    "did not find the expected '>'",
                ));
            }
            self.skip();
            handle = Vec::new();
        } else {
            // `!suffix` or `!handle!suffix`.
            let first = self.scan_tag_handle(false, start)?;
            if first.len() > 1 && first[0] == b'!' && first[first.len() - 1] == b'!' {
                handle = first;
                suffix = self.scan_tag_uri(false, &[], start)?;
            } else {
                let rest = self.scan_tag_uri(false, &first, start)?;
                if rest.is_empty() {
                    // The `!` tag alone.
                    handle = Vec::new();
                    suffix = b"!".to_vec();
                } else {
                    handle = b"!".to_vec();
                    suffix = rest;
                }
            }
        }
        self.cache(1)?;
        if !self.is_blankz(0) {
            return Err(self.error(
                "while scanning a tag",
                start,
                "did not find expected whitespace or line break",
            ));
        }
        Ok(Token {
            kind: TokenKind::Tag { handle, suffix },
            start,
            end: self.mark,
        })
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> ScanResult<Vec<u8>> {
        self.cache(1)?;
        if self.ch() != b'!' {
            return Err(self.error(tag_context(directive), start, "did not find expected '!'"));
        }
        let mut s = Vec::new();
        self.read(&mut s);
        self.cache(1)?;
        while self.is_alpha(0) {
            self.read(&mut s);
            self.cache(1)?;
        }
        if self.ch() == b'!' {
            self.read(&mut s);
        } else if directive && s != b"!" {
            // In a %TAG directive the handle must end with '!'; in a tag it is part of the
            // URI instead.
            return Err(self.error(tag_context(directive), start, "did not find expected '!'"));
        }
        Ok(s)
    }

    fn scan_tag_uri(&mut self, directive: bool, head: &[u8], start: Mark) -> ScanResult<Vec<u8>> {
        let mut s = Vec::new();
        let mut has_tag = !head.is_empty();
        // The head's leading '!' is not copied.
        if head.len() > 1 {
            s.extend_from_slice(&head[1..]);
        }
        self.cache(1)?;
        while self.is_alpha(0)
            || matches!(
                self.ch(),
                b';' | b'/'
                    | b'?'
                    | b':'
                    | b'@'
                    | b'&'
                    | b'='
                    | b'+'
                    | b'$'
                    | b','
                    | b'.'
                    | b'!'
                    | b'~'
                    | b'*'
                    | b'\''
                    | b'('
                    | b')'
                    | b'['
                    | b']'
                    | b'%'
            )
        {
            if self.ch() == b'%' {
                self.scan_uri_escapes(directive, start, &mut s)?;
            } else {
                self.read(&mut s);
            }
            self.cache(1)?;
            has_tag = true;
        }
        if !has_tag {
            return Err(self.error(
                tag_context(directive),
                start,
                "did not find expected tag URI",
            ));
        }
        Ok(s)
    }

    /// A `%XX` escaped UTF-8 character in a tag URI.
    fn scan_uri_escapes(
        &mut self,
        directive: bool,
        start: Mark,
        s: &mut Vec<u8>,
    ) -> ScanResult<()> {
        let mut remaining = 1024usize;
        while remaining > 0 {
            self.cache(3)?;
            let hex = |b: u8| match b {
                b'0'..=b'9' => Some(b - b'0'),
                b'a'..=b'f' => Some(b - b'a' + 10),
                b'A'..=b'F' => Some(b - b'A' + 10),
                _ => None,
            };
            let (Some(hi), Some(lo)) = (hex(self.at(1)), hex(self.at(2))) else {
                return Err(self.error(
                    tag_context(directive),
                    start,
                    "did not find URI escaped octet",
                ));
            };
            if self.ch() != b'%' {
                return Err(self.error(
                    tag_context(directive),
                    start,
                    "did not find URI escaped octet",
                ));
            }
            let octet = (hi << 4) + lo;
            if remaining == 1024 {
                remaining = match octet {
                    o if o & 0x80 == 0 => 1,
                    o if o & 0xE0 == 0xC0 => 2,
                    o if o & 0xF0 == 0xE0 => 3,
                    o if o & 0xF8 == 0xF0 => 4,
                    _ => {
                        return Err(self.error(
                            tag_context(directive),
                            start,
                            "found an incorrect leading UTF-8 octet",
                        ));
                    }
                };
            } else if octet & 0xC0 != 0x80 {
                return Err(self.error(
                    tag_context(directive),
                    start,
                    "found an incorrect trailing UTF-8 octet",
                ));
            }
            s.push(octet);
            self.skip();
            self.skip();
            self.skip();
            remaining -= 1;
        }
        Ok(())
    }
}
