//! `http(s)` `$ref`s in `values.schema.json` fetched through proxies from the environment,
//! against the reference Helm (Go's `http.ProxyFromEnvironment`).
//!
//! The test runs a schema server over HTTP, one over HTTPS (Python's `ssl`, with a test CA both
//! tools are given through `SSL_CERT_FILE`; the certificate is for `secure.rudder.test`), a
//! TLS front for the credentials proxy (an `https://` proxy, certificate for 127.0.0.1), and a
//! small forwarding proxy that records every request it is asked (request line, `Host`,
//! `User-Agent`, `Proxy-Authorization`). The charts `$ref` names that resolve nowhere
//! (`schemas.rudder.test`, `secure.rudder.test`): only the proxy knows where they are, and Go
//! never proxies loopback addresses. The proxy answers `CONNECT` for `secure.rudder.test:443`
//! with a tunnel to the HTTPS server, `GET http://schemas.rudder.test/...` by forwarding to the
//! HTTP server, anything else with 403 (or 502 for a GET); the credentials proxy answers 407
//! without `ann`'s password; a first byte 5 is spoken to as SOCKS5. Every case: both tools'
//! exit code, stdout and stderr identical (ports masked), and the proxy saw the same requests.

mod support;

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use support::{Run, Sandbox};

const SCHEMA: &str =
    r#"{"type":"object","properties":{"replicas":{"type":"integer","minimum":1}}}"#;

/// `ann:s@cret` as the proxy expects it.
const CREDENTIALS: &str = "Basic YW5uOnNAY3JldA==";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls")
}

/// Serves `/replicas.json` (anything else 404) over HTTP on a free port.
fn http_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let head = read_head(&mut BufReader::new(&stream));
            let path = head
                .first()
                .and_then(|l| l.split_whitespace().nth(1))
                .unwrap_or("/")
                .to_owned();
            let (status, body) = if path == "/replicas.json" {
                ("200 OK", SCHEMA)
            } else {
                ("404 Not Found", "not found")
            };
            let mut out = &stream;
            let _ = write!(
                out,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

/// A Python child serving TLS with a test certificate: the HTTPS schema server, or a TLS front
/// for the proxy (an `https://` proxy). Killed when dropped.
struct TlsServer {
    child: Child,
    port: u16,
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `mode` `serve`: `/replicas.json` over HTTPS (`argument`: the schema), with the certificate
/// of `secure.rudder.test`. `mode` `front`: TLS with the certificate of `127.0.0.1`, each
/// connection piped to `127.0.0.1:<argument>`.
fn tls_server(mode: &str, argument: &str) -> TlsServer {
    let script = r#"
import http.server, socket, socketserver, ssl, sys, threading
mode, cert, key, argument = sys.argv[1:5]
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        ok = self.path == "/replicas.json"
        data = argument.encode() if ok else b"not found"
        self.send_response(200 if ok else 404)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
def pipe(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    try:
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        pass
class Front(socketserver.BaseRequestHandler):
    def handle(self):
        upstream = socket.create_connection(("127.0.0.1", int(argument)))
        back = threading.Thread(target=pipe, args=(upstream, self.request))
        back.start()
        pipe(self.request, upstream)
        back.join()
        upstream.close()
handler = Handler if mode == "serve" else Front
server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
server.daemon_threads = True
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;
    let name = if mode == "serve" { "server" } else { "proxy" };
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(mode)
        .arg(fixtures().join(format!("{name}.pem")))
        .arg(fixtures().join(format!("{name}.key")))
        .arg(argument)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 for a TLS server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the TLS server's port");
    let port = line.trim().parse().expect("a port");
    TlsServer { child, port }
}

/// Reads a request or response head (up to the blank line), one line per entry, CRLF removed.
fn read_head(reader: &mut impl BufRead) -> Vec<String> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let line = line.trim_end().to_owned();
        if line.is_empty() {
            break;
        }
        lines.push(line);
    }
    lines
}

/// What the proxy was asked, one line per request.
type Log = Arc<Mutex<Vec<String>>>;

/// A forwarding proxy on a free port (see the module doc); `auth`: the credentials it demands.
fn proxy(http: u16, https: u16, auth: Option<&'static str>, log: Log) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = Arc::clone(&log);
            std::thread::spawn(move || serve_proxy(stream, http, https, auth, &log));
        }
    });
    port
}

fn serve_proxy(stream: TcpStream, http: u16, https: u16, auth: Option<&str>, log: &Log) {
    let mut first = [0u8; 1];
    if stream.peek(&mut first).unwrap_or(0) == 1 && first[0] == 5 {
        return serve_socks(stream, http, https, log);
    }
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let head = read_head(&mut reader);
    let Some(request_line) = head.first() else {
        return;
    };
    let header = |name: &str| {
        head.iter().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    };
    let authorization = header("Proxy-Authorization");
    log.lock().unwrap().push(format!(
        "{request_line} | Host: {} | User-Agent: {} | Proxy-Authorization: {}",
        header("Host").unwrap_or_default(),
        header("User-Agent").unwrap_or_default(),
        authorization.as_deref().unwrap_or("-"),
    ));
    let mut out = &stream;
    if auth.is_some() && authorization.as_deref() != auth {
        let _ = out.write_all(
            b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method == "CONNECT" {
        if target != "secure.rudder.test:443" {
            let _ = out.write_all(
                b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return;
        }
        let upstream = TcpStream::connect(("127.0.0.1", https)).unwrap();
        let _ = out.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
        return tunnel(stream, upstream);
    }
    let Some(path) = target.strip_prefix("http://schemas.rudder.test") else {
        let _ = out.write_all(
            b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
    };
    let mut upstream = TcpStream::connect(("127.0.0.1", http)).unwrap();
    let _ = write!(
        upstream,
        "GET {path} HTTP/1.1\r\nHost: schemas.rudder.test\r\nConnection: close\r\n\r\n"
    );
    let _ = std::io::copy(&mut upstream, &mut out);
}

/// Copies both ways until either side closes.
fn tunnel(client: TcpStream, upstream: TcpStream) {
    let (mut c_read, mut u_write) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
    let forward = std::thread::spawn(move || {
        let _ = std::io::copy(&mut c_read, &mut u_write);
        let _ = u_write.shutdown(Shutdown::Write);
    });
    let (mut u_read, mut c_write) = (upstream, client);
    let _ = std::io::copy(&mut u_read, &mut c_write);
    let _ = c_write.shutdown(Shutdown::Write);
    let _ = forward.join();
}

/// SOCKS5 without authentication (or `ann:s@cret` by username/password): `CONNECT` to the two
/// made-up hosts, anything else refused with reply 2 (not allowed by ruleset).
fn serve_socks(mut stream: TcpStream, http: u16, https: u16, log: &Log) {
    let mut greeting = [0u8; 2];
    if stream.read_exact(&mut greeting).is_err() {
        return;
    }
    let mut methods = vec![0u8; usize::from(greeting[1])];
    let _ = stream.read_exact(&mut methods);
    let mut entry = format!("SOCKS5 methods {methods:?}");
    if methods.contains(&2) {
        let _ = stream.write_all(&[5, 2]);
        let mut version_len = [0u8; 2];
        let _ = stream.read_exact(&mut version_len);
        let mut user = vec![0u8; usize::from(version_len[1])];
        let _ = stream.read_exact(&mut user);
        let mut len = [0u8; 1];
        let _ = stream.read_exact(&mut len);
        let mut password = vec![0u8; usize::from(len[0])];
        let _ = stream.read_exact(&mut password);
        let ok = user == b"ann" && password == b"s@cret";
        let _ = write!(
            entry,
            " | user {} password {}",
            String::from_utf8_lossy(&user),
            String::from_utf8_lossy(&password)
        );
        let _ = stream.write_all(&[1, u8::from(!ok)]);
        if !ok {
            log.lock().unwrap().push(entry);
            return;
        }
    } else {
        let _ = stream.write_all(&[5, 0]);
    }
    let mut request = [0u8; 4];
    let _ = stream.read_exact(&mut request);
    let mut len = [0u8; 1];
    let _ = stream.read_exact(&mut len);
    let mut host = vec![0u8; usize::from(len[0])];
    let _ = stream.read_exact(&mut host);
    let mut port = [0u8; 2];
    let _ = stream.read_exact(&mut port);
    let (host, port) = (String::from_utf8_lossy(&host), u16::from_be_bytes(port));
    let _ = write!(
        entry,
        " | CONNECT cmd {} atyp {} {host}:{port}",
        request[1], request[3]
    );
    log.lock().unwrap().push(entry);
    let upstream = match (host.as_ref(), port) {
        ("schemas.rudder.test", 80) => http,
        ("secure.rudder.test", 443) => https,
        _ => {
            let _ = stream.write_all(&[5, 2, 0, 1, 0, 0, 0, 0, 0, 0]);
            return;
        }
    };
    let upstream = TcpStream::connect(("127.0.0.1", upstream)).unwrap();
    let _ = stream.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0]);
    tunnel(stream, upstream);
}

struct Case {
    label: &'static str,
    /// The `$ref`, `<http>` standing for the HTTP server's port.
    reference: &'static str,
    replicas: &'static str,
    /// `(variable, value)`; `<proxy>`, `<auth-proxy>`, `<closed>` stand for ports.
    env: &'static [(&'static str, &'static str)],
    command: &'static str,
}

const CASES: &[Case] = &[
    Case {
        label: "HTTP_PROXY for an http $ref (absolute-form GET)",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "2",
        env: &[("HTTP_PROXY", "http://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "HTTP_PROXY: the fetched schema rejects the values",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "0",
        env: &[("HTTP_PROXY", "http://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "HTTP_PROXY with lint",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "0",
        env: &[("HTTP_PROXY", "127.0.0.1:<proxy>")],
        command: "lint",
    },
    Case {
        label: "HTTP_PROXY: the proxy answers 404 from upstream",
        reference: "http://schemas.rudder.test/missing.json",
        replicas: "1",
        env: &[("HTTP_PROXY", "http://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "HTTP_PROXY: the proxy answers 502",
        reference: "http://elsewhere.rudder.test:8080/x.json?v=1",
        replicas: "1",
        env: &[("HTTP_PROXY", "http://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "HTTPS_PROXY for an https $ref (CONNECT, then TLS inside)",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "3",
        env: &[("HTTPS_PROXY", "127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "HTTPS_PROXY: the schema rejects the values",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "0",
        env: &[("HTTPS_PROXY", "http://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "HTTPS_PROXY: CONNECT answered 403",
        reference: "https://forbidden.rudder.test/x.json",
        replicas: "1",
        env: &[("HTTPS_PROXY", "http://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "HTTP_PROXY is not used for https",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "1",
        env: &[("HTTP_PROXY", "http://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "HTTPS_PROXY is not used for http",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "1",
        env: &[("HTTPS_PROXY", "http://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "lower-case http_proxy",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "2",
        env: &[("http_proxy", "http://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "lower-case https_proxy",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "2",
        env: &[("https_proxy", "http://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "an empty HTTP_PROXY falls back to http_proxy",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "2",
        env: &[
            ("HTTP_PROXY", ""),
            ("http_proxy", "http://127.0.0.1:<proxy>"),
        ],
        command: "template",
    },
    Case {
        label: "NO_PROXY names the host: fetched directly, which fails",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "1",
        env: &[
            ("HTTP_PROXY", "http://127.0.0.1:<proxy>"),
            ("NO_PROXY", "example.com, schemas.rudder.test"),
        ],
        command: "template",
    },
    Case {
        label: "no_proxy with a parent domain",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "1",
        env: &[
            ("https_proxy", "http://127.0.0.1:<proxy>"),
            ("no_proxy", "rudder.test"),
        ],
        command: "template",
    },
    Case {
        label: "NO_PROXY .domain with another port does not match",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "2",
        env: &[
            ("HTTP_PROXY", "http://127.0.0.1:<proxy>"),
            ("NO_PROXY", ".rudder.test:8080"),
        ],
        command: "template",
    },
    Case {
        label: "NO_PROXY=*",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "1",
        env: &[
            ("HTTP_PROXY", "http://127.0.0.1:<proxy>"),
            ("NO_PROXY", "*"),
        ],
        command: "template",
    },
    Case {
        label: "loopback is never proxied",
        reference: "http://127.0.0.1:<http>/replicas.json",
        replicas: "2",
        env: &[("HTTP_PROXY", "http://127.0.0.1:<closed>")],
        command: "template",
    },
    Case {
        label: "the proxy refuses the connection",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "1",
        env: &[("HTTP_PROXY", "http://127.0.0.1:<closed>")],
        command: "template",
    },
    Case {
        label: "the https proxy refuses the connection",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "1",
        env: &[("HTTPS_PROXY", "127.0.0.1:<closed>")],
        command: "template",
    },
    Case {
        label: "the proxy's host does not resolve",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "1",
        env: &[(
            "HTTPS_PROXY",
            "http://proxy.rudder-no-such-host.invalid:3128",
        )],
        command: "template",
    },
    Case {
        label: "an unparsable proxy is ignored: fetched directly, which fails",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "1",
        env: &[("HTTP_PROXY", "http://%zz@127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "HTTP_PROXY refused in a CGI environment",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "1",
        env: &[
            ("HTTP_PROXY", "http://127.0.0.1:<proxy>"),
            ("REQUEST_METHOD", "GET"),
        ],
        command: "template",
    },
    Case {
        label: "HTTPS_PROXY still used in a CGI environment",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "2",
        env: &[
            ("HTTPS_PROXY", "http://127.0.0.1:<proxy>"),
            ("REQUEST_METHOD", "GET"),
        ],
        command: "template",
    },
    Case {
        label: "credentials in HTTP_PROXY (Proxy-Authorization on the GET)",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "2",
        env: &[("HTTP_PROXY", "http://ann:s%40cret@127.0.0.1:<auth-proxy>")],
        command: "template",
    },
    Case {
        label: "credentials in HTTPS_PROXY (Proxy-Authorization on the CONNECT)",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "2",
        env: &[("HTTPS_PROXY", "ann:s%40cret@127.0.0.1:<auth-proxy>")],
        command: "template",
    },
    Case {
        label: "wrong credentials: the GET answered 407",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "2",
        env: &[("HTTP_PROXY", "http://ann:wrong@127.0.0.1:<auth-proxy>")],
        command: "template",
    },
    Case {
        label: "no credentials: the CONNECT answered 407",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "2",
        env: &[("HTTPS_PROXY", "http://127.0.0.1:<auth-proxy>")],
        command: "template",
    },
    Case {
        label: "an https:// proxy for http (TLS to the proxy, absolute-form GET inside)",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "2",
        env: &[("HTTP_PROXY", "https://ann:s%40cret@127.0.0.1:<tls-proxy>")],
        command: "template",
    },
    Case {
        label: "an https:// proxy for https (TLS to the target inside TLS to the proxy)",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "0",
        env: &[("HTTPS_PROXY", "https://ann:s%40cret@127.0.0.1:<tls-proxy>")],
        command: "template",
    },
    Case {
        label: "socks5 for http",
        reference: "http://schemas.rudder.test/replicas.json",
        replicas: "2",
        env: &[("HTTP_PROXY", "socks5://127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "socks5h with credentials for https",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "0",
        env: &[("HTTPS_PROXY", "socks5h://ann:s%40cret@127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "socks5 with wrong credentials",
        reference: "https://secure.rudder.test/replicas.json",
        replicas: "2",
        env: &[("HTTPS_PROXY", "socks5://ann:nope@127.0.0.1:<proxy>")],
        command: "template",
    },
    Case {
        label: "socks5: the proxy refuses the target",
        reference: "https://elsewhere.rudder.test/x.json",
        replicas: "2",
        env: &[("HTTPS_PROXY", "socks5://127.0.0.1:<proxy>")],
        command: "template",
    },
];

#[test]
fn remote_schema_references_through_proxies_as_helm() {
    let http = http_server();
    let tls = tls_server("serve", SCHEMA);
    let log: Log = Arc::default();
    let open = proxy(http, tls.port, None, Arc::clone(&log));
    let with_auth = proxy(http, tls.port, Some(CREDENTIALS), Arc::clone(&log));
    let front = tls_server("front", &with_auth.to_string());
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let ports = [
        ("<http>", http.to_string()),
        ("<proxy>", open.to_string()),
        ("<auth-proxy>", with_auth.to_string()),
        ("<closed>", closed.to_string()),
        ("<tls-proxy>", front.port.to_string()),
    ];
    let fill = |text: &str| {
        ports
            .iter()
            .fold(text.to_owned(), |t, (name, port)| t.replace(name, port))
    };
    let mask = |text: &str| {
        ports
            .iter()
            .fold(text.to_owned(), |t, (name, port)| t.replace(port, name))
    };
    let mask_run = |run: Run| Run {
        code: run.code,
        stdout: mask(&run.stdout),
        stderr: mask(&run.stderr),
    };
    let take_log = || mask(&std::mem::take(&mut *log.lock().unwrap()).join("\n"));

    let mut snapshot = String::new();
    let mut differences = Vec::new();
    for case in CASES {
        let mut sandbox = Sandbox::new();
        sandbox.env(
            "SSL_CERT_FILE",
            &fixtures().join("ca.pem").to_string_lossy(),
        );
        for (key, value) in case.env {
            sandbox.env(key, &fill(value));
        }
        write_chart(&sandbox, &fill(case.reference), case.replicas);
        let args: &[&str] = match case.command {
            "lint" => &["lint", "chart"],
            _ => &["template", "r", "chart"],
        };
        take_log();
        let ours = mask_run(sandbox.as_helm(args));
        let our_requests = take_log();
        if let Some(theirs) = sandbox.reference(args).map(mask_run) {
            let their_requests = take_log();
            if ours.render() != theirs.render() || our_requests != their_requests {
                differences.push(format!(
                    "=== {}\n--- rudder\n{}proxy saw:\n{our_requests}\n--- helm\n{}proxy saw:\n{their_requests}",
                    case.label,
                    ours.render(),
                    theirs.render()
                ));
            }
        }
        let env: Vec<String> = case.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = writeln!(
            snapshot,
            "=== {}\n{} helm {} ($ref {})\n{}--- proxy saw\n{our_requests}",
            case.label,
            env.join(" "),
            args.join(" "),
            case.reference,
            ours.render()
        );
    }
    drop((tls, front));
    assert!(
        differences.is_empty(),
        "{} of {} cases differ from the reference Helm:\n{}",
        differences.len(),
        CASES.len(),
        differences.join("\n")
    );
    insta::assert_snapshot!("schema_proxy", snapshot);
}

fn write_chart(s: &Sandbox, reference: &str, replicas: &str) {
    s.write(
        "chart/Chart.yaml",
        "apiVersion: v2\nname: proxied\nversion: 0.1.0\n",
    );
    s.write("chart/values.yaml", &format!("replicas: {replicas}\n"));
    s.write(
        "chart/values.schema.json",
        &format!(r#"{{"$ref": "{reference}"}}"#),
    );
    s.write(
        "chart/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  r: {{ .Values.replicas | quote }}\n",
    );
}
