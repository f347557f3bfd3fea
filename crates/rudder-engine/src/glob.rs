//! `github.com/gobwas/glob` v0.2.3 as `.Files.Glob` compiles it (separator `/`): `*` (no
//! separator), `**` (anything), `?` (one non-separator character), `[abc]`, `[!abc]`, `[a-z]`,
//! `[!a-z]`, `{a,b}` alternatives and `\` escapes. Its quirks are kept: a class is either one
//! range or a list of literal characters (`[a-z0-9]` does not compile), classes match the
//! separator too, an unclosed `{` acts as if closed, and `,` or `}` outside braces are text.

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Text(Vec<char>),
    Any,
    Super,
    Single,
    List { chars: Vec<char>, not: bool },
    Range { lo: char, hi: char, not: bool },
    AnyOf(Vec<Vec<Node>>),
}

/// A compiled glob.
#[derive(Debug, Clone)]
pub(crate) struct Glob {
    alternatives: Vec<Vec<Atom>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Char(char),
    Any,
    Super,
    Single,
    List { chars: Vec<char>, not: bool },
    Range { lo: char, hi: char, not: bool },
}

struct Lexer<'a> {
    chars: Vec<char>,
    pos: usize,
    terms: usize,
    _src: &'a str,
}

#[derive(Debug)]
enum Tok {
    Text(Vec<char>),
    Any,
    Super,
    Single,
    TermsOpen,
    Separator,
    TermsClose,
    Range(RangeTok),
}

#[derive(Debug, Default)]
struct RangeTok {
    not: bool,
    lo: Option<char>,
    hi: Option<char>,
    chars: Vec<char>,
}

impl Lexer<'_> {
    fn read(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn text(&mut self, breakers: &[char]) -> Vec<char> {
        let mut data = Vec::new();
        let mut escaped = false;
        while let Some(c) = self.read() {
            if !escaped {
                if c == '\\' {
                    escaped = true;
                    continue;
                }
                if breakers.contains(&c) {
                    self.pos -= 1;
                    break;
                }
            }
            escaped = false;
            data.push(c);
        }
        data
    }

    fn range(&mut self) -> Result<RangeTok, ()> {
        let mut tok = RangeTok::default();
        let mut want_hi = false;
        let mut want_close = false;
        let mut seen_not = false;
        loop {
            let c = self.read().ok_or(())?;
            if want_close {
                return if c == ']' { Ok(tok) } else { Err(()) };
            }
            if want_hi {
                tok.hi = Some(c);
                want_close = true;
                continue;
            }
            if !seen_not && c == '!' {
                tok.not = true;
                seen_not = true;
                continue;
            }
            if self.peek() == Some('-') {
                self.pos += 1;
                tok.lo = Some(c);
                want_hi = true;
                continue;
            }
            self.pos -= 1;
            let text = self.text(&[']']);
            if !text.is_empty() {
                tok.chars = text;
            }
            want_close = true;
        }
    }

    fn next(&mut self) -> Result<Option<Tok>, ()> {
        let Some(c) = self.read() else {
            return Ok(None);
        };
        Ok(Some(match c {
            '{' => {
                self.terms += 1;
                Tok::TermsOpen
            }
            ',' if self.terms > 0 => Tok::Separator,
            '}' if self.terms > 0 => {
                self.terms -= 1;
                Tok::TermsClose
            }
            '[' => Tok::Range(self.range()?),
            '?' => Tok::Single,
            '*' => {
                if self.peek() == Some('*') {
                    self.pos += 1;
                    Tok::Super
                } else {
                    Tok::Any
                }
            }
            _ => {
                self.pos -= 1;
                let breakers: &[char] = if self.terms > 0 {
                    &['?', '*', '[', '{', '}', ',']
                } else {
                    &['?', '*', '[', '{']
                };
                let text = self.text(breakers);
                if text.is_empty() {
                    // Only a lone `\` at the end reads nothing: the end of input.
                    return Ok(None);
                }
                Tok::Text(text)
            }
        }))
    }
}

/// Parses into nested patterns, as gobwas' `ast.Parse` builds its tree.
fn parse(pattern: &str) -> Result<Vec<Node>, ()> {
    let mut lex = Lexer {
        chars: pattern.chars().collect(),
        pos: 0,
        terms: 0,
        _src: pattern,
    };
    // A stack of open alternatives: each frame is (the pattern before the `{`, the finished
    // alternatives, the current alternative).
    let mut stack: Vec<(Vec<Node>, Vec<Vec<Node>>)> = Vec::new();
    let mut current: Vec<Node> = Vec::new();
    while let Some(tok) = lex.next()? {
        match tok {
            Tok::Text(t) => current.push(Node::Text(t)),
            Tok::Any => current.push(Node::Any),
            Tok::Super => current.push(Node::Super),
            Tok::Single => current.push(Node::Single),
            Tok::Range(r) => {
                let is_range = r.lo.is_some_and(|c| c != '\0') && r.hi.is_some_and(|c| c != '\0');
                let is_chars = !r.chars.is_empty();
                if is_chars == is_range {
                    return Err(());
                }
                if let (true, Some(lo), Some(hi)) = (is_range, r.lo, r.hi) {
                    if hi < lo {
                        return Err(());
                    }
                    current.push(Node::Range { lo, hi, not: r.not });
                } else {
                    current.push(Node::List {
                        chars: r.chars,
                        not: r.not,
                    });
                }
            }
            Tok::TermsOpen => {
                stack.push((std::mem::take(&mut current), Vec::new()));
            }
            Tok::Separator => {
                if let Some((_, alts)) = stack.last_mut() {
                    alts.push(std::mem::take(&mut current));
                }
            }
            Tok::TermsClose => {
                if let Some((mut before, mut alts)) = stack.pop() {
                    alts.push(std::mem::take(&mut current));
                    before.push(Node::AnyOf(alts));
                    current = before;
                }
            }
        }
    }
    // Unclosed braces close at the end of input.
    while let Some((mut before, mut alts)) = stack.pop() {
        alts.push(std::mem::take(&mut current));
        before.push(Node::AnyOf(alts));
        current = before;
    }
    Ok(current)
}

fn expand(nodes: &[Node]) -> Vec<Vec<Atom>> {
    let mut out: Vec<Vec<Atom>> = vec![Vec::new()];
    for node in nodes {
        match node {
            Node::AnyOf(alts) => {
                let mut next = Vec::new();
                for alt in alts {
                    for tail in expand(alt) {
                        for head in &out {
                            let mut seq = head.clone();
                            seq.extend(tail.iter().cloned());
                            next.push(seq);
                        }
                    }
                }
                out = next;
            }
            other => {
                let atoms: Vec<Atom> = match other {
                    Node::Text(t) => t.iter().map(|c| Atom::Char(*c)).collect(),
                    Node::Any => vec![Atom::Any],
                    Node::Super => vec![Atom::Super],
                    Node::Single => vec![Atom::Single],
                    Node::List { chars, not } => vec![Atom::List {
                        chars: chars.clone(),
                        not: *not,
                    }],
                    Node::Range { lo, hi, not } => vec![Atom::Range {
                        lo: *lo,
                        hi: *hi,
                        not: *not,
                    }],
                    Node::AnyOf(_) => Vec::new(),
                };
                for seq in &mut out {
                    seq.extend(atoms.iter().cloned());
                }
            }
        }
        if out.len() > 4096 {
            // A pathological number of alternatives: keep the first ones.
            out.truncate(4096);
        }
    }
    out
}

impl Glob {
    /// `glob.Compile(pattern, '/')`, or `None` where gobwas reports an error.
    pub(crate) fn compile(pattern: &str) -> Option<Self> {
        let nodes = parse(pattern).ok()?;
        Some(Self {
            alternatives: expand(&nodes),
        })
    }

    /// `**`: matches everything (what `.Files.Glob` falls back to on a bad pattern).
    pub(crate) fn everything() -> Self {
        Self {
            alternatives: vec![vec![Atom::Super]],
        }
    }

    /// Whether `name` matches as a whole.
    pub(crate) fn matches(&self, name: &str) -> bool {
        let s: Vec<char> = name.chars().collect();
        self.alternatives.iter().any(|seq| match_atoms(seq, &s))
    }
}

fn match_atoms(p: &[Atom], s: &[char]) -> bool {
    let Some((first, rest)) = p.split_first() else {
        return s.is_empty();
    };
    match first {
        Atom::Super => (0..=s.len()).any(|i| match_atoms(rest, &s[i..])),
        Atom::Any => {
            let limit = s.iter().position(|c| *c == '/').unwrap_or(s.len());
            (0..=limit).any(|i| match_atoms(rest, &s[i..]))
        }
        single => {
            let Some((c, tail)) = s.split_first() else {
                return false;
            };
            let ok = match single {
                Atom::Char(x) => x == c,
                Atom::Single => *c != '/',
                Atom::List { chars, not } => chars.contains(c) != *not,
                Atom::Range { lo, hi, not } => (lo <= c && c <= hi) != *not,
                Atom::Super | Atom::Any => false,
            };
            ok && match_atoms(rest, tail)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Glob;

    fn m(p: &str, s: &str) -> bool {
        Glob::compile(p).unwrap_or_else(Glob::everything).matches(s)
    }

    #[test]
    fn gobwas_semantics() {
        assert!(m("*.txt", "a.txt"));
        assert!(!m("*.txt", "d/a.txt"));
        assert!(m("**.txt", "d/a.txt"));
        assert!(m("d/*", "d/a"));
        assert!(!m("d/?", "d//"));
        assert!(m("{a,b}.txt", "b.txt"));
        assert!(m("{a,b", "b"));
        assert!(m("[ab].txt", "b.txt"));
        assert!(m("[!ab].txt", "c.txt"));
        assert!(m("[a-c].txt", "b.txt"));
        assert!(m("a,b}", "a,b}"));
        // Does not compile: everything matches.
        assert!(Glob::compile("[a-z0-9]").is_none());
        assert!(Glob::compile("[").is_none());
        assert!(m("[a-z0-9]", "anything/at/all"));
    }
}
