//! A blocking HTTP(S) GET as Go's `net/http` client makes it for Helm (`http.Client` with a
//! timeout, Helm's user agent, the system's root certificates), with Go's error texts:
//! `Get "<url>": dial tcp: lookup <host> on <nameserver>:53: no such host`,
//! `Get "<url>": dial tcp <ip>:<port>: connect: connection refused`, and Go's redirect rules
//! (301, 302, 303, 307, 308; at most 10: `stopped after 10 redirects`).
//!
//! HTTP/1.1 only, one connection per request; bodies with `Content-Length`, chunked, or up to
//! the end of the connection. Not yet: proxies from the environment (`HTTPS_PROXY`), which Go's
//! transport honours.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The user agent Helm v4.2.4 sends (`version.GetUserAgent()`).
pub const HELM_USER_AGENT: &str = "Helm/4.2.4";

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

/// A failed request, displayed as Go's `*url.Error` (`Get "<url>": <cause>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetError {
    url: String,
    cause: String,
}

impl std::fmt::Display for GetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Get \"{}\": {}", self.url, self.cause)
    }
}

impl std::error::Error for GetError {}

/// Go's `http.StatusText`.
pub fn status_text(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// An `http(s)` URL taken apart.
struct Target {
    https: bool,
    host: String,
    port: u16,
    path: String,
}

fn split_url(url: &str) -> Result<Target, String> {
    let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (false, rest)
    } else {
        let scheme = url.split_once(':').map_or("", |(s, _)| s);
        return Err(format!("unsupported protocol scheme \"{scheme}\""));
    };
    let (authority, path) = rest
        .find(['/', '?', '#'])
        .map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let path = path.split('#').next().unwrap_or("/");
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6.split_once(']').ok_or("invalid IPv6 host")?;
            (host.to_owned(), after.strip_prefix(':'))
        }
        None => match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (authority.to_owned(), None),
        },
    };
    if host.is_empty() {
        return Err("http: no Host in request URL".to_owned());
    }
    let default = if https { 443 } else { 80 };
    let port = match port {
        Some(p) if !p.is_empty() => p
            .parse()
            .map_err(|_| format!("invalid port \":{p}\" after host"))?,
        _ => default,
    };
    Ok(Target {
        https,
        host,
        port,
        path,
    })
}

/// The first `nameserver` of `/etc/resolv.conf` as Go's resolver names it (`127.0.0.1:53`
/// when there is none).
fn nameserver() -> String {
    let conf = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
    conf.lines()
        .filter_map(|l| l.trim().strip_prefix("nameserver"))
        .map(str::trim)
        .find(|s| !s.is_empty())
        .map_or_else(
            || "127.0.0.1:53".to_owned(),
            |ns| {
                if ns.contains(':') {
                    format!("[{ns}]:53")
                } else {
                    format!("{ns}:53")
                }
            },
        )
}

/// Go's `net.Dial("tcp", host:port)` within `deadline`.
fn dial(host: &str, port: u16, deadline: Instant) -> Result<TcpStream, String> {
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|_| format!("dial tcp: lookup {host} on {}: no such host", nameserver()))?
        .collect();
    let mut last = String::new();
    for addr in &addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(format!("dial tcp {addr}: i/o timeout"));
        }
        match TcpStream::connect_timeout(addr, left) {
            Ok(stream) => return Ok(stream),
            Err(e) => {
                last = match e.kind() {
                    std::io::ErrorKind::ConnectionRefused => {
                        format!("dial tcp {addr}: connect: connection refused")
                    }
                    std::io::ErrorKind::TimedOut => format!("dial tcp {addr}: i/o timeout"),
                    _ => format!("dial tcp {addr}: connect: {e}"),
                };
            }
        }
    }
    Err(if last.is_empty() {
        format!("dial tcp: lookup {host}: no such host")
    } else {
        last
    })
}

fn tls_config() -> Arc<rustls::ClientConfig> {
    static CONFIG: std::sync::OnceLock<Arc<rustls::ClientConfig>> = std::sync::OnceLock::new();
    Arc::clone(CONFIG.get_or_init(|| {
        let mut roots = rustls::RootCertStore::empty();
        for cert in rustls_native_certs::load_native_certs().certs {
            let _ = roots.add(cert);
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = match rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
        {
            Ok(builder) => builder.with_root_certificates(roots).with_no_client_auth(),
            Err(_) => unreachable_config(),
        };
        Arc::new(config)
    }))
}

#[expect(
    clippy::panic,
    reason = "ring supports TLS 1.3; this cannot be reached"
)]
fn unreachable_config() -> rustls::ClientConfig {
    panic!("no TLS protocol version available")
}

/// A byte stream to the server: plain or TLS.
enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// One request: `(status, location header, body)`.
fn request(
    target: &Target,
    user_agent: &str,
    deadline: Instant,
) -> Result<(u16, Option<String>, Vec<u8>), String> {
    let tcp = dial(&target.host, target.port, deadline)?;
    let left = deadline.saturating_duration_since(Instant::now());
    let timeout = Some(left.max(Duration::from_millis(1)));
    let _ = tcp.set_read_timeout(timeout);
    let _ = tcp.set_write_timeout(timeout);
    let mut stream = if target.https {
        let name = rustls::pki_types::ServerName::try_from(target.host.clone())
            .map_err(|e| format!("tls: {e}"))?;
        let conn =
            rustls::ClientConnection::new(tls_config(), name).map_err(|e| format!("tls: {e}"))?;
        Stream::Tls(Box::new(rustls::StreamOwned::new(conn, tcp)))
    } else {
        Stream::Plain(tcp)
    };
    let host = if (target.https && target.port == 443) || (!target.https && target.port == 80) {
        target.host.clone()
    } else {
        format!("{}:{}", target.host, target.port)
    };
    let head = format!(
        "GET {} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {user_agent}\r\nConnection: close\r\n\r\n",
        target.path
    );
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
            "context deadline exceeded (Client.Timeout exceeded while awaiting headers)".to_owned()
        }
        _ => e.to_string(),
    };
    stream.write_all(head.as_bytes()).map_err(io)?;
    stream.flush().map_err(io)?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(io)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("malformed HTTP response {:?}", line.trim_end()))?;
    let (mut length, mut chunked, mut location) = (None, false, None);
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(io)? == 0 {
            break;
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim();
            match k.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = v.parse::<usize>().ok(),
                "transfer-encoding" => chunked = v.eq_ignore_ascii_case("chunked"),
                "location" => location = Some(v.to_owned()),
                _ => {}
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line).map_err(io)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| "malformed chunked encoding".to_owned())?;
            if size == 0 {
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..]).map_err(io)?;
            line.clear();
            reader.read_line(&mut line).map_err(io)?;
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        reader.read_exact(&mut body).map_err(io)?;
    } else {
        reader.read_to_end(&mut body).map_err(io)?;
    }
    Ok((status, location, body))
}

/// Resolves a `Location` against the URL it came from.
fn join(base: &str, target: &Target, location: &str) -> String {
    if location.contains("://") {
        return location.to_owned();
    }
    let scheme = if target.https { "https" } else { "http" };
    let origin = format!("{scheme}://{}:{}", target.host, target.port);
    if location.starts_with('/') {
        format!("{origin}{location}")
    } else {
        let dir = base.rsplit_once('/').map_or(base, |(d, _)| d);
        format!("{dir}/{location}")
    }
}

/// `client.Get(url)` with `timeout` for the whole exchange (redirects included).
///
/// # Errors
/// A [`GetError`] in Go's words for what failed before a response arrived.
pub fn get(url: &str, user_agent: &str, timeout: Duration) -> Result<Response, GetError> {
    let deadline = Instant::now() + timeout;
    let mut current = url.to_owned();
    // Go names the `Location` header as sent in the error that ends a redirect chain.
    let mut shown = url.to_owned();
    for _ in 0..=10 {
        let fail = |cause: String| GetError {
            url: current.clone(),
            cause,
        };
        let target = split_url(&current).map_err(fail)?;
        let (status, location, body) = request(&target, user_agent, deadline).map_err(fail)?;
        match (status, location) {
            (301 | 302 | 303 | 307 | 308, Some(location)) => {
                current = join(&current, &target, &location);
                shown = location;
            }
            _ => return Ok(Response { status, body }),
        }
    }
    Err(GetError {
        url: shown,
        cause: "stopped after 10 redirects".to_owned(),
    })
}
