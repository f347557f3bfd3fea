//! Go's `regexp/syntax` (Perl flags, as `regexp.Compile` uses them) translated to the `regex`
//! crate's syntax.
//!
//! The pattern is scanned the way Go's parser scans it, so every pattern Go rejects is
//! rejected with Go's error code and the same offending text (`missing closing )` for
//! `(a`, `invalid nested repetition operator` for `a**`, ...), and every accepted pattern is written
//! out in a form whose meaning does not depend on where Rust and Go differ:
//!
//! * `\d \w \s \b` are ASCII in Go and Unicode in Rust: they become explicit ASCII classes
//!   and `(?-u:\b)`;
//! * flags are applied per atom (`(?i:a)`, `(?s:.)`, `(?m:^)`), and greediness is resolved
//!   (Go's `(?U)` swaps it), so Rust's flag scoping never matters;
//! * every literal that is not alphanumeric is written as `\x{..}` (Rust gives meaning to
//!   escapes such as `\<` that are plain characters in Go);
//! * `\p{..}` names are resolved with Go's rules (Go 1.26 canonicalises the name, so
//!   `\p{greek}` works and `\p{Old_Italic}` does not) and Go's `\Q…\E` is expanded;
//! * captures are unnamed in the output (Go allows names Rust does not, such as `1x`); the
//!   names are kept in [`Translated::names`].

use super::class::{parse_class, parse_escape, parse_unicode_class, perl_class};

/// Go's `syntax.ErrorCode`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    InvalidCharRange,
    InvalidEscape,
    InvalidNamedCapture,
    InvalidPerlOp,
    InvalidRepeatOp,
    InvalidRepeatSize,
    MissingBracket,
    MissingParen,
    MissingRepeatArgument,
    TrailingBackslash,
    UnexpectedParen,
    NestingDepth,
    Large,
}

impl Code {
    fn text(self) -> &'static str {
        match self {
            Self::InvalidCharRange => "invalid character class range",
            Self::InvalidEscape => "invalid escape sequence",
            Self::InvalidNamedCapture => "invalid named capture",
            Self::InvalidPerlOp => "invalid or unsupported Perl syntax",
            Self::InvalidRepeatOp => "invalid nested repetition operator",
            Self::InvalidRepeatSize => "invalid repeat count",
            Self::MissingBracket => "missing closing ]",
            Self::MissingParen => "missing closing )",
            Self::MissingRepeatArgument => "missing argument to repetition operator",
            Self::TrailingBackslash => "trailing backslash at end of expression",
            Self::UnexpectedParen => "unexpected )",
            Self::NestingDepth => "expression nests too deeply",
            Self::Large => "expression too large",
        }
    }
}

/// Go's `*syntax.Error`: `error parsing regexp: CODE: ` followed by the expression in
/// backquotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) code: Code,
    pub(crate) expr: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "error parsing regexp: {}: `{}`",
            self.code.text(),
            self.expr
        )
    }
}

pub(super) fn err<T>(code: Code, expr: &str) -> Result<T, SyntaxError> {
    Err(SyntaxError {
        code,
        expr: expr.to_owned(),
    })
}

/// A translated pattern.
#[derive(Debug, Clone)]
pub(crate) struct Translated {
    /// The pattern in the `regex` crate's syntax.
    pub(crate) pattern: String,
    /// Go's capture names by group index (index 0 is the whole match, always `""`).
    pub(crate) names: Vec<String>,
}

/// The flags Go's parser tracks (`regexp.Compile` starts with `OneLine` and `PerlX`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[expect(clippy::struct_excessive_bools, reason = "Go's four independent flags")]
pub(super) struct Flags {
    fold_case: bool,
    multi_line: bool,
    dot_nl: bool,
    non_greedy: bool,
}

impl Flags {
    /// `(?i:…)`-style prefix for an atom, or empty.
    pub(super) fn wrap(self, atom: &str, i: bool, m: bool, s: bool) -> String {
        let mut f = String::new();
        if i && self.fold_case {
            f.push('i');
        }
        if m && self.multi_line {
            f.push('m');
        }
        if s && self.dot_nl {
            f.push('s');
        }
        if f.is_empty() {
            atom.to_owned()
        } else {
            format!("(?{f}:{atom})")
        }
    }
}

/// An `OpRepeat` node with its bound, for Go's `repeatIsValid` (nested counts may not
/// multiply past 1000).
#[derive(Debug, Clone)]
struct Rep {
    bound: i64,
    subs: Vec<Rep>,
}

fn repeat_is_valid(reps: &[Rep], n: i64) -> bool {
    reps.iter().all(|r| {
        let mut n = n;
        if r.bound == 0 {
            return true;
        }
        if r.bound > n {
            return false;
        }
        if r.bound > 0 {
            n /= r.bound;
        }
        repeat_is_valid(&r.subs, n)
    })
}

/// One element of a concatenation.
#[derive(Debug, Clone)]
struct Item {
    text: String,
    reps: Vec<Rep>,
    depth: usize,
    /// Go's `calcSize` estimate of the compiled program.
    size: i64,
}

/// Go's `maxSize`: 128 MB of instructions of 40 bytes.
const MAX_SIZE: i64 = (128 << 20) / 40;

/// An open group (or the top level).
#[derive(Debug)]
struct Frame {
    /// Finished alternatives.
    alternatives: Vec<Vec<Item>>,
    /// The concatenation being built.
    items: Vec<Item>,
    /// Whether the last thing seen was a `|` or the group start (a repeat has no argument).
    at_start: bool,
    /// The flags to restore when the group closes.
    saved: Flags,
    /// Capturing (`(…)`) or not (`(?:…)`), or the top level.
    kind: FrameKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Top,
    Capture,
    NonCapture,
}

impl Frame {
    fn new(kind: FrameKind, saved: Flags) -> Self {
        Self {
            alternatives: Vec::new(),
            items: Vec::new(),
            at_start: true,
            saved,
            kind,
        }
    }

    fn finish(mut self) -> Item {
        let mut branches = std::mem::take(&mut self.alternatives);
        branches.push(std::mem::take(&mut self.items));
        let mut reps = Vec::new();
        let mut depth = 0;
        let mut size: i64 = 0;
        let alternatives = branches.len() as i64;
        let texts: Vec<String> = branches
            .into_iter()
            .map(|b| {
                let mut s = String::new();
                for it in b {
                    s.push_str(&it.text);
                    reps.extend(it.reps);
                    depth = depth.max(it.depth);
                    size = size.saturating_add(it.size);
                }
                s
            })
            .collect();
        size = size.saturating_add(alternatives - 1);
        if self.kind == FrameKind::Capture {
            size = size.saturating_add(2);
        }
        let body = texts.join("|");
        let text = match self.kind {
            FrameKind::Capture => format!("({body})"),
            FrameKind::NonCapture | FrameKind::Top => format!("(?:{body})"),
        };
        Item {
            text,
            reps,
            depth: depth + 1,
            size: size.max(1),
        }
    }
}

/// Go's `maxHeight`.
const MAX_HEIGHT: usize = 1000;

pub(super) fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// A literal rune written so that no regex syntax can capture it.
fn literal_text(c: char) -> String {
    if is_alnum(c) || (!c.is_ascii() && !c.is_whitespace()) {
        c.to_string()
    } else {
        format!("\\x{{{:X}}}", u32::from(c))
    }
}

/// Go's `parseRepeat` for `{n}`, `{n,}`, `{n,m}`: `(min, max, bytes consumed)`, max -1 for
/// unbounded, a bound -1 when a number is too big.
fn parse_repeat(s: &str) -> Option<(i64, i64, usize)> {
    let b = s.as_bytes();
    let mut i = 1;
    let int = |i: &mut usize| -> Option<i64> {
        let start = *i;
        if *i >= b.len() || !b[*i].is_ascii_digit() {
            return None;
        }
        if b.len() - *i >= 2 && b[*i] == b'0' && b[*i + 1].is_ascii_digit() {
            return None;
        }
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        let mut n: i64 = 0;
        for &d in &b[start..*i] {
            if n >= 100_000_000 {
                return Some(-1);
            }
            n = n * 10 + i64::from(d - b'0');
        }
        Some(n)
    };
    let mut min = int(&mut i)?;
    if i >= b.len() {
        return None;
    }
    let max;
    if b[i] == b',' {
        i += 1;
        if i >= b.len() {
            return None;
        }
        if b[i] == b'}' {
            max = -1;
        } else {
            max = int(&mut i)?;
            if max < 0 {
                min = -1;
            }
        }
    } else {
        max = min;
    }
    if i >= b.len() || b[i] != b'}' {
        return None;
    }
    Some((min, max, i + 1))
}

/// Translates a Go pattern (`regexp.Compile` flags) to `regex` crate syntax.
pub(crate) fn translate(expr: &str) -> Result<Translated, SyntaxError> {
    let mut names = vec![String::new()];
    let mut flags = Flags::default();
    let mut stack: Vec<Frame> = vec![Frame::new(FrameKind::Top, flags)];
    let mut t = 0;
    // The text of the previous repetition operator, for Go's "invalid nested repetition".
    let mut last_repeat: Option<usize> = None;
    while t < expr.len() {
        let s = &expr[t..];
        let mut repeat_start: Option<usize> = None;
        let c = s.as_bytes()[0];
        let top = stack.len() - 1;
        match c {
            b'(' => {
                if s.as_bytes().get(1) == Some(&b'?') {
                    let used = perl_flags(s, &mut flags, &mut stack, &mut names)?;
                    t += used;
                } else {
                    names.push(String::new());
                    stack.push(Frame::new(FrameKind::Capture, flags));
                    t += 1;
                }
                if stack.len() > MAX_HEIGHT {
                    return err(Code::NestingDepth, expr);
                }
            }
            b'|' => {
                let frame = &mut stack[top];
                let items = std::mem::take(&mut frame.items);
                frame.alternatives.push(items);
                frame.at_start = true;
                t += 1;
            }
            b')' => {
                if stack.len() < 2 {
                    return err(Code::UnexpectedParen, expr);
                }
                let frame = stack
                    .pop()
                    .unwrap_or_else(|| Frame::new(FrameKind::Top, flags));
                flags = frame.saved;
                let item = frame.finish();
                if item.depth > MAX_HEIGHT {
                    return err(Code::NestingDepth, expr);
                }
                if item.size > MAX_SIZE {
                    return err(Code::Large, expr);
                }
                push(&mut stack, item);
                t += 1;
            }
            b'^' => {
                push_atom(&mut stack, flags.wrap("^", false, true, false));
                t += 1;
            }
            b'$' => {
                let atom = if flags.multi_line { "(?m:$)" } else { "\\z" };
                push_atom(&mut stack, atom.to_owned());
                t += 1;
            }
            b'.' => {
                push_atom(
                    &mut stack,
                    if flags.dot_nl { "(?s:.)" } else { "." }.to_owned(),
                );
                t += 1;
            }
            b'[' => {
                let (class, used) = parse_class(s, flags)?;
                push_atom(&mut stack, class);
                t += used;
            }
            b'*' | b'+' | b'?' => {
                let op = match c {
                    b'*' => "*",
                    b'+' => "+",
                    _ => "?",
                };
                let used = repeat(expr, t, 1, op, None, flags, &mut stack, last_repeat)?;
                repeat_start = Some(t);
                t += used;
            }
            b'{' => {
                if let Some((min, max, len)) = parse_repeat(s) {
                    if !(0..=1000).contains(&min) || max > 1000 || max >= 0 && min > max {
                        return err(Code::InvalidRepeatSize, &s[..len]);
                    }
                    let op = if max < 0 {
                        format!("{{{min},}}")
                    } else if max == min {
                        format!("{{{min}}}")
                    } else {
                        format!("{{{min},{max}}}")
                    };
                    let bound = match max.cmp(&0) {
                        std::cmp::Ordering::Equal => 0,
                        std::cmp::Ordering::Less => min,
                        std::cmp::Ordering::Greater => max,
                    };
                    let counted = Some((bound, min >= 2 || max >= 2));
                    let used = repeat(expr, t, len, &op, counted, flags, &mut stack, last_repeat)?;
                    repeat_start = Some(t);
                    t += used;
                } else {
                    push_atom(&mut stack, flags.wrap("\\{", true, false, false));
                    t += 1;
                }
            }
            b'\\' => {
                t += escape(s, flags, &mut stack)?;
            }
            _ => {
                let ch = s.chars().next().unwrap_or('\0');
                push_atom(
                    &mut stack,
                    flags.wrap(&literal_text(ch), true, false, false),
                );
                t += ch.len_utf8();
            }
        }
        last_repeat = repeat_start;
    }
    if stack.len() != 1 {
        return err(Code::MissingParen, expr);
    }
    let top = stack
        .pop()
        .unwrap_or_else(|| Frame::new(FrameKind::Top, flags));
    Ok(Translated {
        pattern: top.finish().text,
        names,
    })
}

/// Pushes a finished item onto the current concatenation.
fn push(stack: &mut [Frame], item: Item) {
    if let Some(frame) = stack.last_mut() {
        frame.items.push(item);
        frame.at_start = false;
    }
}

fn push_atom(stack: &mut [Frame], text: String) {
    push(
        stack,
        Item {
            text,
            reps: Vec::new(),
            depth: 1,
            size: 1,
        },
    );
}

/// Go's `parser.repeat`: applies `op` (`*`, `+`, `?`, `{…}`) of `len` bytes at `expr[t..]`
/// to the last item; returns the bytes consumed (including a non-greedy `?`).
#[expect(
    clippy::too_many_arguments,
    reason = "the parser state Go's repeat reads"
)]
fn repeat(
    expr: &str,
    t: usize,
    len: usize,
    op: &str,
    counted: Option<(i64, bool)>,
    flags: Flags,
    stack: &mut [Frame],
    last_repeat: Option<usize>,
) -> Result<usize, SyntaxError> {
    let mut used = len;
    let mut non_greedy = flags.non_greedy;
    if expr[t + used..].starts_with('?') {
        used += 1;
        non_greedy = !non_greedy;
    }
    if let Some(start) = last_repeat {
        return err(Code::InvalidRepeatOp, &expr[start..t + used]);
    }
    let Some(frame) = stack.last_mut() else {
        return err(Code::MissingRepeatArgument, &expr[t..t + used]);
    };
    if frame.at_start || frame.items.is_empty() {
        return err(Code::MissingRepeatArgument, &expr[t..t + used]);
    }
    let Some(mut item) = frame.items.pop() else {
        return err(Code::MissingRepeatArgument, &expr[t..t + used]);
    };
    let sub = item.size;
    item.size = match (op, counted) {
        ("*", _) => 2 + sub,
        ("+" | "?", _) => 1 + sub,
        (_, Some((_, _))) => repeat_size(op, sub),
        _ => sub,
    }
    .max(1);
    if let Some((bound, check)) = counted {
        item.reps = vec![Rep {
            bound,
            subs: std::mem::take(&mut item.reps),
        }];
        if check && !repeat_is_valid(&item.reps, 1000) {
            return err(Code::InvalidRepeatSize, &expr[t..t + used]);
        }
    }
    item.text = format!("(?:{}){op}{}", item.text, if non_greedy { "?" } else { "" });
    item.depth += 1;
    if item.depth > MAX_HEIGHT {
        return err(Code::NestingDepth, expr);
    }
    if item.size > MAX_SIZE {
        return err(Code::Large, expr);
    }
    frame.items.push(item);
    Ok(used)
}

/// Go's `calcSize` of `x{min,max}` (`op` is the `{…}` text) over a sub-expression of
/// size `sub`.
fn repeat_size(op: &str, sub: i64) -> i64 {
    let inner = &op[1..op.len() - 1];
    let (min, max) = match inner.split_once(',') {
        Some((a, "")) => (a.parse().unwrap_or(0), -1),
        Some((a, b)) => (a.parse().unwrap_or(0), b.parse().unwrap_or(0)),
        None => {
            let n: i64 = inner.parse().unwrap_or(0);
            (n, n)
        }
    };
    if max == -1 {
        return if min == 0 {
            2 + sub
        } else {
            1i64.saturating_add(min.saturating_mul(sub))
        };
    }
    max.saturating_mul(sub).saturating_add(max - min)
}

/// Go's handling of `\`: assertions, `\Q…\E`, classes, and single-rune escapes.
fn escape(s: &str, flags: Flags, stack: &mut [Frame]) -> Result<usize, SyntaxError> {
    let next = s.as_bytes().get(1).copied();
    match next {
        Some(b'A') => {
            push_atom(stack, "\\A".into());
            return Ok(2);
        }
        Some(b'b') => {
            push_atom(stack, "(?-u:\\b)".into());
            return Ok(2);
        }
        Some(b'B') => {
            push_atom(stack, "(?-u:\\B)".into());
            return Ok(2);
        }
        Some(b'C') => return err(Code::InvalidEscape, &s[..2]),
        Some(b'Q') => {
            let body = &s[2..];
            let (lit, used) = match body.find("\\E") {
                Some(end) => (&body[..end], 2 + end + 2),
                None => (body, s.len()),
            };
            for ch in lit.chars() {
                push_atom(stack, flags.wrap(&literal_text(ch), true, false, false));
            }
            return Ok(used);
        }
        Some(b'z') => {
            push_atom(stack, "\\z".into());
            return Ok(2);
        }
        _ => {}
    }
    if let Some((len, class)) = parse_unicode_class(s)? {
        push_atom(stack, flags.wrap(&class, true, false, false));
        return Ok(len);
    }
    if let Some(c) = next.map(char::from)
        && let Some((set, neg)) = perl_class(c)
    {
        let class = format!("[{}{set}]", if neg { "^" } else { "" });
        push_atom(stack, flags.wrap(&class, true, false, false));
        return Ok(2);
    }
    let (ch, used) = parse_escape(s)?;
    push_atom(stack, flags.wrap(&literal_text(ch), true, false, false));
    Ok(used)
}

/// Go's `parsePerlFlags`: named captures, `(?flags)` and `(?flags:`. Returns bytes consumed.
fn perl_flags(
    s: &str,
    flags: &mut Flags,
    stack: &mut Vec<Frame>,
    names: &mut Vec<String>,
) -> Result<usize, SyntaxError> {
    let b = s.as_bytes();
    let starts_p = b.len() > 4 && b[2] == b'P' && b[3] == b'<';
    let starts_name = b.len() > 3 && b[2] == b'<';
    if starts_p || starts_name {
        let name_start = if starts_p { 4 } else { 3 };
        let Some(end) = s.find('>') else {
            return err(Code::InvalidNamedCapture, s);
        };
        let capture = &s[..=end];
        let name = &s[name_start..end];
        if name.is_empty() || !name.chars().all(|c| c == '_' || is_alnum(c)) {
            return err(Code::InvalidNamedCapture, capture);
        }
        names.push(name.to_owned());
        stack.push(Frame::new(FrameKind::Capture, *flags));
        return Ok(end + 1);
    }
    let mut f = *flags;
    let mut negate = false;
    let mut saw_flag = false;
    let mut t = 2;
    for c in s[2..].chars() {
        t += c.len_utf8();
        match c {
            'i' | 'm' | 's' | 'U' => {
                let on = !negate;
                match c {
                    'i' => f.fold_case = on,
                    'm' => f.multi_line = on,
                    's' => f.dot_nl = on,
                    _ => f.non_greedy = on,
                }
                saw_flag = true;
            }
            '-' => {
                if negate {
                    break;
                }
                negate = true;
                saw_flag = false;
            }
            ':' | ')' => {
                if negate && !saw_flag {
                    break;
                }
                if c == ':' {
                    stack.push(Frame::new(FrameKind::NonCapture, *flags));
                }
                *flags = f;
                return Ok(t);
            }
            _ => break,
        }
    }
    err(Code::InvalidPerlOp, &s[..t])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(p: &str) -> String {
        translate(p).unwrap_err().to_string()
    }

    #[test]
    fn go_error_texts() {
        assert_eq!(
            e("a**"),
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        assert_eq!(e("(a"), "error parsing regexp: missing closing ): `(a`");
        assert_eq!(e("a)"), "error parsing regexp: unexpected ): `a)`");
        assert_eq!(e("[a"), "error parsing regexp: missing closing ]: `[a`");
        assert_eq!(
            e("*"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            e("a{1001}"),
            "error parsing regexp: invalid repeat count: `{1001}`"
        );
        assert_eq!(
            e("\\8"),
            "error parsing regexp: invalid escape sequence: `\\8`"
        );
        assert_eq!(
            e("(?x)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?x`"
        );
        assert_eq!(
            e("[z-a]"),
            "error parsing regexp: invalid character class range: `z-a`"
        );
        assert_eq!(
            e("\\p{Foo}"),
            "error parsing regexp: invalid character class range: `\\p{Foo}`"
        );
        assert_eq!(
            e("a\\"),
            "error parsing regexp: trailing backslash at end of expression: ``"
        );
        assert_eq!(
            e("(?P<a-b>x)"),
            "error parsing regexp: invalid named capture: `(?P<a-b>`"
        );
        assert_eq!(
            e("\\p"),
            "error parsing regexp: invalid character class range: `\\p`"
        );
        assert_eq!(
            e("(a{2}){600}"),
            "error parsing regexp: invalid repeat count: `{600}`"
        );
    }

    #[test]
    fn translations_compile() {
        for p in [
            "a+b*?",
            "(?i)abc",
            "[\\d\\W]",
            "\\pL\\p{^Greek}",
            "[[:alpha:]-]",
            "\\Qa.b\\E",
            "x{2,}",
            "(?P<name>x)(?<n2>y)",
            "[]a]",
            "[^\\n]",
            "\\x{10FFFF}\\101",
            "(?s).(?-s).",
            "^$\\b\\B",
            "a{,3}",
            "[\\p{Greek}\\d]",
            "(?U)a+",
            "(|a)",
            "a|",
        ] {
            let t = translate(p).unwrap();
            regex::Regex::new(&t.pattern).unwrap_or_else(|e| panic!("{p} → {}: {e}", t.pattern));
        }
    }
}
