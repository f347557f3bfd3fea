//! `encoding/json.Valid`: the syntax check alone. Unlike a decoder it accepts numbers of any
//! size and strings with invalid UTF-8 (Go's scanner does not look inside strings beyond
//! escapes), and refuses nesting deeper than Go's 10000 levels.

const MAX_DEPTH: usize = 10_000;

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scan<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> bool {
        self.eat(b'-');
        if self.eat(b'0') {
        } else if self.digits() == 0 {
            return false;
        }
        if self.eat(b'.') && self.digits() == 0 {
            return false;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return false;
            }
        }
        true
    }

    fn string(&mut self) -> bool {
        // after the opening quote
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'"' => return true,
                b'\\' => match self.peek() {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                    Some(b'u') => {
                        self.i += 1;
                        for _ in 0..4 {
                            if !self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                                return false;
                            }
                            self.i += 1;
                        }
                    }
                    _ => return false,
                },
                c if c < 0x20 => return false,
                _ => {}
            }
        }
        false
    }

    fn value(&mut self, depth: usize) -> bool {
        self.ws();
        let Some(c) = self.peek() else {
            return false;
        };
        match c {
            b'{' | b'[' => {
                if depth >= MAX_DEPTH {
                    return false;
                }
                self.i += 1;
                let close = if c == b'{' { b'}' } else { b']' };
                self.ws();
                if self.eat(close) {
                    return true;
                }
                loop {
                    if c == b'{' {
                        self.ws();
                        if !self.eat(b'"') || !self.string() {
                            return false;
                        }
                        self.ws();
                        if !self.eat(b':') {
                            return false;
                        }
                    }
                    if !crate::deep(|| self.value(depth + 1)) {
                        return false;
                    }
                    self.ws();
                    if self.eat(close) {
                        return true;
                    }
                    if !self.eat(b',') {
                        return false;
                    }
                }
            }
            b'"' => {
                self.i += 1;
                self.string()
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => false,
        }
    }
}

/// `json.Valid(data)`.
pub fn json_valid(data: &[u8]) -> bool {
    let mut s = Scan { b: data, i: 0 };
    if !s.value(0) {
        return false;
    }
    s.ws();
    s.i == data.len()
}

#[cfg(test)]
mod tests {
    use super::json_valid;

    #[test]
    fn as_go() {
        for ok in [
            "{}",
            " [1, -0.5e+3, \"a\\u00e9\", true, null] ",
            "1e400",
            "\"\u{e9}\"",
        ] {
            assert!(json_valid(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "{", "01", "[1,]", "{\"a\"}", "\"\t\"", "tru", "1 2", "-", "1.",
        ] {
            assert!(!json_valid(bad.as_bytes()), "{bad}");
        }
        assert!(json_valid(b"\"\xff\""));
        assert!(json_valid(
            &[b"[".repeat(10_000), b"]".repeat(10_000)].concat()
        ));
        assert!(!json_valid(
            &[b"[".repeat(10_001), b"]".repeat(10_001)].concat()
        ));
    }
}
