//! The rune reader under the `--set` parsers: Go's `bytes.Buffer` as `pkg/strvals` reads it
//! (`ReadRune`, one `UnreadRune`, and the bytes left for `--set-json`'s JSON decoder).

/// A cursor over the `--set` line.
#[derive(Debug)]
pub(super) struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    /// Where the last `read` started, for `unread`.
    last: Option<usize>,
}

/// What [`Scanner::until`] stopped on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// One of the stop runes (consumed).
    Rune(char),
    /// The end of the line (Go's `io.EOF`).
    Eof,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            text,
            pos: 0,
            last: None,
        }
    }

    /// The next rune, or `None` at the end.
    pub(super) fn read(&mut self) -> Option<char> {
        let c = self.text[self.pos..].chars().next()?;
        self.last = Some(self.pos);
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Puts back the rune the last [`Scanner::read`] returned.
    pub(super) fn unread(&mut self) {
        if let Some(p) = self.last.take() {
            self.pos = p;
        }
    }

    /// The unread rest of the line.
    pub(super) fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// Skips `n` bytes (a JSON value the decoder consumed).
    pub(super) fn skip(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.text.len());
        self.last = None;
    }

    /// `runesUntil`: the runes up to the first stop rune, with `\` escaping the next rune
    /// when `escapes` is set (the literal parser has no escapes).
    pub(super) fn until(&mut self, stops: &[char], escapes: bool) -> (String, Stop) {
        let mut out = String::new();
        loop {
            let Some(c) = self.read() else {
                return (out, Stop::Eof);
            };
            if stops.contains(&c) {
                return (out, Stop::Rune(c));
            }
            if escapes && c == '\\' {
                match self.read() {
                    Some(next) => out.push(next),
                    None => return (out, Stop::Eof),
                }
            } else {
                out.push(c);
            }
        }
    }
}
