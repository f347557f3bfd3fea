//! `http(s)` `$ref`s in `values.schema.json` against the reference Helm: both tools fetch the
//! referenced schemas from a small HTTP server the test runs on 127.0.0.1 (a schema, a 404, a
//! redirect chain, a body that is not JSON), from a closed port, and from a host that does not
//! resolve; `template` and `lint` must print the same bytes (the server's port masked).

mod support;
mod table;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use support::{Run, Sandbox};
use table::{Case, case, same_as_helm_table_masked};

/// Serves forever on a free port: `/replicas.json`, `/moved` (302 to it), `/loop` (302 to
/// itself), `/text` (not JSON), anything else 404.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                    break;
                }
            }
            let (status, extra, body) = match path.as_str() {
                "/replicas.json" => (
                    "200 OK",
                    String::new(),
                    r#"{"type":"object","properties":{"replicas":{"type":"integer","minimum":1}}}"#,
                ),
                "/moved" => ("302 Found", "Location: /replicas.json\r\n".to_owned(), ""),
                "/loop" => ("302 Found", "Location: /loop\r\n".to_owned(), ""),
                "/text" => ("200 OK", String::new(), "this is not json"),
                _ => ("404 Not Found", String::new(), "not found"),
            };
            let mut out = &stream;
            let _ = write!(
                out,
                "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

fn chart(s: &Sandbox, name: &str, reference: &str, replicas: &str) {
    s.write(
        &format!("charts/{name}/Chart.yaml"),
        &format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n"),
    );
    s.write(
        &format!("charts/{name}/values.yaml"),
        &format!("replicas: {replicas}\n"),
    );
    s.write(
        &format!("charts/{name}/values.schema.json"),
        &format!(r#"{{"$ref": "{reference}"}}"#),
    );
    s.write(
        &format!("charts/{name}/templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  r: {{ .Values.replicas | quote }}\n",
    );
}

#[test]
fn remote_schema_references_as_helm_fetches_them() {
    let port = serve();
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let s = Sandbox::with_charts();
    chart(&s, "good", &format!("{base}/replicas.json"), "2");
    chart(&s, "bad", &format!("{base}/replicas.json"), "zero");
    chart(&s, "moved", &format!("{base}/moved"), "0");
    chart(&s, "loop", &format!("{base}/loop"), "1");
    chart(&s, "missing", &format!("{base}/nope.json"), "1");
    chart(&s, "text", &format!("{base}/text"), "1");
    chart(
        &s,
        "closed",
        &format!("http://127.0.0.1:{closed}/x.json"),
        "1",
    );
    chart(
        &s,
        "nohost",
        "http://rudder-no-such-host.invalid/x.json",
        "1",
    );
    let mut cases: Vec<Case> = Vec::new();
    for name in [
        "good", "bad", "moved", "loop", "missing", "text", "closed", "nohost",
    ] {
        cases.push(case(&["template", "r", &format!("charts/{name}")]));
        cases.push(case(&["lint", &format!("charts/{name}")]));
    }
    let (port, closed) = (port.to_string(), closed.to_string());
    let mask = |_: &Case, run: Run| Run {
        code: run.code,
        stdout: run
            .stdout
            .replace(&port, "<port>")
            .replace(&closed, "<closed>"),
        stderr: run
            .stderr
            .replace(&port, "<port>")
            .replace(&closed, "<closed>"),
    };
    insta::assert_snapshot!(
        "schema_remote",
        same_as_helm_table_masked(&s, &cases, &[], mask)
    );
}
