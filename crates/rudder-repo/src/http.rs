//! A blocking HTTP(S) GET as Go's `net/http` client makes it for Helm (`http.Client` with a
//! timeout, Helm's user agent, the system's root certificates), with Go's error texts:
//! `Get "<url>": dial tcp: lookup <host> on <nameserver>:53: no such host`,
//! `Get "<url>": dial tcp <ip>:<port>: connect: connection refused`, and Go's redirect rules
//! (301, 302, 303, 307, 308; at most 10: `stopped after 10 redirects`).
//!
//! HTTP/1.1 only, one connection per request; bodies with `Content-Length`, chunked, or up to
//! the end of the connection.
//!
//! Proxies come from the environment as Go's `http.ProxyFromEnvironment` chooses them
//! ([`crate::proxy`]), and are used as Go's transport uses them: an `http` URL is asked of an
//! `http(s)` proxy in absolute form (`GET http://host/path`), an `https` URL through a
//! `CONNECT host:port` tunnel with TLS to the target inside it, both through a `socks5` proxy
//! after its handshake; the proxy URL's user info goes as `Proxy-Authorization: Basic` (SOCKS:
//! username/password authentication). Failing to reach the proxy reads
//! `proxyconnect tcp: dial tcp ...`; a `CONNECT` answered with another status than 200 fails
//! with the status text (`Forbidden`), as Go's.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::proxy::{Proxies, ProxyUrl};

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
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "",
    }
}

/// An `http(s)` URL taken apart.
struct Target {
    https: bool,
    /// `host[:port]` as the URL writes it (the `Host` header).
    authority: String,
    host: String,
    /// The port as written, if any.
    port_text: Option<String>,
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
    let port_text = port.map(str::to_owned);
    let port = match port {
        Some(p) if !p.is_empty() => p
            .parse()
            .map_err(|_| format!("invalid port \":{p}\" after host"))?,
        _ => default,
    };
    Ok(Target {
        https,
        authority: authority.to_owned(),
        host,
        port_text,
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
    // An empty host is the local system; Go names the address `:port` then.
    let (lookup, shown) = if host.is_empty() {
        ("127.0.0.1", Some(format!(":{port}")))
    } else {
        (host, None)
    };
    let addrs: Vec<SocketAddr> = (lookup, port)
        .to_socket_addrs()
        .map_err(|_| format!("dial tcp: lookup {host} on {}: no such host", nameserver()))?
        .collect();
    let mut last = String::new();
    for socket in &addrs {
        let addr: &dyn std::fmt::Display = match &shown {
            Some(shown) => shown,
            None => socket,
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(format!("dial tcp {addr}: i/o timeout"));
        }
        match TcpStream::connect_timeout(socket, left) {
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

/// A byte stream to the server: plain, or TLS over a stream (TLS inside TLS for an `https`
/// target through an `https` proxy).
enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, Stream>>),
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

/// An I/O error in Go's words (a read or write past the client's deadline).
fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
            "context deadline exceeded (Client.Timeout exceeded while awaiting headers)".to_owned()
        }
        std::io::ErrorKind::UnexpectedEof => "unexpected EOF".to_owned(),
        _ => tls_text(e),
    }
}

/// A TLS failure in Go's words where rudder knows them, else rustls's.
fn tls_text(e: &std::io::Error) -> String {
    let unknown = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .is_some_and(|tls| {
            matches!(
                tls,
                rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
            )
        });
    if unknown {
        "tls: failed to verify certificate: x509: certificate signed by unknown authority"
            .to_owned()
    } else {
        e.to_string()
    }
}

/// TLS to `host` over `inner`, the handshake done.
fn tls(inner: Stream, host: &str) -> Result<Stream, String> {
    let name = rustls::pki_types::ServerName::try_from(host.to_owned())
        .map_err(|e| format!("tls: {e}"))?;
    let conn =
        rustls::ClientConnection::new(tls_config(), name).map_err(|e| format!("tls: {e}"))?;
    let mut stream = rustls::StreamOwned::new(conn, inner);
    while stream.conn.is_handshaking() {
        stream
            .conn
            .complete_io(&mut stream.sock)
            .map_err(|e| io_text(&e))?;
    }
    Ok(Stream::Tls(Box::new(stream)))
}

/// Reads one CRLF-terminated line byte by byte (nothing past it is consumed); `EOF` when the
/// connection ends first.
fn read_line_exact(stream: &mut Stream) -> Result<String, String> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        match stream.read(&mut byte) {
            Ok(0) => {
                return Err(if line.is_empty() {
                    "EOF".to_owned()
                } else {
                    "unexpected EOF".to_owned()
                });
            }
            Ok(_) => {
                line.push(byte[0]);
                if byte[0] == b'\n' {
                    return Ok(String::from_utf8_lossy(&line).trim_end().to_owned());
                }
                if line.len() > 1 << 20 {
                    return Err(
                        "net/http: server response headers exceeded 1048576 bytes; aborted"
                            .to_owned(),
                    );
                }
            }
            Err(e) => return Err(io_text(&e)),
        }
    }
}

/// `CONNECT host:port` through an HTTP proxy (Go's request: `Host` and Go's default user agent,
/// `Proxy-Authorization` from the proxy URL); an answer other than 200 fails with its status
/// text, as Go's transport does.
fn connect_tunnel(stream: &mut Stream, target: &Target, proxy: &ProxyUrl) -> Result<(), String> {
    let addr = join_host_port(&target.host, target.port);
    let mut head =
        format!("CONNECT {addr} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: Go-http-client/1.1\r\n");
    if let Some(auth) = proxy.authorization() {
        let _ = write!(head, "Proxy-Authorization: {auth}\r\n");
    }
    head.push_str("\r\n");
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.flush())
        .map_err(|e| io_text(&e))?;
    let status_line = read_line_exact(stream)?;
    loop {
        if read_line_exact(stream)?.is_empty() {
            break;
        }
    }
    let (_, status) = status_line
        .split_once(' ')
        .ok_or_else(|| format!("malformed HTTP response {status_line:?}"))?;
    let status = status.trim_start_matches(' ');
    let code = status.split(' ').next().unwrap_or("");
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("malformed HTTP status code {code:?}"));
    }
    if code == "200" {
        return Ok(());
    }
    match status.split_once(' ') {
        Some((_, text)) => Err(text.to_owned()),
        None => Err("unknown status code".to_owned()),
    }
}

/// Go's `net.JoinHostPort`.
fn join_host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// SOCKS5's reply codes as Go names them.
fn socks_reply(code: u8) -> String {
    match code {
        0 => "succeeded".to_owned(),
        1 => "general SOCKS server failure".to_owned(),
        2 => "connection not allowed by ruleset".to_owned(),
        3 => "network unreachable".to_owned(),
        4 => "host unreachable".to_owned(),
        5 => "connection refused".to_owned(),
        6 => "TTL expired".to_owned(),
        7 => "command not supported".to_owned(),
        8 => "address type not supported".to_owned(),
        _ => format!("unknown code: {code}"),
    }
}

/// The SOCKS5 `CONNECT` to the target over a connection to the proxy (the target's name is
/// sent as is, for the proxy to resolve), with username/password authentication when the proxy
/// URL has user info. Errors read as Go's
/// `socks connect tcp <proxy>-><target>: <cause>`.
fn socks_connect(stream: &mut TcpStream, target: &Target, proxy: &ProxyUrl) -> Result<(), String> {
    let peer = stream
        .peer_addr()
        .map_or_else(|_| String::new(), |a| a.to_string());
    let dst = join_host_port(&target.host, target.port);
    let fail = |cause: String| format!("socks connect tcp {peer}->{dst}: {cause}");
    let io = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            "unexpected EOF".to_owned()
        } else {
            io_text(&e)
        }
    };
    let greeting: &[u8] = if proxy.user.is_some() {
        &[5, 2, 0, 2]
    } else {
        &[5, 1, 0]
    };
    stream.write_all(greeting).map_err(io).map_err(fail)?;
    let mut reply = [0u8; 2];
    stream.read_exact(&mut reply).map_err(io).map_err(fail)?;
    if reply[0] != 5 {
        return Err(fail(format!("unexpected protocol version {}", reply[0])));
    }
    if reply[1] == 0xff {
        return Err(fail("no acceptable authentication methods".to_owned()));
    }
    if let Some((user, password)) = &proxy.user {
        match reply[1] {
            0 => {}
            2 => {
                let password = password.as_deref().unwrap_or("");
                if user.is_empty() || user.len() > 255 || password.len() > 255 {
                    return Err(fail("invalid username/password".to_owned()));
                }
                let mut auth = vec![1, u8::try_from(user.len()).unwrap_or(0)];
                auth.extend_from_slice(user.as_bytes());
                auth.push(u8::try_from(password.len()).unwrap_or(0));
                auth.extend_from_slice(password.as_bytes());
                stream.write_all(&auth).map_err(io).map_err(fail)?;
                stream.read_exact(&mut reply).map_err(io).map_err(fail)?;
                if reply[0] != 1 {
                    return Err(fail("invalid username/password version".to_owned()));
                }
                if reply[1] != 0 {
                    return Err(fail("username/password authentication failed".to_owned()));
                }
            }
            other => return Err(fail(format!("unsupported authentication method {other}"))),
        }
    }
    let mut request = vec![5, 1, 0];
    match target.host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => {
            request.push(1);
            request.extend_from_slice(&v4.octets());
        }
        Ok(std::net::IpAddr::V6(v6)) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                request.push(1);
                request.extend_from_slice(&v4.octets());
            } else {
                request.push(4);
                request.extend_from_slice(&v6.octets());
            }
        }
        Err(_) => {
            let len =
                u8::try_from(target.host.len()).map_err(|_| fail("FQDN too long".to_owned()))?;
            request.push(3);
            request.push(len);
            request.extend_from_slice(target.host.as_bytes());
        }
    }
    request.extend_from_slice(&target.port.to_be_bytes());
    stream.write_all(&request).map_err(io).map_err(fail)?;
    let mut head = [0u8; 4];
    stream.read_exact(&mut head).map_err(io).map_err(fail)?;
    if head[0] != 5 {
        return Err(fail(format!("unexpected protocol version {}", head[0])));
    }
    if head[1] != 0 {
        return Err(fail(format!("unknown error {}", socks_reply(head[1]))));
    }
    if head[2] != 0 {
        return Err(fail("non-zero reserved field".to_owned()));
    }
    let rest = match head[3] {
        1 => 4 + 2,
        4 => 16 + 2,
        3 => {
            let mut len = [0u8; 1];
            stream.read_exact(&mut len).map_err(io).map_err(fail)?;
            usize::from(len[0]) + 2
        }
        other => return Err(fail(format!("unknown address type {other}"))),
    };
    let mut bound = vec![0u8; rest];
    stream.read_exact(&mut bound).map_err(io).map_err(fail)?;
    Ok(())
}

/// The connection a request to `target` is written on, through `proxy` if one applies, and
/// whether the request line takes the absolute form (an `http` URL through an HTTP proxy).
fn open(
    target: &Target,
    proxy: Option<&ProxyUrl>,
    deadline: Instant,
) -> Result<(Stream, bool), String> {
    let timeouts = |tcp: &TcpStream| {
        let left = deadline.saturating_duration_since(Instant::now());
        let timeout = Some(left.max(Duration::from_millis(1)));
        let _ = tcp.set_read_timeout(timeout);
        let _ = tcp.set_write_timeout(timeout);
    };
    let Some(proxy) = proxy else {
        let tcp = dial(&target.host, target.port, deadline)?;
        timeouts(&tcp);
        let stream = Stream::Plain(tcp);
        return if target.https {
            Ok((tls(stream, &target.host)?, false))
        } else {
            Ok((stream, false))
        };
    };
    let proxyconnect = |e: String| format!("proxyconnect tcp: {e}");
    let mut tcp = dial(&proxy.host, proxy.port_or_default(), deadline).map_err(proxyconnect)?;
    timeouts(&tcp);
    let mut stream = if proxy.scheme == "socks5" || proxy.scheme == "socks5h" {
        socks_connect(&mut tcp, target, proxy)?;
        let stream = Stream::Plain(tcp);
        return if target.https {
            Ok((tls(stream, &target.host)?, false))
        } else {
            Ok((stream, false))
        };
    } else if proxy.scheme == "https" {
        tls(Stream::Plain(tcp), &proxy.host).map_err(proxyconnect)?
    } else {
        Stream::Plain(tcp)
    };
    if !target.https {
        return Ok((stream, true));
    }
    connect_tunnel(&mut stream, target, proxy)?;
    Ok((tls(stream, &target.host)?, false))
}

/// One request: `(status, location header, body)`.
fn request(
    target: &Target,
    proxy: Option<&ProxyUrl>,
    user_agent: &str,
    deadline: Instant,
) -> Result<(u16, Option<String>, Vec<u8>), String> {
    let (mut stream, absolute) = open(target, proxy, deadline)?;
    let host = &target.authority;
    let mut head = if absolute {
        format!("GET http://{host}{} HTTP/1.1\r\n", target.path)
    } else {
        format!("GET {} HTTP/1.1\r\n", target.path)
    };
    let _ = write!(head, "Host: {host}\r\nUser-Agent: {user_agent}\r\n");
    if let Some(auth) = proxy.and_then(ProxyUrl::authorization).filter(|_| absolute) {
        let _ = write!(head, "Proxy-Authorization: {auth}\r\n");
    }
    head.push_str("Connection: close\r\n\r\n");
    let io = |e: std::io::Error| io_text(&e);
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

/// `client.Get(url)` with `timeout` for the whole exchange (redirects included), through the
/// proxies of the environment ([`Proxies::from_env`]).
///
/// # Errors
/// A [`GetError`] in Go's words for what failed before a response arrived.
pub fn get(url: &str, user_agent: &str, timeout: Duration) -> Result<Response, GetError> {
    get_through(url, user_agent, timeout, &Proxies::from_env())
}

/// [`get`] with the proxies given rather than those of the environment.
///
/// # Errors
/// A [`GetError`] in Go's words for what failed before a response arrived.
pub fn get_through(
    url: &str,
    user_agent: &str,
    timeout: Duration,
    proxies: &Proxies,
) -> Result<Response, GetError> {
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
        let port = target.port_text.as_deref();
        let scheme = if target.https { "https" } else { "http" };
        let proxy = proxies.for_url(scheme, &target.host, port).map_err(fail)?;
        let (status, location, body) =
            request(&target, proxy, user_agent, deadline).map_err(fail)?;
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
