//! go-yaml v3's comment scanning (`yaml_parser_scan_comments`, `yaml_parser_scan_line_comment`
//! and the comment-aware parts of `scan_to_next_token` and `unroll_indent`), active only when
//! the scanner keeps comments (the v3 node decoder). The comments are queued with the marks
//! that tie them to tokens; the parser unfolds them as it peeks tokens.

use super::super::token::{Mark, TokenType};
use super::{ScanResult, Scanner};

/// A token's type and start.
pub(super) type TokenInfo = (TokenType, Mark);

/// One queued comment (`yaml_comment_t`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Comment {
    /// Where scanning for comments started.
    pub scan_mark: Mark,
    /// Tokens at or after this position take the comment.
    pub token_mark: Mark,
    /// The `#`.
    pub start_mark: Mark,
    /// Where the comment ended.
    pub end_mark: Mark,
    pub head: Vec<u8>,
    pub line: Vec<u8>,
    pub foot: Vec<u8>,
}

/// The comments unfolded so far and not yet given to an event (the parser's
/// `head_comment`, `line_comment`, `foot_comment`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Unfolded {
    pub head: Vec<u8>,
    pub line: Vec<u8>,
    pub foot: Vec<u8>,
}

fn join(into: &mut Vec<u8>, part: &[u8]) {
    if !into.is_empty() {
        into.push(b'\n');
    }
    into.extend_from_slice(part);
}

impl Scanner {
    /// go-yaml's `parser.newlines`: line breaks consumed since the last non-blank character.
    pub(super) fn newlines(&self) -> usize {
        let buf = &self.input.buf;
        let mut i = self.pos.min(buf.len());
        let mut n = 0;
        while i > 0 {
            match buf[i - 1] {
                b' ' | b'\t' => i -= 1,
                b'\n' => {
                    n += 1;
                    i -= 1;
                    if i > 0 && buf[i - 1] == b'\r' {
                        i -= 1;
                    }
                }
                b'\r' => {
                    n += 1;
                    i -= 1;
                }
                0x85 if i >= 2 && buf[i - 2] == 0xC2 => {
                    n += 1;
                    i -= 2;
                }
                0xA8 | 0xA9 if i >= 3 && buf[i - 3] == 0xE2 && buf[i - 2] == 0x80 => {
                    n += 1;
                    i -= 3;
                }
                _ => break,
            }
        }
        n
    }

    /// The type and start of the last token queued (consumed or not), and of the one before.
    pub(super) fn last_tokens(&self) -> (Option<TokenInfo>, Option<TokenInfo>) {
        let n = self.tokens.len();
        let info = |i: usize| -> (TokenType, Mark) {
            let t = &self.tokens[i];
            (t.kind.ty(), t.start)
        };
        match n {
            0 => (self.popped[1], self.popped[0]),
            1 => (Some(info(0)), self.popped[1]),
            _ => (Some(info(n - 1)), Some(info(n - 2))),
        }
    }

    /// Moves the queued comments that belong before a token starting at `start` into
    /// `unfolded` (`yaml_parser_unfold_comments`).
    pub(crate) fn unfold_comments(&mut self, ty: TokenType, start: Mark) {
        while self.comments_head < self.comments.len()
            && start.index >= self.comments[self.comments_head].token_mark.index
        {
            let c = &mut self.comments[self.comments_head];
            if !c.head.is_empty() {
                if ty == TokenType::BlockEnd {
                    // No heads on ends: keep it for a following token.
                    break;
                }
                join(&mut self.unfolded.head, &c.head);
            }
            if !c.foot.is_empty() {
                join(&mut self.unfolded.foot, &c.foot);
            }
            if !c.line.is_empty() {
                join(&mut self.unfolded.line, &c.line);
            }
            *c = Comment::default();
            self.comments_head += 1;
        }
        if self.comments_head == self.comments.len() && self.comments_head > 64 {
            self.comments.clear();
            self.comments_head = 0;
        }
    }

    /// Byte `k` after the current position, caching as go-yaml does (a failed refill ends
    /// the lookahead, as there).
    fn peek_byte(&mut self, k: usize) -> Option<u8> {
        if self.cache(k + 1).is_err() {
            return None;
        }
        Some(self.at(k))
    }

    fn peek_is_blank(b: u8) -> bool {
        b == b' ' || b == b'\t'
    }

    fn peek_is_break(&self, k: usize) -> bool {
        self.is_break(k)
    }

    /// Consumes up to the comment at offset `peek` (blank lines before it) and reads its
    /// text to the end of its line.
    fn consume_comment(
        &mut self,
        peek: usize,
        text: &mut Vec<u8>,
        mut start: Option<&mut Mark>,
    ) -> ScanResult<()> {
        let seen = self.mark.index + peek;
        loop {
            self.cache(1)?;
            if self.is_breakz(0) {
                if self.mark.index >= seen {
                    break;
                }
                self.cache(2)?;
                self.skip_line();
            } else if self.mark.index >= seen {
                if let Some(s) = start.take()
                    && text.is_empty()
                {
                    *s = self.mark;
                }
                self.read(text);
            } else {
                self.skip();
            }
        }
        Ok(())
    }

    /// `yaml_parser_scan_line_comment`: a comment after a token on the same line.
    pub(super) fn scan_line_comment(&mut self, token_mark: Mark) -> ScanResult<()> {
        if self.newlines() > 0 {
            return Ok(());
        }
        let mut start_mark = Mark::default();
        let mut text = Vec::new();
        for peek in 0..512 {
            let Some(b) = self.peek_byte(peek) else { break };
            if Self::peek_is_blank(b) {
                continue;
            }
            if b == b'#' {
                self.consume_comment(peek, &mut text, Some(&mut start_mark))?;
            }
            break;
        }
        if !text.is_empty() {
            self.comments.push(Comment {
                token_mark,
                start_mark,
                line: text,
                ..Comment::default()
            });
        }
        Ok(())
    }

    /// Records the comment text gathered so far (taken from `text`) as the foot of what
    /// precedes, ending at `end`.
    fn push_foot(
        &mut self,
        scan_mark: Mark,
        token_mark: Mark,
        start_mark: Mark,
        end: Mark,
        text: &mut Vec<u8>,
    ) {
        self.comments.push(Comment {
            scan_mark,
            token_mark,
            start_mark,
            end_mark: end,
            foot: std::mem::take(text),
            ..Comment::default()
        });
    }

    /// `yaml_parser_scan_comments`: comment lines between tokens, split into the foot of
    /// what precedes and the head of what follows.
    #[expect(clippy::too_many_lines, reason = "one loop, as go-yaml's")]
    pub(super) fn scan_comments(&mut self, mut scan_mark: Mark) -> ScanResult<()> {
        let (last, before) = self.last_tokens();
        let mut token = last.unwrap_or((TokenType::StreamStart, Mark::default()));
        if token.0 == TokenType::FlowEntry
            && let Some(b) = before
        {
            token = b;
        }
        let mut token_mark = token.1;
        let mut start_mark = Mark::default();
        let mut next_indent = self.indent.max(0);
        let mut recent_empty = false;
        let newlines = self.newlines();
        let mut first_empty = newlines <= 1;
        let mut line = self.mark.line;
        let mut column = self.mark.column;
        let mut text: Vec<u8> = Vec::new();

        // The line where a comment must start to still be a foot of the prior content.
        let mut foot_line: isize = -1;
        if scan_mark.line > 0 {
            foot_line = self.mark.line as isize - newlines as isize + 1;
            if newlines == 0 && self.mark.column > 1 {
                foot_line += 1;
            }
        }

        let mut peek = 0usize;
        while peek < 512 {
            let Some(c) = self.peek_byte(peek) else { break };
            column += 1;
            if Self::peek_is_blank(c) {
                peek += 1;
                continue;
            }
            let close_flow = self.flow_level > 0 && (c == b']' || c == b'}');
            if close_flow || self.is_breakz(peek) {
                // A line break or the end.
                if close_flow || !recent_empty {
                    let foot_here = first_empty
                        && ((start_mark.line as isize == foot_line && token.0 != TokenType::Value)
                            || (start_mark.column as isize - 1) < next_indent);
                    if close_flow || foot_here {
                        // The first empty line: the comment so far is a foot of the prior
                        // token (or the last comment in a flow collection).
                        if !text.is_empty() {
                            if (start_mark.column as isize - 1) < next_indent {
                                // Dedented: unrelated to the prior token.
                                token_mark = start_mark;
                            }
                            let end = Mark {
                                index: self.mark.index + peek,
                                line,
                                column,
                            };
                            self.push_foot(scan_mark, token_mark, start_mark, end, &mut text);
                            scan_mark = end;
                            token_mark = end;
                        }
                    } else if !text.is_empty() && self.at(peek) != 0 {
                        text.push(b'\n');
                    }
                }
                if !self.peek_is_break(peek) {
                    break;
                }
                first_empty = false;
                recent_empty = true;
                column = 0;
                line += 1;
                peek += 1;
                continue;
            }

            if !text.is_empty()
                && (close_flow
                    || ((column as isize - 1) < next_indent && column != start_mark.column))
            {
                // A comment at another indentation: a foot of the preceding data.
                let end = Mark {
                    index: self.mark.index + peek,
                    line,
                    column,
                };
                self.push_foot(scan_mark, token_mark, start_mark, end, &mut text);
                scan_mark = end;
                token_mark = end;
            }

            if c != b'#' {
                break;
            }
            if text.is_empty() {
                start_mark = Mark {
                    index: self.mark.index + peek,
                    line,
                    column,
                };
            } else {
                text.push(b'\n');
            }
            recent_empty = false;
            self.consume_comment(peek, &mut text, None)?;
            // go-yaml resets `peek` to 0 at the end of the loop body, and the loop's own
            // `peek++` then skips the character after the comment (its line break).
            peek = 1;
            column = 0;
            line = self.mark.line;
            next_indent = self.indent.max(0);
        }

        if !text.is_empty() {
            self.comments.push(Comment {
                scan_mark,
                token_mark: start_mark,
                start_mark,
                end_mark: Mark {
                    index: (self.mark.index + peek).saturating_sub(1),
                    line,
                    column,
                },
                head: text,
                ..Comment::default()
            });
        }
        Ok(())
    }

    /// v3's transformation in `scan_to_next_token`: a line comment right after a lone `- `
    /// that opens a sequence becomes a head comment of what follows.
    pub(super) fn sequence_entry_comment_to_head(&mut self) {
        if self.comments.len() <= self.comments_head {
            return;
        }
        let (Some(b), Some(a)) = self.last_tokens() else {
            return;
        };
        if a.0 != TokenType::BlockSequenceStart || b.0 != TokenType::BlockEntry {
            return;
        }
        let is_break = self.is_break(0);
        let mark = self.mark;
        let Some(c) = self.comments.last_mut() else {
            return;
        };
        if !c.line.is_empty() && !is_break {
            c.head = std::mem::take(&mut c.line);
            if c.start_mark.line + 1 == mark.line {
                c.token_mark = mark;
            }
        }
    }

    /// v3's `unroll_indent`: each BLOCK-END is placed before the foot comments of the
    /// blocks it closes.
    pub(super) fn unroll_indent_v3(&mut self, column: isize, scan_mark: Mark) {
        if self.flow_level > 0 {
            return;
        }
        let mut block_mark = scan_mark;
        block_mark.index = block_mark.index.saturating_sub(1);
        while self.indent > column {
            let mut stop_index = block_mark.index;
            for i in (self.comments_head..self.comments.len()).rev() {
                let c = &self.comments[i];
                if c.end_mark.index < stop_index {
                    break;
                }
                if c.start_mark.column as isize == self.indent + 1 {
                    block_mark = c.start_mark;
                }
                stop_index = c.scan_mark.index;
            }
            self.tokens.push_back(super::super::token::Token {
                kind: super::super::token::TokenKind::BlockEnd,
                start: block_mark,
                end: block_mark,
            });
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }
}
