//! Proxies from the environment, chosen as Go's `net/http.ProxyFromEnvironment` chooses them
//! (`golang.org/x/net/http/httpproxy`), which Helm's HTTP clients use.
//!
//! - `HTTP_PROXY` (else `http_proxy`) for `http` URLs, `HTTPS_PROXY` (else `https_proxy`) for
//!   `https` URLs, `NO_PROXY` (else `no_proxy`) for exceptions; an empty variable counts as
//!   unset, so an empty upper-case one falls back to the lower-case one.
//! - A proxy without a scheme (`proxy:3128`, `localhost`) is read as `http://...`. A value that
//!   does not parse as a URL either way is ignored: the request goes direct, as Go's does
//!   (`init` drops the parse error).
//! - With `REQUEST_METHOD` set (a CGI handler), `HTTP_PROXY` is refused with Go's error, since
//!   a client could have set it (the `Proxy:` header); `HTTPS_PROXY` is still used.
//! - `localhost` and loopback addresses are never proxied. `NO_PROXY` is a comma-separated
//!   list of `*` (nothing is proxied), IP addresses, CIDR blocks, domain names (`example.com`
//!   matches it and its subdomains, `.example.com` and `*.example.com` only subdomains), each
//!   optionally with a port (`1.2.3.4:80`, `[::1]:443`, `example.com:8080`).
//!
//! Not done: internationalised domain names are compared as written (Go converts them to
//! punycode before matching `NO_PROXY`).

use std::net::{IpAddr, Ipv6Addr};

/// The proxy settings, as read from the environment (Go's `httpproxy.Config`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// `HTTP_PROXY` or `http_proxy`.
    pub http_proxy: String,
    /// `HTTPS_PROXY` or `https_proxy`.
    pub https_proxy: String,
    /// `NO_PROXY` or `no_proxy`.
    pub no_proxy: String,
    /// Whether `REQUEST_METHOD` is set (the process runs as a CGI handler).
    pub cgi: bool,
}

impl Environment {
    /// The settings of this process's environment.
    #[must_use]
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The settings from `lookup` (an environment variable's value by name).
    ///
    /// ```
    /// use rudder_repo::proxy::Environment;
    /// let env = Environment::from_lookup(|name| match name {
    ///     "http_proxy" => Some("proxy:3128".to_owned()),
    ///     "HTTPS_PROXY" => Some(String::new()),
    ///     _ => None,
    /// });
    /// assert_eq!(env.http_proxy, "proxy:3128");
    /// assert_eq!(env.https_proxy, "");
    /// ```
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let any = |names: [&str; 2]| {
            names
                .iter()
                .filter_map(|name| lookup(name))
                .find(|value| !value.is_empty())
                .unwrap_or_default()
        };
        Environment {
            http_proxy: any(["HTTP_PROXY", "http_proxy"]),
            https_proxy: any(["HTTPS_PROXY", "https_proxy"]),
            no_proxy: any(["NO_PROXY", "no_proxy"]),
            cgi: lookup("REQUEST_METHOD").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// A proxy's URL, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyUrl {
    /// The scheme, lower case: `http`, `https`, `socks5`, `socks5h`, or whatever was written.
    pub scheme: String,
    /// The user name and password of the user info, percent-decoded.
    pub user: Option<(String, Option<String>)>,
    /// The host name or IP address (without the brackets of an IPv6 address).
    pub host: String,
    /// The port, when the URL has one.
    pub port: Option<String>,
    /// The user info as written (for [`std::fmt::Display`]).
    raw_user: Option<String>,
}

impl ProxyUrl {
    /// The port to dial: the URL's, else the scheme's (Go's `schemePort`: 80, 443, 1080), else
    /// 0 (Go dials port 0 then, as for a proxy `foo://host`).
    #[must_use]
    pub fn port_or_default(&self) -> u16 {
        match self.port.as_deref() {
            Some(p) if !p.is_empty() => p.parse().unwrap_or(0),
            _ => match self.scheme.as_str() {
                "http" => 80,
                "https" => 443,
                "socks5" | "socks5h" => 1080,
                _ => 0,
            },
        }
    }

    /// The `Proxy-Authorization` value for the URL's user info (`Basic base64(user:password)`),
    /// if it has one.
    ///
    /// ```
    /// use rudder_repo::proxy::{Environment, Proxies};
    /// let env = Environment { http_proxy: "http://ann:s%40cret@proxy:3128".into(), ..Default::default() };
    /// let proxies = Proxies::new(&env);
    /// let proxy = proxies.for_url("http", "example.com", None).unwrap().unwrap();
    /// assert_eq!(proxy.authorization().as_deref(), Some("Basic YW5uOnNAY3JldA=="));
    /// ```
    #[must_use]
    pub fn authorization(&self) -> Option<String> {
        let (user, password) = self.user.as_ref()?;
        let plain = format!("{user}:{}", password.as_deref().unwrap_or(""));
        Some(format!(
            "Basic {}",
            rudder_value::base64::encode(plain.as_bytes())
        ))
    }
}

impl std::fmt::Display for ProxyUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://", self.scheme)?;
        if let Some(user) = &self.raw_user {
            write!(f, "{user}@")?;
        }
        if self.host.contains(':') {
            write!(f, "[{}]", self.host)?;
        } else {
            f.write_str(&self.host)?;
        }
        if let Some(port) = &self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

/// One `NO_PROXY` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Exception {
    /// `a.b.c.d/n` or `v6/n`.
    Cidr(IpAddr, u8),
    /// An address, with a port or `""` for any.
    Ip(IpAddr, String),
    /// `.domain` (with the dot), the port or `""`, and whether `domain` itself matches too.
    Domain(String, String, bool),
}

/// The proxy choice for request URLs (Go's `ProxyFunc`), built once from an [`Environment`].
#[derive(Debug, Clone, Default)]
pub struct Proxies {
    http: Option<ProxyUrl>,
    https: Option<ProxyUrl>,
    cgi: bool,
    /// `NO_PROXY` is `*`.
    none: bool,
    exceptions: Vec<Exception>,
}

impl Proxies {
    /// Parses the settings (errors are ignored, as Go ignores them).
    #[must_use]
    pub fn new(env: &Environment) -> Self {
        let mut proxies = Proxies {
            http: parse_proxy(&env.http_proxy),
            https: parse_proxy(&env.https_proxy),
            cgi: env.cgi,
            ..Proxies::default()
        };
        for entry in env.no_proxy.split(',') {
            let entry = entry.trim().to_ascii_lowercase();
            if entry.is_empty() {
                continue;
            }
            if entry == "*" {
                proxies.none = true;
                proxies.exceptions.clear();
                break;
            }
            if let Some(cidr) = parse_cidr(&entry) {
                proxies.exceptions.push(cidr);
                continue;
            }
            let (host, port) = match split_host_port(&entry) {
                Some((host, port)) => {
                    if host.is_empty() {
                        continue;
                    }
                    (host.to_owned(), port.to_owned())
                }
                None => (entry.clone(), String::new()),
            };
            if let Some(ip) = parse_ip(&host) {
                proxies.exceptions.push(Exception::Ip(ip, port));
                continue;
            }
            let host = host
                .strip_prefix('*')
                .filter(|h| h.starts_with('.'))
                .unwrap_or(&host);
            let (domain, itself) = match host.strip_prefix('.') {
                Some(_) => (host.to_owned(), false),
                None => (format!(".{host}"), true),
            };
            proxies
                .exceptions
                .push(Exception::Domain(domain, port, itself));
        }
        proxies
    }

    /// The proxies of this process's environment.
    #[must_use]
    pub fn from_env() -> Self {
        Self::new(&Environment::from_env())
    }

    /// The proxy for a request to `scheme://host[:port]`, or `None` to go direct. `host` is
    /// the URL's host name (an IPv6 address without brackets).
    ///
    /// # Errors
    /// Go's error for `HTTP_PROXY` in a CGI environment (`REQUEST_METHOD` set).
    ///
    /// ```
    /// use rudder_repo::proxy::{Environment, Proxies};
    /// let env = Environment {
    ///     https_proxy: "proxy.corp:3128".into(),
    ///     no_proxy: "internal.corp".into(),
    ///     ..Default::default()
    /// };
    /// let proxies = Proxies::new(&env);
    /// let chosen = proxies.for_url("https", "charts.example.com", None).unwrap();
    /// assert_eq!(chosen.unwrap().to_string(), "http://proxy.corp:3128");
    /// assert_eq!(proxies.for_url("https", "repo.internal.corp", None).unwrap(), None);
    /// assert_eq!(proxies.for_url("https", "127.0.0.1", Some("8443")).unwrap(), None);
    /// ```
    pub fn for_url(
        &self,
        scheme: &str,
        host: &str,
        port: Option<&str>,
    ) -> Result<Option<&ProxyUrl>, String> {
        let proxy = match scheme {
            "https" => self.https.as_ref(),
            "http" => {
                if self.http.is_some() && self.cgi {
                    return Err("refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy".to_owned());
                }
                self.http.as_ref()
            }
            _ => None,
        };
        let Some(proxy) = proxy else {
            return Ok(None);
        };
        let port = match port {
            Some(p) if !p.is_empty() => p,
            _ => match scheme {
                "http" => "80",
                "https" => "443",
                _ => "",
            },
        };
        Ok(self.use_proxy(host, port).then_some(proxy))
    }

    /// Whether a request to `host:port` goes through the proxy (Go's `useProxy`).
    fn use_proxy(&self, host: &str, port: &str) -> bool {
        // Go compares with "localhost" before it lower-cases the host.
        if host == "localhost" {
            return false;
        }
        let ip = parse_addr(host);
        if ip.is_some_and(|ip| canonical(ip).is_loopback()) {
            return false;
        }
        if self.none {
            return false;
        }
        let host = host.trim().to_ascii_lowercase();
        !self.exceptions.iter().any(|e| match e {
            Exception::Cidr(net, bits) => ip.is_some_and(|ip| in_cidr(*net, *bits, ip)),
            Exception::Ip(want, want_port) => ip.is_some_and(|ip| {
                canonical(ip) == canonical(*want) && (want_port.is_empty() || want_port == port)
            }),
            Exception::Domain(domain, want_port, itself) => {
                ip.is_none()
                    && (host.ends_with(domain.as_str()) || (*itself && host == domain[1..]))
                    && (want_port.is_empty() || want_port == port)
            }
        })
    }
}

/// IPv4-mapped IPv6 addresses as IPv4 (Go's `net.IP` compares them equal).
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// Go's `net.ParseIP` (no zone).
fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse().ok()
}

/// Go's `netip.ParseAddr`: like [`parse_ip`], and an IPv6 zone (`fe80::1%eth0`) is allowed.
fn parse_addr(s: &str) -> Option<IpAddr> {
    parse_ip(s).or_else(|| {
        let (ip, zone) = s.split_once('%')?;
        (!zone.is_empty())
            .then(|| ip.parse::<Ipv6Addr>().ok().map(IpAddr::V6))
            .flatten()
    })
}

/// Go's `net.ParseCIDR`: an address, `/`, and a decimal prefix length within its size.
fn parse_cidr(s: &str) -> Option<Exception> {
    let (ip, bits) = s.split_once('/')?;
    let ip = parse_ip(ip)?;
    if bits.is_empty() || bits.len() > 3 || !bits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let bits: u8 = bits.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some(Exception::Cidr(ip, bits))
}

/// Whether `ip` lies in `net/bits` (an IPv4 block holds IPv4-mapped IPv6 addresses too).
fn in_cidr(net: IpAddr, bits: u8, ip: IpAddr) -> bool {
    let ip = canonical(ip);
    let (net, ip, size) = match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) => {
            (u128::from(u32::from(n)), u128::from(u32::from(i)), 32u32)
        }
        (IpAddr::V6(n), IpAddr::V6(i)) => (u128::from(n), u128::from(i), 128u32),
        _ => return false,
    };
    let bits = u32::from(bits);
    if bits == 0 {
        return true;
    }
    let shift = size - bits;
    (net >> shift) == (ip >> shift)
}

/// Go's `net.SplitHostPort` (the port is not checked to be a number).
fn split_host_port(s: &str) -> Option<(&str, &str)> {
    let colon = s.rfind(':')?;
    let (host, rest_from) = if let Some(inner) = s.strip_prefix('[') {
        let end = inner.find(']')? + 1;
        if end + 1 != colon {
            return None;
        }
        (&s[1..end], end + 1)
    } else {
        let host = &s[..colon];
        if host.contains(':') {
            return None;
        }
        (host, 0)
    };
    let start = usize::from(s.starts_with('['));
    if s[start..].contains('[') || s[rest_from..].contains(']') {
        return None;
    }
    Some((host, &s[colon + 1..]))
}

/// Go's `parseProxy`: the value as a URL with a scheme and a host, else `http://` + the value;
/// `None` (go direct) when it is empty or parses neither way.
fn parse_proxy(value: &str) -> Option<ProxyUrl> {
    if value.is_empty() {
        return None;
    }
    let first = parse_url(value);
    if first
        .as_ref()
        .is_some_and(|url| !url.scheme.is_empty() && !url.host.is_empty())
    {
        return first;
    }
    parse_url(&format!("http://{value}")).or(first)
}

/// The parts of a URL Go's `url.Parse` would give a proxy setting (`None` where it fails).
fn parse_url(s: &str) -> Option<ProxyUrl> {
    if s.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return None;
    }
    let (s, fragment) = s.split_once('#').unwrap_or((s, ""));
    unescape(fragment)?;
    let (scheme, rest) = split_scheme(s)?;
    let rest = rest.split('?').next().unwrap_or("");
    let mut url = ProxyUrl {
        scheme: scheme.to_ascii_lowercase(),
        user: None,
        host: String::new(),
        port: None,
        raw_user: None,
    };
    let Some(after) = rest.strip_prefix("//") else {
        if scheme.is_empty() {
            unescape(rest)?;
            // A relative path whose first segment holds a colon is an error in Go.
            let first = rest.split('/').next().unwrap_or("");
            if first.contains(':') {
                return None;
            }
        }
        // `host:port` reads as scheme `host` with an opaque part: no host.
        return Some(url);
    };
    let (authority, path) = after.split_at(after.find('/').unwrap_or(after.len()));
    unescape(path)?;
    let host = match authority.rsplit_once('@') {
        Some((user, host)) => {
            if !user.bytes().all(valid_userinfo_byte) {
                return None;
            }
            let (name, password) = match user.split_once(':') {
                Some((n, p)) => (unescape(n)?, Some(unescape(p)?)),
                None => (unescape(user)?, None),
            };
            url.user = Some((name, password));
            url.raw_user = Some(user.to_owned());
            host
        }
        None => authority,
    };
    let (name, port) = if let Some(inner) = host.strip_prefix('[') {
        let (name, after) = inner.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (name, port)
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if let Some(port) = port {
        if !port.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        url.port = Some(port.to_owned());
    }
    if !name.bytes().all(valid_host_byte) {
        return None;
    }
    url.host = unescape(name)?;
    Some(url)
}

/// Go's `getScheme`: `(scheme, rest)`, the scheme empty where there is none; `None` for a
/// leading colon (`missing protocol scheme`).
fn split_scheme(s: &str) -> Option<(&str, &str)> {
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return None,
            b':' => return Some((&s[..i], &s[i + 1..])),
            _ => return Some(("", s)),
        }
    }
    Some(("", s))
}

/// The bytes Go's `url.Parse` accepts in a host (`shouldEscape(c, encodeHost)` false, or `%`).
fn valid_host_byte(b: u8) -> bool {
    b >= 0x80 || b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:[]<>\"%".contains(&b)
}

/// The bytes Go's `validUserinfo` accepts.
fn valid_userinfo_byte(b: u8) -> bool {
    b >= 0x80 || b.is_ascii_alphanumeric() || b"-._:~!$&'()*+,;=%@".contains(&b)
}

/// Percent-decoding; `None` for a malformed escape.
fn unescape(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests;
