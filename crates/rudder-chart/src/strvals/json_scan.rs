//! Where the first JSON value of a text ends, as Go's `json.Decoder.Decode` finds it.
//!
//! `--set-json key=<json>,key2=<json>` hands the rest of the line to a fresh `json.Decoder`,
//! decodes one value and skips `InputOffset()` bytes. The decoder's scanner decides where the
//! value ends (a number or literal ends at the first byte that cannot continue it, so
//! `a=1b=2` is `a: 1` followed by the key `b`) and where the first syntax error is. This is
//! that state machine; the value itself, and the error text, come from `rudder-yaml`'s
//! `encoding/json` (which reports the same first error for the same bytes).

/// Go's `maxNestingDepth`.
const MAX_DEPTH: usize = 10_000;

/// Why no complete value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ScanError {
    /// A syntax error at this byte offset.
    Syntax(usize),
    /// The text ended inside the value (`io.ErrUnexpectedEOF`).
    UnexpectedEof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    ObjectKey,
    ObjectValue,
    Array,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    BeginValue,
    BeginValueOrEmpty,
    BeginStringOrEmpty,
    BeginString,
    InString,
    InStringEsc,
    /// `\u` with this many hex digits read.
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    /// Inside `true`, `false` or `null`: the bytes still expected.
    Literal(&'static [u8]),
    EndValue,
}

enum Step {
    Continue,
    /// The value ended before this byte.
    End,
    /// The value ended with this byte (`}` or `]` closing the top level).
    EndAfter,
    Error,
}

struct Machine {
    state: State,
    stack: Vec<Container>,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

impl Machine {
    fn push(&mut self, c: Container) -> Step {
        self.stack.push(c);
        if self.stack.len() <= MAX_DEPTH {
            Step::Continue
        } else {
            Step::Error
        }
    }

    fn begin_value(&mut self, c: u8) -> Step {
        if is_space(c) {
            return Step::Continue;
        }
        self.state = match c {
            b'{' => {
                self.state = State::BeginStringOrEmpty;
                return self.push(Container::ObjectKey);
            }
            b'[' => {
                self.state = State::BeginValueOrEmpty;
                return self.push(Container::Array);
            }
            b'"' => State::InString,
            b'-' => State::Neg,
            b'0' => State::Zero,
            b't' => State::Literal(b"rue"),
            b'f' => State::Literal(b"alse"),
            b'n' => State::Literal(b"ull"),
            b'1'..=b'9' => State::One,
            _ => return Step::Error,
        };
        Step::Continue
    }

    /// `stateEndValue`: after a complete value, at byte `c`.
    fn end_value(&mut self, c: u8) -> Step {
        let Some(&top) = self.stack.last() else {
            // Completed the top-level value before this byte.
            return Step::End;
        };
        if is_space(c) {
            self.state = State::EndValue;
            return Step::Continue;
        }
        match (top, c) {
            (Container::ObjectKey, b':') => {
                *self.stack.last_mut().expect("non-empty") = Container::ObjectValue;
                self.state = State::BeginValue;
                Step::Continue
            }
            (Container::ObjectValue, b',') => {
                *self.stack.last_mut().expect("non-empty") = Container::ObjectKey;
                self.state = State::BeginString;
                Step::Continue
            }
            (Container::ObjectValue, b'}') | (Container::Array, b']') => {
                self.stack.pop();
                if self.stack.is_empty() {
                    Step::EndAfter
                } else {
                    self.state = State::EndValue;
                    Step::Continue
                }
            }
            (Container::Array, b',') => {
                self.state = State::BeginValue;
                Step::Continue
            }
            _ => Step::Error,
        }
    }

    fn step(&mut self, c: u8) -> Step {
        let hex = |c: u8| c.is_ascii_hexdigit();
        match self.state {
            State::BeginValue => self.begin_value(c),
            State::BeginValueOrEmpty => {
                if is_space(c) {
                    Step::Continue
                } else if c == b']' {
                    self.end_value(c)
                } else {
                    self.begin_value(c)
                }
            }
            State::BeginStringOrEmpty => {
                if is_space(c) {
                    Step::Continue
                } else if c == b'}' {
                    *self.stack.last_mut().expect("non-empty") = Container::ObjectValue;
                    self.end_value(c)
                } else {
                    self.begin_string(c)
                }
            }
            State::BeginString => self.begin_string(c),
            State::InString => {
                match c {
                    b'"' => self.state = State::EndValue,
                    b'\\' => self.state = State::InStringEsc,
                    0..0x20 => return Step::Error,
                    _ => {}
                }
                Step::Continue
            }
            State::InStringEsc => {
                self.state = match c {
                    b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => State::InString,
                    b'u' => State::InStringEscU(0),
                    _ => return Step::Error,
                };
                Step::Continue
            }
            State::InStringEscU(n) => {
                if !hex(c) {
                    return Step::Error;
                }
                self.state = if n == 3 {
                    State::InString
                } else {
                    State::InStringEscU(n + 1)
                };
                Step::Continue
            }
            State::Neg => {
                self.state = match c {
                    b'0' => State::Zero,
                    b'1'..=b'9' => State::One,
                    _ => return Step::Error,
                };
                Step::Continue
            }
            State::One if c.is_ascii_digit() => Step::Continue,
            State::One | State::Zero => match c {
                b'.' => {
                    self.state = State::Dot;
                    Step::Continue
                }
                b'e' | b'E' => {
                    self.state = State::E;
                    Step::Continue
                }
                _ => self.end_value(c),
            },
            State::Dot => {
                if !c.is_ascii_digit() {
                    return Step::Error;
                }
                self.state = State::Dot0;
                Step::Continue
            }
            State::Dot0 => match c {
                b'0'..=b'9' => Step::Continue,
                b'e' | b'E' => {
                    self.state = State::E;
                    Step::Continue
                }
                _ => self.end_value(c),
            },
            State::E if c == b'+' || c == b'-' => {
                self.state = State::ESign;
                Step::Continue
            }
            State::E | State::ESign => {
                if !c.is_ascii_digit() {
                    return Step::Error;
                }
                self.state = State::E0;
                Step::Continue
            }
            State::E0 => {
                if c.is_ascii_digit() {
                    Step::Continue
                } else {
                    self.end_value(c)
                }
            }
            State::Literal(rest) => {
                if c != rest[0] {
                    return Step::Error;
                }
                self.state = if rest.len() == 1 {
                    State::EndValue
                } else {
                    State::Literal(&rest[1..])
                };
                Step::Continue
            }
            State::EndValue => self.end_value(c),
        }
    }

    fn begin_string(&mut self, c: u8) -> Step {
        if is_space(c) {
            return Step::Continue;
        }
        if c == b'"' {
            self.state = State::InString;
            return Step::Continue;
        }
        Step::Error
    }

    /// Whether the state at the end of the input completes a top-level value (Go steps
    /// the scanner once more with a space).
    fn complete_at_eof(&self) -> bool {
        self.stack.is_empty()
            && matches!(
                self.state,
                State::EndValue | State::One | State::Zero | State::Dot0 | State::E0
            )
    }
}

/// The length of the first JSON value of `data` (leading whitespace included), as
/// `Decoder.InputOffset()` reports it after one `Decode`.
pub(super) fn value_end(data: &[u8]) -> Result<usize, ScanError> {
    let mut m = Machine {
        state: State::BeginValue,
        stack: Vec::new(),
    };
    for (i, &c) in data.iter().enumerate() {
        match m.step(c) {
            Step::Continue => {}
            Step::End => return Ok(i),
            Step::EndAfter => return Ok(i + 1),
            Step::Error => return Err(ScanError::Syntax(i)),
        }
    }
    if m.complete_at_eof() {
        Ok(data.len())
    } else {
        Err(ScanError::UnexpectedEof)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends() {
        assert_eq!(value_end(b"1"), Ok(1));
        assert_eq!(value_end(b"1b=2"), Ok(1));
        assert_eq!(value_end(b"{\"a\":[1,2]},x"), Ok(11));
        assert_eq!(value_end(b"\"x\" ,"), Ok(3));
        assert_eq!(value_end(b"true"), Ok(4));
        assert_eq!(value_end(b"[ ]x"), Ok(3));
        assert_eq!(value_end(b"{}"), Ok(2));
        assert_eq!(value_end(b"-"), Err(ScanError::UnexpectedEof));
        assert_eq!(value_end(b"1."), Err(ScanError::UnexpectedEof));
        assert_eq!(value_end(b"[1,"), Err(ScanError::UnexpectedEof));
        assert_eq!(value_end(b"x"), Err(ScanError::Syntax(0)));
        assert_eq!(value_end(b"tru,"), Err(ScanError::Syntax(3)));
        assert_eq!(value_end(b"{1}"), Err(ScanError::Syntax(1)));
        assert_eq!(value_end(b"[1 2]"), Err(ScanError::Syntax(3)));
    }

    #[test]
    fn depth_is_capped() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(
            value_end(deep.as_bytes()),
            Err(ScanError::Syntax(MAX_DEPTH))
        );
    }
}
