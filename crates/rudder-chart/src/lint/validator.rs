//! The three `govalidator` checks the `Chart.yaml` rule uses (`IsEmail`, `IsURL`,
//! `IsRequestURL`, govalidator v0.0.0-20230301143203), with the URL parsing of Go's
//! `net/url` supplied by the caller (rudder-sprig has it; this crate sits beside it).
//!
//! The accepted languages are govalidator's; the expressions are assembled here from named
//! parts. Go's `\d`, `\s` and `\S` are ASCII classes, so they are spelled out: Rust's are
//! Unicode-aware.

use std::sync::LazyLock;

use regex::Regex;

/// The parts of a parsed URL the checks read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlParts {
    /// `URL.Scheme`.
    pub scheme: String,
    /// `URL.Host`.
    pub host: String,
    /// `URL.Path`.
    pub path: String,
}

/// Go's `net/url` parsing: `url.Parse` and `url.ParseRequestURI`.
pub trait UrlParser {
    /// `url.Parse(raw)`; `None` where Go returns an error.
    fn parse(&self, raw: &str) -> Option<UrlParts>;
    /// `url.ParseRequestURI(raw)`; `None` where Go returns an error.
    fn parse_request_uri(&self, raw: &str) -> Option<UrlParts>;
}

/// The Unicode ranges RFC 5322's `atext` is extended with (`ucschar`-like).
const UCS: &str = r"\x{A0}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}";

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let atext = format!(r"[a-zA-Z0-9!#$%&'*+\-/=?^_`{{|}}~{UCS}]");
    let dot_atom = format!(r"{atext}+(?:\.{atext}+)*");
    let fws = r"(?:(?:[ \t]*\r\n)?[ \t]+)";
    let qtext = format!(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\x21\x23-\x5b\x5d-\x7e{UCS}]");
    // govalidator's "quoted pair" is a literal '(' and one character, or a wide character
    // alone (its pattern escapes the paren where RFC 5322 has a backslash); kept as it is.
    let pair = format!(r"(?:\([\x01-\x09\x0b\x0c\x0d-\x7f]|[{UCS}])");
    let quoted = format!(r#""(?:{fws}?(?:{qtext}|{pair}))*{fws}?""#);
    let alnum = format!("[a-zA-Z0-9{UCS}]");
    let alpha = format!("[a-zA-Z{UCS}]");
    let label = format!(r"(?:{alnum}|{alnum}[a-zA-Z0-9\-._~{UCS}]*{alnum})");
    let tld = format!(r"(?:{alpha}|{alpha}[a-zA-Z0-9\-_~{UCS}]*{alpha})");
    let pattern = format!(r"^(?:{dot_atom}|{quoted})@(?:{label}\.)+{tld}\.?$");
    Regex::new(&pattern).expect("email pattern")
});

/// The IPv6 text forms govalidator's `IP` pattern accepts (inside `[...]` in a URL).
fn ipv6_pattern() -> String {
    let h = "[0-9a-fA-F]{1,4}";
    let octet = "(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])";
    let v4 = format!(r"(?:{octet}\.){{3}}{octet}");
    let forms = [
        format!("(?:{h}:){{7}}{h}"),
        format!("(?:{h}:){{1,7}}:"),
        format!("(?:{h}:){{1,6}}:{h}"),
        format!("(?:{h}:){{1,5}}(?::{h}){{1,2}}"),
        format!("(?:{h}:){{1,4}}(?::{h}){{1,3}}"),
        format!("(?:{h}:){{1,3}}(?::{h}){{1,4}}"),
        format!("(?:{h}:){{1,2}}(?::{h}){{1,5}}"),
        format!("{h}:(?::{h}){{1,6}}"),
        format!(":(?:(?::{h}){{1,7}}|:)"),
        "fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]+".to_owned(),
        format!("::(?:ffff(?::0{{1,4}})?:)?{v4}"),
        format!("(?:{h}:){{1,4}}:{v4}"),
    ];
    format!("(?:{})", forms.join("|"))
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    let not_space = r"[^\t\n\x0c\r ]";
    let scheme = "(?:(?:ftp|tcp|udp|wss?|https?)://)";
    let user = format!("(?:{not_space}+(?::{not_space}*)?@)");
    let ip = r"(?:[1-9][0-9]?|1[0-9][0-9]|2[01][0-9]|22[0-3]|24[0-9]|25[0-5])(?:\.(?:[0-9]{1,2}|1[0-9][0-9]|2[0-4][0-9]|25[0-5])){2}(?:\.(?:[0-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5]))";
    let subdomain =
        r"(?:(?:www\.)|(?:[a-zA-Z0-9]+(?:[-_.]?[a-zA-Z0-9])*[a-zA-Z0-9]\.[a-zA-Z0-9]+))";
    let hostlike = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9\-_]+)?[a-zA-Z0-9](?:[-.][a-zA-Z0-9]+)*)";
    let wide = r"a-zA-Z\x{00a1}-\x{ffff}";
    let name = format!(r"(?:(?:[{wide}0-9]+-?-?)*[{wide}0-9]+)(?:\.[{wide}]+)?");
    let host = format!(
        r"(?:{ip}|\[{}\]|(?:(?:{hostlike}|{subdomain}?)?{name}))",
        ipv6_pattern()
    );
    let port = "(?::[0-9]{1,5})";
    let path = format!(r"(?:[/?#]{not_space}*)");
    let pattern = format!(r"^{scheme}?{user}?{host}\.?{port}?{path}?$");
    Regex::new(&pattern).expect("url pattern")
});

/// `govalidator.IsEmail`.
pub fn is_email(s: &str) -> bool {
    EMAIL.is_match(s)
}

const MAX_URL_RUNES: usize = 2083;
const MIN_URL_LEN: usize = 3;

/// `govalidator.IsURL`.
pub fn is_url(s: &str, urls: &dyn UrlParser) -> bool {
    if s.is_empty()
        || s.chars().count() >= MAX_URL_RUNES
        || s.len() <= MIN_URL_LEN
        || s.starts_with('.')
    {
        return false;
    }
    let parsed = if s.contains(':') && !s.contains("://") {
        urls.parse(&format!("http://{s}"))
    } else {
        urls.parse(s)
    };
    let Some(u) = parsed else {
        return false;
    };
    if u.host.starts_with('.') {
        return false;
    }
    if u.host.is_empty() && !u.path.is_empty() && !u.path.contains('.') {
        return false;
    }
    URL.is_match(s)
}

/// `govalidator.IsRequestURL`: `url.ParseRequestURI` succeeds with a scheme.
pub fn is_request_url(s: &str, urls: &dyn UrlParser) -> bool {
    urls.parse_request_uri(s)
        .is_some_and(|u| !u.scheme.is_empty())
}
