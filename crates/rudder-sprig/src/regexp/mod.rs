//! Go's `regexp` package as Sprig's `regex*` functions use it, over the `regex` crate: Go's
//! RE2 syntax and errors (see [`syntax`]), leftmost-first matching (the same semantics as
//! the `regex` crate's), and Go's loops for `FindAll`, `ReplaceAll` (with `$1`/`${name}`
//! expansion, where `$1x` names group `1x`), `Split` and `QuoteMeta`.

mod class;
mod syntax;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rudder_template::Func;
use rudder_value::Value;

use crate::error::{Error, Result};
use crate::lists;

pub(crate) use syntax::SyntaxError;

/// A compiled Go regular expression.
#[derive(Debug)]
pub(crate) struct Regexp {
    expr: String,
    re: regex::Regex,
    names: Vec<String>,
}

/// Compiled patterns, shared by every call (Sprig compiles on every call; templates call
/// the same few patterns over and over). Bounded so hostile input cannot grow it without
/// limit.
static CACHE: Mutex<Option<HashMap<String, Arc<Regexp>>>> = Mutex::new(None);
const CACHE_LIMIT: usize = 512;

impl Regexp {
    /// `regexp.Compile`.
    pub(crate) fn compile(expr: &str) -> Result<Arc<Self>, SyntaxError> {
        if let Some(hit) = CACHE
            .lock()
            .ok()
            .and_then(|c| c.as_ref().and_then(|m| m.get(expr).cloned()))
        {
            return Ok(hit);
        }
        let translated = syntax::translate(expr)?;
        let re = regex::RegexBuilder::new(&translated.pattern)
            .size_limit(256 << 20)
            .nest_limit(4096)
            .build()
            .map_err(|_| SyntaxError {
                code: syntax::Code::Large,
                expr: expr.to_owned(),
            })?;
        let compiled = Arc::new(Self {
            expr: expr.to_owned(),
            re,
            names: translated.names,
        });
        if let Ok(mut cache) = CACHE.lock() {
            let map = cache.get_or_insert_with(HashMap::new);
            if map.len() >= CACHE_LIMIT {
                map.clear();
            }
            map.insert(expr.to_owned(), compiled.clone());
        }
        Ok(compiled)
    }

    /// `regexp.MustCompile`: the panic text on failure.
    pub(crate) fn must_compile(expr: &str) -> Result<Arc<Self>> {
        Self::compile(expr).map_err(|e| {
            let quoted = if rudder_value::strconv::can_backquote(expr.as_bytes()) {
                format!("`{expr}`")
            } else {
                rudder_value::strconv::quote(expr)
            };
            Error::msg(format!("regexp: Compile({quoted}): {e}"))
        })
    }

    /// `MatchString`.
    pub(crate) fn is_match(&self, s: &str) -> bool {
        self.re.is_match(s)
    }

    /// `FindString`.
    pub(crate) fn find(&self, s: &str) -> String {
        self.re
            .find(s)
            .map(|m| m.as_str().to_owned())
            .unwrap_or_default()
    }

    /// Go's `allMatches`: successive matches, an empty match right after the previous match
    /// skipped; at most `n` (all when negative).
    fn all_matches(&self, s: &str, n: i64) -> Vec<(usize, usize)> {
        let limit = if n < 0 { usize::MAX } else { n as usize };
        let mut out = Vec::new();
        let mut pos = 0;
        let mut prev_end: Option<usize> = None;
        while out.len() < limit && pos <= s.len() {
            let Some(m) = self.re.find_at(s, pos) else {
                break;
            };
            let (start, end) = (m.start(), m.end());
            let mut accept = true;
            if end == pos {
                if Some(start) == prev_end {
                    accept = false;
                }
                pos += s[pos..].chars().next().map_or(1, char::len_utf8);
            } else {
                pos = end;
            }
            prev_end = Some(end);
            if accept {
                out.push((start, end));
            }
        }
        out
    }

    /// `FindAllString(s, n)`: nil (`None`) when nothing matches.
    pub(crate) fn find_all(&self, s: &str, n: i64) -> Option<Vec<String>> {
        if n == 0 {
            return None;
        }
        let matches = self.all_matches(s, n);
        if matches.is_empty() {
            return None;
        }
        Some(matches.iter().map(|&(a, b)| s[a..b].to_owned()).collect())
    }

    /// Go's `replaceAll` loop with `repl` writing each replacement.
    fn replace_loop(
        &self,
        src: &str,
        mut repl: impl FnMut(&mut String, &regex::Captures<'_>),
    ) -> String {
        let mut out = String::with_capacity(src.len());
        let mut last_end = 0;
        let mut search = 0;
        while search <= src.len() {
            let Some(caps) = self.re.captures_at(src, search) else {
                break;
            };
            let whole = caps.get(0).map_or(0..0, |m| m.range());
            out.push_str(&src[last_end..whole.start]);
            if whole.end > last_end || whole.start == 0 {
                repl(&mut out, &caps);
            }
            last_end = whole.end;
            let width = src[search..].chars().next().map_or(0, char::len_utf8);
            if search + width > whole.end {
                search += width;
            } else if search + 1 > whole.end {
                search += 1;
            } else {
                search = whole.end;
            }
        }
        out.push_str(&src[last_end..]);
        out
    }

    /// `ReplaceAllString`: `$1`, `${1}`, `$name`, `${name}` and `$$` expanded.
    pub(crate) fn replace_all(&self, src: &str, template: &str) -> String {
        self.replace_loop(src, |out, caps| self.expand(out, template, caps))
    }

    /// `ReplaceAllLiteralString`.
    pub(crate) fn replace_all_literal(&self, src: &str, repl: &str) -> String {
        self.replace_loop(src, |out, _| out.push_str(repl))
    }

    /// Go's `Regexp.expand`.
    fn expand(&self, out: &mut String, mut template: &str, caps: &regex::Captures<'_>) {
        while let Some(dollar) = template.find('$') {
            out.push_str(&template[..dollar]);
            template = &template[dollar + 1..];
            if let Some(rest) = template.strip_prefix('$') {
                out.push('$');
                template = rest;
                continue;
            }
            let Some((name, num, rest)) = extract(template) else {
                out.push('$');
                continue;
            };
            template = rest;
            if let Some(num) = num {
                if let Some(m) = caps.get(num) {
                    out.push_str(m.as_str());
                }
            } else if let Some(i) = self.names.iter().position(|n| n == name)
                && let Some(m) = caps.get(i)
            {
                out.push_str(m.as_str());
            }
        }
        out.push_str(template);
    }

    /// `Split(s, n)`: nil (`None`) when n is 0.
    pub(crate) fn split(&self, s: &str, n: i64) -> Option<Vec<String>> {
        if n == 0 {
            return None;
        }
        if !self.expr.is_empty() && s.is_empty() {
            return Some(vec![String::new()]);
        }
        let matches = self.all_matches(s, n);
        let mut out = Vec::with_capacity(matches.len());
        let (mut beg, mut end) = (0, 0);
        for (a, b) in matches {
            if n > 0 && out.len() as i64 >= n - 1 {
                break;
            }
            end = a;
            if b != 0 {
                out.push(s[beg..end].to_owned());
            }
            beg = b;
        }
        if end != s.len() {
            out.push(s[beg..].to_owned());
        }
        Some(out)
    }
}

/// Go's `extract`: a group name or number after `$` (`name`, `{name}`), the number when it
/// is one (no leading zeros, below 10^8), and the rest of the template.
fn extract(s: &str) -> Option<(&str, Option<usize>, &str)> {
    let (brace, body) = match s.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let len: usize = body
        .chars()
        .take_while(|&c| crate::text::is_letter(c) || crate::text::is_digit(c) || c == '_')
        .map(char::len_utf8)
        .sum();
    if len == 0 {
        return None;
    }
    let name = &body[..len];
    let mut rest = &body[len..];
    if brace {
        rest = rest.strip_prefix('}')?;
    }
    let mut num: Option<usize> = Some(0);
    for b in name.bytes() {
        match num {
            Some(n) if b.is_ascii_digit() && n < 100_000_000 => {
                num = Some(n * 10 + usize::from(b - b'0'));
            }
            _ => {
                num = None;
                break;
            }
        }
    }
    if name.len() > 1 && name.starts_with('0') {
        num = None;
    }
    Some((name, num, rest))
}

/// `regexp.QuoteMeta`.
pub(crate) fn quote_meta(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn strings(v: Option<Vec<String>>) -> Value {
    match v {
        Some(items) => lists::strings(items),
        None => Value::List(rudder_value::List::nil(rudder_value::ElemType::String)),
    }
}

/// A compile for a `must*` function: Go's `regexp.Compile` error as the error.
fn compile(expr: &str) -> Result<Arc<Regexp>> {
    Regexp::compile(expr).map_err(Error::msg)
}

pub(crate) fn register(add: &mut impl FnMut(&str, Func)) {
    use rudder_template::Type;
    use rudder_value::ElemType;
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let i = |v: &Value| match v {
        Value::Int(n, _) => *n,
        _ => 0,
    };
    let f = |params: Vec<Type>, result: Type, imp: fn(&[Value]) -> Result<Value>| {
        Func::new(params, result, move |_, a| imp(a).map_err(Into::into))
    };
    let (st, it, strs) = (Type::String, Type::INT, Type::List(ElemType::String));
    let _ = (s, i);

    add(
        "regexMatch",
        f(vec![st.clone(), st.clone()], Type::Bool, |a| {
            Ok(Value::Bool(
                Regexp::compile(text(&a[0])).is_ok_and(|r| r.is_match(text(&a[1]))),
            ))
        }),
    );
    add(
        "mustRegexMatch",
        f(vec![st.clone(), st.clone()], Type::Bool, |a| {
            Ok(Value::Bool(compile(text(&a[0]))?.is_match(text(&a[1]))))
        }),
    );
    add(
        "regexFindAll",
        f(
            vec![st.clone(), st.clone(), it.clone()],
            strs.clone(),
            |a| {
                let r = Regexp::must_compile(text(&a[0]))?;
                Ok(strings(r.find_all(text(&a[1]), int(&a[2]))))
            },
        ),
    );
    add(
        "mustRegexFindAll",
        f(
            vec![st.clone(), st.clone(), it.clone()],
            strs.clone(),
            |a| {
                let r = compile(text(&a[0]))?;
                Ok(strings(r.find_all(text(&a[1]), int(&a[2]))))
            },
        ),
    );
    add(
        "regexFind",
        f(vec![st.clone(), st.clone()], st.clone(), |a| {
            Ok(Value::string(
                Regexp::must_compile(text(&a[0]))?.find(text(&a[1])),
            ))
        }),
    );
    add(
        "mustRegexFind",
        f(vec![st.clone(), st.clone()], st.clone(), |a| {
            Ok(Value::string(compile(text(&a[0]))?.find(text(&a[1]))))
        }),
    );
    add(
        "regexReplaceAll",
        f(vec![st.clone(), st.clone(), st.clone()], st.clone(), |a| {
            let r = Regexp::must_compile(text(&a[0]))?;
            Ok(Value::string(r.replace_all(text(&a[1]), text(&a[2]))))
        }),
    );
    add(
        "mustRegexReplaceAll",
        f(vec![st.clone(), st.clone(), st.clone()], st.clone(), |a| {
            let r = compile(text(&a[0]))?;
            Ok(Value::string(r.replace_all(text(&a[1]), text(&a[2]))))
        }),
    );
    add(
        "regexReplaceAllLiteral",
        f(vec![st.clone(), st.clone(), st.clone()], st.clone(), |a| {
            let r = Regexp::must_compile(text(&a[0]))?;
            Ok(Value::string(
                r.replace_all_literal(text(&a[1]), text(&a[2])),
            ))
        }),
    );
    add(
        "mustRegexReplaceAllLiteral",
        f(vec![st.clone(), st.clone(), st.clone()], st.clone(), |a| {
            let r = compile(text(&a[0]))?;
            Ok(Value::string(
                r.replace_all_literal(text(&a[1]), text(&a[2])),
            ))
        }),
    );
    add(
        "regexSplit",
        f(
            vec![st.clone(), st.clone(), it.clone()],
            strs.clone(),
            |a| {
                let r = Regexp::must_compile(text(&a[0]))?;
                Ok(strings(r.split(text(&a[1]), int(&a[2]))))
            },
        ),
    );
    add(
        "mustRegexSplit",
        f(vec![st.clone(), st.clone(), it], strs, |a| {
            let r = compile(text(&a[0]))?;
            Ok(strings(r.split(text(&a[1]), int(&a[2]))))
        }),
    );
    add(
        "regexQuoteMeta",
        f(vec![st.clone()], st, |a| {
            Ok(Value::string(quote_meta(text(&a[0]))))
        }),
    );
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(n, _) => *n,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(p: &str) -> Arc<Regexp> {
        Regexp::compile(p).unwrap()
    }

    #[test]
    fn find_all_skips_empty_after_match() {
        assert_eq!(re("a*").find_all("baaac", -1).unwrap(), ["", "aaa", ""]);
        assert_eq!(re("a").find_all("xyz", -1), None);
    }

    #[test]
    fn replacement_expansion() {
        assert_eq!(re("(a)").replace_all("ab", "$1x"), "b");
        assert_eq!(re("(a)").replace_all("ab", "${1}x"), "axb");
        assert_eq!(re("(?P<n>a)").replace_all("ab", "[$n]"), "[a]b");
        assert_eq!(re("a").replace_all("ab", "$$"), "$b");
        assert_eq!(re("a*").replace_all("baaac", "X"), "XbXcX");
        assert_eq!(re("a").replace_all_literal("aa", "$1"), "$1$1");
    }

    #[test]
    fn splitting() {
        assert_eq!(re("/").split("a/b/c", -1).unwrap(), ["a", "b", "c"]);
        assert_eq!(re("/").split("a/b/c", 2).unwrap(), ["a", "b/c"]);
        assert_eq!(re("/").split("", -1).unwrap(), [""]);
        assert!(re("/").split("a", 0).is_none());
        assert_eq!(re("").split("abc", -1).unwrap(), ["a", "b", "c"]);
    }

    #[test]
    fn ascii_classes() {
        assert!(!re(r"^\d$").is_match("٣"));
        assert!(!re(r"^\w$").is_match("é"));
        assert!(re(r"\bfoo\b").is_match("a foo b"));
    }

    #[test]
    fn quoting() {
        assert_eq!(quote_meta("1.5-2.0?"), r"1\.5-2\.0\?");
    }
}
