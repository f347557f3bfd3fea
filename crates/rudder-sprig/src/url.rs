//! `urlParse` and `urlJoin`: Go's `net/url` `Parse` and `URL.String` (Go 1.26), with Go's
//! escaping tables and error texts.

use std::fmt::Write;

use rudder_template::{Func, Type};
use rudder_value::{Map, Value};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    Zone,
    UserPassword,
    Fragment,
}

/// Go's `shouldEscape`.
fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if matches!(mode, Mode::Host | Mode::Zone)
        && matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        )
    {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => match mode {
            Mode::Path => return c == b'?',
            Mode::UserPassword => return matches!(c, b'@' | b'/' | b'?' | b':'),
            Mode::Fragment => return false,
            _ => {}
        },
        _ => {}
    }
    if mode == Mode::Fragment && matches!(c, b'!' | b'(' | b')' | b'*') {
        return false;
    }
    true
}

fn unhex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// Go's `unescape`.
#[expect(clippy::many_single_char_names, reason = "Go's names")]
fn unescape(s: &str, mode: Mode) -> std::result::Result<String, String> {
    let b = s.as_bytes();
    let escape_err = |t: &[u8]| {
        format!(
            "invalid URL escape {}",
            rudder_value::strconv::quote(&String::from_utf8_lossy(t))
        )
    };
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                n += 1;
                if i + 2 >= b.len()
                    || !b[i + 1].is_ascii_hexdigit()
                    || !b[i + 2].is_ascii_hexdigit()
                {
                    let rest = &b[i..];
                    return Err(escape_err(&rest[..rest.len().min(3)]));
                }
                if mode == Mode::Host && unhex(b[i + 1]) < 8 && &b[i..i + 3] != b"%25" {
                    return Err(escape_err(&b[i..i + 3]));
                }
                if mode == Mode::Zone {
                    let v = unhex(b[i + 1]) << 4 | unhex(b[i + 2]);
                    if &b[i..i + 3] != b"%25" && v != b' ' && should_escape(v, Mode::Host) {
                        return Err(escape_err(&b[i..i + 3]));
                    }
                }
                i += 3;
            }
            c => {
                if matches!(mode, Mode::Host | Mode::Zone) && c < 0x80 && should_escape(c, mode) {
                    return Err(format!(
                        "invalid character {} in host name",
                        rudder_value::strconv::quote(&char::from(c).to_string())
                    ));
                }
                i += 1;
            }
        }
    }
    if n == 0 {
        return Ok(s.to_owned());
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(unhex(b[i + 1]) << 4 | unhex(b[i + 2]));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(rudder_value::unicode::lossy(out))
}

/// Go's `escape`.
fn escape(s: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        if should_escape(c, mode) {
            let _ = write!(out, "%{c:02X}");
        } else {
            out.push(char::from(c));
        }
    }
    out
}

fn valid_encoded(s: &str, mode: Mode) -> bool {
    s.bytes().all(|c| {
        matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'['
                | b']'
                | b'%'
        ) || !should_escape(c, mode)
    })
}

fn valid_optional_port(port: &str) -> bool {
    port.is_empty() || port.starts_with(':') && port[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Go's `Userinfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct User {
    name: String,
    password: Option<String>,
}

impl User {
    fn to_go_string(&self) -> String {
        let mut s = escape(&self.name, Mode::UserPassword);
        if let Some(p) = &self.password {
            s.push(':');
            s.push_str(&escape(p, Mode::UserPassword));
        }
        s
    }
}

/// Go's `url.URL` (the fields Sprig reads or writes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Url {
    scheme: String,
    opaque: String,
    user: Option<User>,
    host: String,
    path: String,
    raw_path: String,
    omit_host: bool,
    force_query: bool,
    raw_query: String,
    fragment: String,
    raw_fragment: String,
}

fn parse_host(scheme: &str, host: &str) -> std::result::Result<String, String> {
    if let Some(open) = host.rfind('[') {
        if open > 0 {
            return Err("invalid IP-literal".into());
        }
        let Some(close) = host.rfind(']') else {
            return Err("missing ']' in host".into());
        };
        let colon_port = &host[close + 1..];
        if !valid_optional_port(colon_port) {
            return Err(format!(
                "invalid port {} after host",
                rudder_value::strconv::quote(colon_port)
            ));
        }
        let colon_port = unescape(colon_port, Mode::Host)?;
        let hostname = &host[1..close];
        let unescaped = match hostname.find("%25") {
            Some(z) => {
                unescape(&hostname[..z], Mode::Host)? + &unescape(&hostname[z..], Mode::Zone)?
            }
            None => unescape(hostname, Mode::Host)?,
        };
        let addr = unescaped.split('%').next().unwrap_or_default();
        if addr.parse::<std::net::Ipv4Addr>().is_ok() {
            return Err("invalid IP-literal".into());
        }
        if addr.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!(
                "invalid host: ParseAddr({}): unable to parse IP",
                rudder_value::strconv::quote(&unescaped)
            ));
        }
        return Ok(format!("[{unescaped}]{colon_port}"));
    }
    if let Some(first) = host.find(':') {
        let last = host.rfind(':').unwrap_or(first);
        // Go 1.26 (urlstrictcolons=1): http and https hosts may hold one colon only.
        let i = if last != first && !(scheme == "http" || scheme == "https") {
            last
        } else {
            first
        };
        let colon_port = &host[i..];
        if !valid_optional_port(colon_port) {
            return Err(format!(
                "invalid port {} after host",
                rudder_value::strconv::quote(colon_port)
            ));
        }
    }
    unescape(host, Mode::Host)
}

fn valid_userinfo(s: &str) -> bool {
    s.chars().all(|r| {
        r.is_ascii_alphanumeric()
            || matches!(
                r,
                '-' | '.'
                    | '_'
                    | ':'
                    | '~'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | '%'
                    | '@'
            )
    })
}

fn parse_authority(
    scheme: &str,
    authority: &str,
) -> std::result::Result<(Option<User>, String), String> {
    let at = authority.rfind('@');
    let host = parse_host(scheme, &authority[at.map_or(0, |i| i + 1)..])?;
    let Some(at) = at else {
        return Ok((None, host));
    };
    let userinfo = &authority[..at];
    if !valid_userinfo(userinfo) {
        return Err("net/url: invalid userinfo".into());
    }
    let user = match userinfo.split_once(':') {
        None => User {
            name: unescape(userinfo, Mode::UserPassword)?,
            password: None,
        },
        Some((name, password)) => User {
            name: unescape(name, Mode::UserPassword)?,
            password: Some(unescape(password, Mode::UserPassword)?),
        },
    };
    Ok((Some(user), host))
}

/// Go's `getScheme`.
fn get_scheme(raw: &str) -> std::result::Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                if i == 0 {
                    return Ok(("", raw));
                }
            }
            b':' => {
                if i == 0 {
                    return Err("missing protocol scheme".into());
                }
                return Ok((&raw[..i], &raw[i + 1..]));
            }
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

fn parse_inner(raw: &str, via_request: bool) -> std::result::Result<Url, String> {
    if raw.bytes().any(|b| b < b' ' || b == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    if raw.is_empty() && via_request {
        return Err("empty url".into());
    }
    let mut u = Url::default();
    if raw == "*" {
        u.path = "*".into();
        return Ok(u);
    }
    let (scheme, rest) = get_scheme(raw)?;
    u.scheme = scheme.to_ascii_lowercase();
    let mut rest = rest.to_owned();
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        u.force_query = true;
        rest.pop();
    } else if let Some(at) = rest.find('?') {
        rest[at + 1..].clone_into(&mut u.raw_query);
        rest.truncate(at);
    }
    if !rest.starts_with('/') {
        if !u.scheme.is_empty() {
            u.opaque = rest;
            return Ok(u);
        }
        if via_request {
            return Err("invalid URI for request".into());
        }
        if rest.split('/').next().unwrap_or_default().contains(':') {
            return Err("first path segment in URL cannot contain colon".into());
        }
    }
    if (!u.scheme.is_empty() || !via_request && !rest.starts_with("///")) && rest.starts_with("//")
    {
        let mut authority = rest[2..].to_owned();
        let mut path = String::new();
        if let Some(i) = authority.find('/') {
            authority[i..].clone_into(&mut path);
            authority.truncate(i);
        }
        let (user, host) = parse_authority(&u.scheme, &authority)?;
        u.user = user;
        u.host = host;
        rest = path;
    } else if !u.scheme.is_empty() && rest.starts_with('/') {
        u.omit_host = true;
    }
    u.path = unescape(&rest, Mode::Path)?;
    if escape(&u.path, Mode::Path) != rest {
        u.raw_path = rest;
    }
    Ok(u)
}

/// Go's `url.Parse`; errors as `*url.Error` prints them (`parse "x": …`).
fn parse(raw: &str) -> std::result::Result<Url, String> {
    let quote = rudder_value::strconv::quote;
    let (head, frag) = match raw.split_once('#') {
        Some((h, f)) => (h, Some(f)),
        None => (raw, None),
    };
    let mut u = parse_inner(head, false).map_err(|e| format!("parse {}: {e}", quote(head)))?;
    if let Some(f) = frag.filter(|f| !f.is_empty()) {
        u.fragment =
            unescape(f, Mode::Fragment).map_err(|e| format!("parse {}: {e}", quote(raw)))?;
        if escape(&u.fragment, Mode::Fragment) != f {
            f.clone_into(&mut u.raw_fragment);
        }
    }
    Ok(u)
}

/// What callers outside Sprig read of a parsed URL (lint's `govalidator` checks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlParts {
    /// `URL.Scheme` (lowercased).
    pub scheme: String,
    /// `URL.Host`.
    pub host: String,
    /// `URL.Path` (unescaped).
    pub path: String,
}

impl From<Url> for UrlParts {
    fn from(u: Url) -> Self {
        Self {
            scheme: u.scheme,
            host: u.host,
            path: u.path,
        }
    }
}

/// Go's `url.Parse`.
///
/// # Errors
/// Go's text (`parse "x": ...`).
pub fn go_url_parse(raw: &str) -> std::result::Result<UrlParts, String> {
    parse(raw).map(UrlParts::from)
}

/// Go's `url.ParseRequestURI`: no fragment split, and a path must be absolute.
///
/// # Errors
/// Go's text (`parse "x": invalid URI for request`).
pub fn go_parse_request_uri(raw: &str) -> std::result::Result<UrlParts, String> {
    parse_inner(raw, true)
        .map(UrlParts::from)
        .map_err(|e| format!("parse {}: {e}", rudder_value::strconv::quote(raw)))
}

impl Url {
    fn escaped_path(&self) -> String {
        if !self.raw_path.is_empty()
            && valid_encoded(&self.raw_path, Mode::Path)
            && unescape(&self.raw_path, Mode::Path).is_ok_and(|p| p == self.path)
        {
            return self.raw_path.clone();
        }
        if self.path == "*" {
            return "*".into();
        }
        escape(&self.path, Mode::Path)
    }

    fn escaped_fragment(&self) -> String {
        if !self.raw_fragment.is_empty()
            && valid_encoded(&self.raw_fragment, Mode::Fragment)
            && unescape(&self.raw_fragment, Mode::Fragment).is_ok_and(|f| f == self.fragment)
        {
            return self.raw_fragment.clone();
        }
        escape(&self.fragment, Mode::Fragment)
    }

    /// Go's `Hostname`.
    fn hostname(&self) -> String {
        let mut host = self.host.as_str();
        if let Some(colon) = host.rfind(':')
            && valid_optional_port(&host[colon..])
        {
            host = &host[..colon];
        }
        if host.starts_with('[') && host.ends_with(']') && host.len() >= 2 {
            host = &host[1..host.len() - 1];
        }
        host.to_owned()
    }

    /// Go's `URL.String`.
    fn to_go_string(&self) -> String {
        let mut buf = String::new();
        if !self.scheme.is_empty() {
            buf.push_str(&self.scheme);
            buf.push(':');
        }
        if self.opaque.is_empty() {
            if (!self.scheme.is_empty() || !self.host.is_empty() || self.user.is_some())
                && (!self.omit_host || !self.host.is_empty() || self.user.is_some())
            {
                {
                    if !self.host.is_empty() || !self.path.is_empty() || self.user.is_some() {
                        buf.push_str("//");
                    }
                    if let Some(ui) = &self.user {
                        buf.push_str(&ui.to_go_string());
                        buf.push('@');
                    }
                    if !self.host.is_empty() {
                        buf.push_str(&escape(&self.host, Mode::Host));
                    }
                }
            }
            let path = self.escaped_path();
            if !path.is_empty() && !path.starts_with('/') && !self.host.is_empty() {
                buf.push('/');
            }
            if buf.is_empty() && path.split('/').next().unwrap_or_default().contains(':') {
                buf.push_str("./");
            }
            buf.push_str(&path);
        } else {
            buf.push_str(&self.opaque);
        }
        if self.force_query || !self.raw_query.is_empty() {
            buf.push('?');
            buf.push_str(&self.raw_query);
        }
        if !self.fragment.is_empty() {
            buf.push('#');
            buf.push_str(&self.escaped_fragment());
        }
        buf
    }
}

/// `urlParse s`.
pub(crate) fn url_parse(s: &str) -> Result<Value> {
    let u = parse(s).map_err(|e| Error::msg(format!("unable to parse url: {e}")))?;
    let m = Map::new();
    let put = |k: &str, v: String| {
        m.insert(k, Value::string(v));
    };
    put("scheme", u.scheme.clone());
    put("host", u.host.clone());
    put("hostname", u.hostname());
    put("path", u.path.clone());
    put("query", u.raw_query.clone());
    put("opaque", u.opaque.clone());
    put("fragment", u.fragment.clone());
    put(
        "userinfo",
        u.user.as_ref().map(User::to_go_string).unwrap_or_default(),
    );
    Ok(Value::Map(m))
}

/// Sprig's `dictGetOrEmpty`: the string under `key`, `""` if absent, a panic otherwise.
fn dict_string(d: &Map, key: &str) -> Result<String> {
    match d.get(key) {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.to_string()),
        Some(Value::Nil) => Err(crate::lists::nil_deref()),
        Some(other) => Err(Error::msg(format!(
            "unable to parse {key} key, must be of type string, but {} found",
            other.kind().name()
        ))),
    }
}

/// `urlJoin d`.
pub(crate) fn url_join(d: &Map) -> Result<String> {
    let mut u = Url {
        scheme: dict_string(d, "scheme")?,
        host: dict_string(d, "host")?,
        path: dict_string(d, "path")?,
        raw_query: dict_string(d, "query")?,
        opaque: dict_string(d, "opaque")?,
        fragment: dict_string(d, "fragment")?,
        ..Url::default()
    };
    let userinfo = dict_string(d, "userinfo")?;
    if !userinfo.is_empty() {
        let parsed = parse(&format!("proto://{userinfo}@host"))
            .map_err(|e| Error::msg(format!("unable to parse userinfo in dict: {e}")))?;
        u.user = parsed.user;
    }
    Ok(u.to_go_string())
}

pub(crate) fn register(add: &mut impl FnMut(&str, Func)) {
    add(
        "urlParse",
        Func::new(vec![Type::String], Type::map(), |_, a| {
            url_parse(a[0].as_str().unwrap_or_default()).map_err(Into::into)
        }),
    );
    add(
        "urlJoin",
        Func::new(vec![Type::map()], Type::String, |_, a| {
            let d = a[0]
                .as_map()
                .cloned()
                .unwrap_or_else(|| Map::nil(rudder_value::MapType::interface()));
            url_join(&d).map(Value::string).map_err(Into::into)
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in [
            "http://www.google.com",
            "http://user:pass@host:8080/p/a/t/h?query=1#frag",
            "mailto:a@b.c",
            "/relative/path",
            "http://[fe80::1]:80/x",
            "http://host/a%20b",
            "http://host/a%2fb",
            "file:///etc/passwd",
        ] {
            assert_eq!(parse(s).unwrap().to_go_string(), s, "{s}");
        }
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse(":x").unwrap_err(),
            "parse \":x\": missing protocol scheme"
        );
        assert_eq!(
            parse("http://a b").unwrap_err(),
            "parse \"http://a b\": invalid character \" \" in host name"
        );
        assert_eq!(
            parse("%zz").unwrap_err(),
            "parse \"%zz\": invalid URL escape \"%zz\""
        );
    }
}
