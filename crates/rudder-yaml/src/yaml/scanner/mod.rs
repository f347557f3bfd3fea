//! The YAML scanner: characters in, tokens out, with go-yaml v2's exact behaviour.
//!
//! go-yaml v2.4 is a port of libyaml's scanner with a few changes of its own that decide which
//! documents it accepts and which error it reports: potential simple keys are tracked per token
//! number (`simple_keys_by_tok`), stale keys are only checked when a key is needed, flow and
//! block nesting are capped at 10,000 levels, and a byte order mark is recognised only where the
//! reader's buffer happens to start. This module follows that algorithm step by step (the
//! token-queue and simple-key bookkeeping included), because every divergence shows up as a
//! document Helm accepts and we reject, or an error text that differs.

mod comments;
mod scalar;
mod tag;

pub(crate) use comments::Unfolded;

use std::borrow::Cow;
use std::collections::VecDeque;

use crate::fasthash::FxHashMap;

use super::reader::{Input, ReaderError};
use super::token::{Mark, Stage, SyntaxError, Token, TokenKind, TokenType};

/// go-yaml's cap on flow nesting (`max_flow_level`).
const MAX_FLOW_LEVEL: usize = 10_000;
/// go-yaml's cap on block nesting (`max_indents`).
const MAX_INDENTS: usize = 10_000;

/// A place where a simple key (`key: value` without `?`) may start.
#[derive(Debug, Clone, Copy, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

pub(crate) type ScanResult<T> = Result<T, SyntaxError>;

/// The scanner state (libyaml's `yaml_parser_t`, scanner half).
#[derive(Debug)]
#[expect(clippy::struct_excessive_bools, reason = "libyaml's scanner flags")]
pub(crate) struct Scanner {
    input: Input,
    /// Byte offset of the current character in `input.buf`.
    pos: usize,
    mark: Mark,

    // go-yaml's lazy reader, replayed (see `reader.rs`).
    /// Characters decoded so far (go-yaml's `unread` is `decoded - mark.index`).
    decoded: usize,
    next_boundary: usize,
    last_chunk_decoded: bool,
    /// Byte offset of the character at the start of go-yaml's buffer: where the last refill
    /// happened. go-yaml's `is_bom` looks there rather than at the current position.
    buffer_start: usize,

    tokens: VecDeque<Token>,
    tokens_parsed: usize,
    token_available: bool,
    stream_start_produced: bool,
    stream_end_produced: bool,

    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    simple_keys_by_tok: FxHashMap<usize, usize>,
    flow_level: usize,

    /// v3: whether comments are collected (the node decoder); off for every other reader.
    keep_comments: bool,
    /// v3: the comments scanned and not yet unfolded (from `comments_head` on).
    comments: Vec<comments::Comment>,
    comments_head: usize,
    /// v3: the comments unfolded for the parser, not yet given to an event.
    pub(crate) unfolded: Unfolded,
    /// v3: type and start of the last two tokens consumed (older first).
    popped: [Option<(TokenType, Mark)>; 2],
}

impl Scanner {
    pub(crate) fn new(raw: &[u8]) -> Self {
        Self::from_input(Input::decode(raw))
    }

    pub(crate) fn from_input(input: Input) -> Self {
        Self {
            input,
            pos: 0,
            mark: Mark::default(),
            decoded: 0,
            next_boundary: 0,
            last_chunk_decoded: false,
            buffer_start: 0,
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            stream_start_produced: false,
            stream_end_produced: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            simple_keys_by_tok: FxHashMap::default(),
            flow_level: 0,
            keep_comments: false,
            comments: Vec::new(),
            comments_head: 0,
            unfolded: Unfolded::default(),
            popped: [None, None],
        }
    }

    /// Collects comments as go-yaml v3's scanner does.
    pub(crate) fn keep_comments(&mut self) {
        self.keep_comments = true;
    }

    // ---------------------------------------------------------------------------------------
    // Character access

    /// The byte `k` bytes after the current position (0 past the end).
    #[inline]
    fn at(&self, k: usize) -> u8 {
        self.input.buf.get(self.pos + k).copied().unwrap_or(0)
    }

    #[inline]
    fn ch(&self) -> u8 {
        self.at(0)
    }

    /// Makes sure `n` characters are decoded, as go-yaml's `cache` does, raising the reader's
    /// error at the moment go-yaml would.
    #[inline]
    fn cache(&mut self, n: usize) -> ScanResult<()> {
        if self.mark.index + n <= self.decoded {
            return Ok(());
        }
        self.refill(n)
    }

    fn refill(&mut self, n: usize) -> ScanResult<()> {
        self.buffer_start = self.pos;
        loop {
            if let Some(&chars) = self.input.boundaries.get(self.next_boundary) {
                self.next_boundary += 1;
                self.decoded = chars;
            } else if let Some(error) = &self.input.error {
                return Err(reader_error(error));
            } else if !self.last_chunk_decoded {
                self.last_chunk_decoded = true;
                self.decoded = self.input.chars;
            } else {
                // End of input: one NUL character per refill.
                self.decoded += 1;
                return Ok(());
            }
            if self.mark.index + n <= self.decoded {
                return Ok(());
            }
        }
    }

    /// How many ASCII bytes from the current position satisfy `accept`, limited so that
    /// consuming them one by one would not have needed a refill with `lookahead` characters
    /// cached after each (so that go-yaml's lazy-decoding timing is unchanged).
    #[inline]
    fn ascii_run(&self, lookahead: usize, accept: impl Fn(u8) -> bool) -> usize {
        let budget = self.decoded.saturating_sub(self.mark.index + lookahead);
        let bytes = &self.input.buf[self.pos.min(self.input.buf.len())..];
        let limit = budget.min(bytes.len());
        bytes[..limit]
            .iter()
            .position(|&b| b >= 0x80 || !accept(b))
            .unwrap_or(limit)
    }

    /// Like [`ascii_run`](Self::ascii_run) for "anything but a line break or the end",
    /// eight bytes at a time (comments and block scalar lines are long).
    #[inline]
    fn line_run(&self, lookahead: usize) -> usize {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
        let budget = self.decoded.saturating_sub(self.mark.index + lookahead);
        let bytes = &self.input.buf[self.pos.min(self.input.buf.len())..];
        let limit = budget.min(bytes.len());
        let mut i = 0;
        while i + 8 <= limit {
            let word: [u8; 8] = bytes[i..i + 8].try_into().unwrap_or([0; 8]);
            let x = u64::from_le_bytes(word);
            let stop = (x & HIGH)
                | has_zero(x)
                | has_zero(x ^ (ONES * u64::from(b'\n')))
                | has_zero(x ^ (ONES * u64::from(b'\r')));
            if stop != 0 {
                return i + (stop.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        i + bytes[i..limit]
            .iter()
            .position(|&b| b >= 0x80 || b == b'\n' || b == b'\r' || b == 0)
            .unwrap_or(limit - i)
    }

    /// Advances over `n` ASCII characters on the current line.
    #[inline]
    fn skip_ascii(&mut self, n: usize) {
        self.pos += n;
        self.mark.index += n;
        self.mark.column += n;
    }

    /// The width in bytes of the UTF-8 character starting with `b`.
    #[inline]
    fn width(b: u8) -> usize {
        if b & 0x80 == 0 {
            1
        } else if b & 0xE0 == 0xC0 {
            2
        } else if b & 0xF0 == 0xE0 {
            3
        } else if b & 0xF8 == 0xF0 {
            4
        } else {
            // Never inside decoded text; past its end the buffer is zeros.
            1
        }
    }

    #[inline]
    fn skip(&mut self) {
        self.mark.index += 1;
        self.mark.column += 1;
        self.pos += Self::width(self.ch());
    }

    fn skip_line(&mut self) {
        if self.is_crlf(0) {
            self.mark.index += 2;
            self.mark.column = 0;
            self.mark.line += 1;
            self.pos += 2;
        } else if self.is_break(0) {
            self.mark.index += 1;
            self.mark.column = 0;
            self.mark.line += 1;
            self.pos += Self::width(self.ch());
        }
    }

    /// Copies the current character to `s` and advances.
    #[inline]
    fn read(&mut self, s: &mut Vec<u8>) {
        let w = Self::width(self.ch());
        let end = (self.pos + w).min(self.input.buf.len());
        s.extend_from_slice(&self.input.buf[self.pos..end]);
        self.pos += w;
        self.mark.index += 1;
        self.mark.column += 1;
    }

    /// Copies a line break to `s` (normalised to LF, except LS and PS) and advances.
    fn read_line(&mut self, s: &mut Vec<u8>) {
        let (b0, b1, b2) = (self.at(0), self.at(1), self.at(2));
        if b0 == b'\r' && b1 == b'\n' {
            s.push(b'\n');
            self.pos += 2;
            self.mark.index += 1;
        } else if b0 == b'\r' || b0 == b'\n' {
            s.push(b'\n');
            self.pos += 1;
        } else if b0 == 0xC2 && b1 == 0x85 {
            s.push(b'\n');
            self.pos += 2;
        } else if b0 == 0xE2 && b1 == 0x80 && (b2 == 0xA8 || b2 == 0xA9) {
            s.extend_from_slice(&[b0, b1, b2]);
            self.pos += 3;
        } else {
            return;
        }
        self.mark.index += 1;
        self.mark.column = 0;
        self.mark.line += 1;
    }

    #[inline]
    fn is_blank(&self, k: usize) -> bool {
        matches!(self.at(k), b' ' | b'\t')
    }

    #[inline]
    fn is_break(&self, k: usize) -> bool {
        match self.at(k) {
            b'\r' | b'\n' => true,
            0xC2 => self.at(k + 1) == 0x85,
            0xE2 => self.at(k + 1) == 0x80 && matches!(self.at(k + 2), 0xA8 | 0xA9),
            _ => false,
        }
    }

    #[inline]
    fn is_crlf(&self, k: usize) -> bool {
        self.at(k) == b'\r' && self.at(k + 1) == b'\n'
    }

    #[inline]
    fn is_breakz(&self, k: usize) -> bool {
        self.at(k) == 0 || self.is_break(k)
    }

    #[inline]
    fn is_blankz(&self, k: usize) -> bool {
        self.is_blank(k) || self.is_breakz(k)
    }

    #[inline]
    fn is_alpha(&self, k: usize) -> bool {
        let b = self.at(k);
        b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
    }

    /// go-yaml's `is_bom`, which looks at the start of its buffer, not at the current position.
    fn buffer_starts_with_bom(&self) -> bool {
        self.input.buf.get(self.buffer_start..self.buffer_start + 3) == Some(&[0xEF, 0xBB, 0xBF])
    }

    fn error(
        &self,
        context: &'static str,
        context_mark: Mark,
        problem: impl Into<Cow<'static, str>>,
    ) -> SyntaxError {
        SyntaxError {
            stage: Stage::Scanner,
            context,
            context_mark,
            problem: problem.into(),
            problem_mark: self.mark,
            offset: None,
        }
    }

    // ---------------------------------------------------------------------------------------
    // The token queue

    /// Hands the next token to the parser without consuming it.
    pub(crate) fn peek(&mut self) -> ScanResult<&Token> {
        if !self.token_available {
            self.fetch_more_tokens()?;
        }
        if self.keep_comments {
            let (ty, start) = (self.tokens[0].kind.ty(), self.tokens[0].start);
            self.unfold_comments(ty, start);
        }
        Ok(&self.tokens[0])
    }

    /// Consumes the token returned by the last [`peek`](Self::peek).
    pub(crate) fn skip_token(&mut self) -> Token {
        self.token_available = false;
        self.tokens_parsed += 1;
        let token = self.tokens.pop_front().unwrap_or(Token {
            kind: TokenKind::StreamEnd,
            start: self.mark,
            end: self.mark,
        });
        self.stream_end_produced = token.kind == TokenKind::StreamEnd;
        if self.keep_comments {
            self.popped = [self.popped[1], Some((token.kind.ty(), token.start))];
        }
        token
    }

    pub(crate) fn stream_end_produced(&self) -> bool {
        self.stream_end_produced
    }

    /// Inserts `token` at `pos` places after the queue head, or at the end for a negative
    /// position (which is where go-yaml puts a token whose place has already been consumed).
    fn insert_token(&mut self, pos: isize, token: Token) {
        match usize::try_from(pos) {
            Ok(pos) if pos <= self.tokens.len() => self.tokens.insert(pos, token),
            _ => self.tokens.push_back(token),
        }
    }

    fn fetch_more_tokens(&mut self) -> ScanResult<()> {
        loop {
            // v3 keeps two more tokens queued, so that comments after a token are scanned
            // before the parser hands the token on.
            let enough = if self.keep_comments {
                self.tokens.len() > 2
                    || self
                        .tokens
                        .back()
                        .is_some_and(|t| t.kind == TokenKind::StreamEnd)
            } else {
                !self.tokens.is_empty()
            };
            if enough {
                // Keep fetching while the head token may still turn out to be a simple key.
                let Some(&level) = self.simple_keys_by_tok.get(&self.tokens_parsed) else {
                    break;
                };
                if !self.simple_key_is_valid(level)? {
                    break;
                }
            }
            self.fetch_next_token()?;
        }
        self.token_available = true;
        Ok(())
    }

    fn fetch_next_token(&mut self) -> ScanResult<()> {
        self.cache(1)?;
        if !self.stream_start_produced {
            self.fetch_stream_start();
            return Ok(());
        }
        let scan_mark = self.mark;
        self.scan_to_next_token(scan_mark)?;
        if self.keep_comments {
            self.unroll_indent_v3(self.mark.column as isize, scan_mark);
        } else {
            self.unroll_indent(self.mark.column as isize);
        }
        self.cache(4)?;

        let c = self.ch();
        if c == 0 {
            return self.fetch_stream_end();
        }
        if self.mark.column == 0 && c == b'%' {
            return self.fetch_directive();
        }
        if self.mark.column == 0 && self.is_document_indicator() {
            let kind = if c == b'-' {
                TokenKind::DocumentStart
            } else {
                TokenKind::DocumentEnd
            };
            return self.fetch_document_indicator(kind);
        }
        if !self.keep_comments {
            return self.fetch_token(c);
        }
        let mut comment_mark = self.mark;
        if (self.flow_level == 0 && c == b':') || (self.flow_level > 0 && c == b',') {
            // Comments after a value or entry indicator belong to the prior token.
            if let (Some((_, start)), _) = self.last_tokens() {
                comment_mark = start;
            }
        }
        self.fetch_token(c)?;
        if matches!(self.last_tokens().0, Some((TokenType::BlockEntry, _))) {
            // A lone `-` has no line comment: it becomes a head of what follows.
            return Ok(());
        }
        self.scan_line_comment(comment_mark)
    }

    /// The token starting with `c` (after the document indicators).
    fn fetch_token(&mut self, c: u8) -> ScanResult<()> {
        match c {
            b'[' => return self.fetch_flow_collection_start(TokenKind::FlowSequenceStart),
            b'{' => return self.fetch_flow_collection_start(TokenKind::FlowMappingStart),
            b']' => return self.fetch_flow_collection_end(TokenKind::FlowSequenceEnd),
            b'}' => return self.fetch_flow_collection_end(TokenKind::FlowMappingEnd),
            b',' => return self.fetch_flow_entry(),
            _ => {}
        }
        if c == b'-' && self.is_blankz(1) {
            return self.fetch_block_entry();
        }
        if c == b'?' && (self.flow_level > 0 || self.is_blankz(1)) {
            return self.fetch_key();
        }
        if c == b':' && (self.flow_level > 0 || self.is_blankz(1)) {
            return self.fetch_value();
        }
        match c {
            b'*' => return self.fetch_anchor(true),
            b'&' => return self.fetch_anchor(false),
            b'!' => return self.fetch_tag(),
            b'|' if self.flow_level == 0 => return self.fetch_block_scalar(true),
            b'>' if self.flow_level == 0 => return self.fetch_block_scalar(false),
            b'\'' => return self.fetch_flow_scalar(true),
            b'"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = matches!(
            c,
            b'-' | b'?'
                | b':'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
        );
        if !(self.is_blankz(0) || indicator)
            || (c == b'-' && !self.is_blank(1))
            || (self.flow_level == 0 && (c == b'?' || c == b':') && !self.is_blankz(1))
        {
            return self.fetch_plain_scalar();
        }
        Err(self.error(
            "while scanning for the next token",
            self.mark,
            "found character that cannot start any token",
        ))
    }

    /// `---` or `...` followed by a blank or the end.
    fn is_document_indicator(&self) -> bool {
        let c = self.ch();
        (c == b'-' || c == b'.') && self.at(1) == c && self.at(2) == c && self.is_blankz(3)
    }

    // ---------------------------------------------------------------------------------------
    // Simple keys and indentation

    /// Whether the simple key at `level` can still be a key; an error if it had to be one.
    fn simple_key_is_valid(&mut self, level: usize) -> ScanResult<bool> {
        let key = self.simple_keys[level];
        if !key.possible {
            return Ok(false);
        }
        // A simple key is limited to one line and 1024 characters.
        if key.mark.line < self.mark.line || key.mark.index + 1024 < self.mark.index {
            if key.required {
                return Err(self.error(
                    "while scanning a simple key",
                    key.mark,
                    "could not find expected ':'",
                ));
            }
            self.simple_keys[level].possible = false;
            return Ok(false);
        }
        Ok(true)
    }

    fn save_simple_key(&mut self) -> ScanResult<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            let level = self.simple_keys.len() - 1;
            self.simple_keys[level] = key;
            self.simple_keys_by_tok.insert(key.token_number, level);
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> ScanResult<()> {
        let level = self.simple_keys.len() - 1;
        let key = self.simple_keys[level];
        if key.possible {
            if key.required {
                return Err(self.error(
                    "while scanning a simple key",
                    key.mark,
                    "could not find expected ':'",
                ));
            }
            self.simple_keys[level].possible = false;
            self.simple_keys_by_tok.remove(&key.token_number);
        }
        Ok(())
    }

    fn increase_flow_level(&mut self) -> ScanResult<()> {
        self.simple_keys.push(SimpleKey {
            possible: false,
            required: false,
            token_number: self.tokens_parsed + self.tokens.len(),
            mark: self.mark,
        });
        self.flow_level += 1;
        if self.flow_level > MAX_FLOW_LEVEL {
            let mark = self.simple_keys[self.simple_keys.len() - 1].mark;
            return Err(self.error(
                "while increasing flow level",
                mark,
                format!("exceeded max depth of {MAX_FLOW_LEVEL}"),
            ));
        }
        Ok(())
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            if let Some(key) = self.simple_keys.pop() {
                self.simple_keys_by_tok.remove(&key.token_number);
            }
        }
    }

    /// Pushes an indentation level and inserts a BLOCK-SEQUENCE-START or BLOCK-MAPPING-START
    /// token when `column` is deeper than the current level. `number` is the absolute token
    /// number to insert at, or `None` for the end of the queue.
    fn roll_indent(
        &mut self,
        column: usize,
        number: Option<usize>,
        kind: TokenKind,
        mark: Mark,
    ) -> ScanResult<()> {
        if self.flow_level > 0 {
            return Ok(());
        }
        if self.indent < column as isize {
            self.indents.push(self.indent);
            self.indent = column as isize;
            if self.indents.len() > MAX_INDENTS {
                let key_mark = self.simple_keys[self.simple_keys.len() - 1].mark;
                return Err(self.error(
                    "while increasing indent level",
                    key_mark,
                    format!("exceeded max depth of {MAX_INDENTS}"),
                ));
            }
            let token = Token {
                kind,
                start: mark,
                end: mark,
            };
            let pos = match number {
                Some(n) => n as isize - self.tokens_parsed as isize,
                None => -1,
            };
            self.insert_token(pos, token);
        }
        Ok(())
    }

    /// Pops indentation levels deeper than `column`, adding a BLOCK-END token for each.
    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            self.tokens.push_back(Token {
                kind: TokenKind::BlockEnd,
                start: self.mark,
                end: self.mark,
            });
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Token fetchers

    fn push_token(&mut self, kind: TokenKind, start: Mark, end: Mark) {
        self.tokens.push_back(Token { kind, start, end });
    }

    fn fetch_stream_start(&mut self) {
        self.indent = -1;
        self.simple_keys.push(SimpleKey::default());
        self.simple_keys_by_tok.clear();
        self.simple_key_allowed = true;
        self.stream_start_produced = true;
        self.push_token(TokenKind::StreamStart, self.mark, self.mark);
    }

    fn fetch_stream_end(&mut self) -> ScanResult<()> {
        // Force a new line.
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        if self.keep_comments {
            self.unroll_indent_v3(-1, self.mark);
        } else {
            self.unroll_indent(-1);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        self.push_token(TokenKind::StreamEnd, self.mark, self.mark);
        Ok(())
    }

    fn fetch_directive(&mut self) -> ScanResult<()> {
        if self.keep_comments {
            self.unroll_indent_v3(-1, self.mark);
        } else {
            self.unroll_indent(-1);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: TokenKind) -> ScanResult<()> {
        if self.keep_comments {
            self.unroll_indent_v3(-1, self.mark);
        } else {
            self.unroll_indent(-1);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        self.push_token(kind, start, self.mark);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, kind: TokenKind) -> ScanResult<()> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push_token(kind, start, self.mark);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: TokenKind) -> ScanResult<()> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.push_token(kind, start, self.mark);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> ScanResult<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push_token(TokenKind::FlowEntry, start, self.mark);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> ScanResult<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.error(
                    "",
                    self.mark,
                    "block sequence entries are not allowed in this context",
                ));
            }
            self.roll_indent(
                self.mark.column,
                None,
                TokenKind::BlockSequenceStart,
                self.mark,
            )?;
        }
        // In the flow context a '-' is an error that the parser reports.
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push_token(TokenKind::BlockEntry, start, self.mark);
        Ok(())
    }

    fn fetch_key(&mut self) -> ScanResult<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.error(
                    "",
                    self.mark,
                    "mapping keys are not allowed in this context",
                ));
            }
            self.roll_indent(
                self.mark.column,
                None,
                TokenKind::BlockMappingStart,
                self.mark,
            )?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip();
        self.push_token(TokenKind::Key, start, self.mark);
        Ok(())
    }

    fn fetch_value(&mut self) -> ScanResult<()> {
        let level = self.simple_keys.len() - 1;
        if self.simple_key_is_valid(level)? {
            // The simple key turns out to be a key: insert KEY before it.
            let key = self.simple_keys[level];
            self.insert_token(
                key.token_number as isize - self.tokens_parsed as isize,
                Token {
                    kind: TokenKind::Key,
                    start: key.mark,
                    end: key.mark,
                },
            );
            self.roll_indent(
                key.mark.column,
                Some(key.token_number),
                TokenKind::BlockMappingStart,
                key.mark,
            )?;
            self.simple_keys[level].possible = false;
            self.simple_keys_by_tok.remove(&key.token_number);
            self.simple_key_allowed = false;
        } else {
            // The ':' follows a complex key.
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(self.error(
                        "",
                        self.mark,
                        "mapping values are not allowed in this context",
                    ));
                }
                self.roll_indent(
                    self.mark.column,
                    None,
                    TokenKind::BlockMappingStart,
                    self.mark,
                )?;
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip();
        self.push_token(TokenKind::Value, start, self.mark);
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> ScanResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_anchor(alias)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_tag(&mut self) -> ScanResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_tag()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> ScanResult<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let token = self.scan_block_scalar(literal)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> ScanResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_flow_scalar(single)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> ScanResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_plain_scalar()?;
        self.tokens.push_back(token);
        Ok(())
    }

    /// Skips spaces, comments and line breaks up to the next token.
    fn scan_to_next_token(&mut self, scan_mark: Mark) -> ScanResult<()> {
        loop {
            self.cache(1)?;
            if self.mark.column == 0 && self.buffer_starts_with_bom() {
                self.skip();
            }
            self.cache(1)?;
            // Tabs are allowed in the flow context and after a key or value indicator.
            let tabs = self.flow_level > 0 || !self.simple_key_allowed;
            while self.ch() == b' ' || (tabs && self.ch() == b'\t') {
                let run = self.ascii_run(1, |b| b == b' ' || (tabs && b == b'\t'));
                if run > 1 {
                    self.skip_ascii(run - 1);
                }
                self.skip();
                self.cache(1)?;
            }
            if self.keep_comments {
                self.sequence_entry_comment_to_head();
                if self.ch() == b'#' {
                    self.scan_comments(scan_mark)?;
                }
            }
            if self.ch() == b'#' {
                while !self.is_breakz(0) {
                    let run = self.line_run(1);
                    if run > 1 {
                        self.skip_ascii(run - 1);
                    }
                    self.skip();
                    self.cache(1)?;
                }
            }
            if !self.is_break(0) {
                return Ok(());
            }
            self.cache(2)?;
            self.skip_line();
            if self.flow_level == 0 {
                self.simple_key_allowed = true;
            }
        }
    }
}

fn reader_error(error: &ReaderError) -> SyntaxError {
    SyntaxError {
        stage: Stage::Reader,
        context: "",
        context_mark: Mark::default(),
        problem: Cow::Borrowed(error.problem),
        problem_mark: Mark::default(),
        offset: Some(error.offset),
    }
}

#[cfg(test)]
mod tests;
