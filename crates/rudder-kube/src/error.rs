//! Errors of the Kubernetes client, worded as client-go words them (Helm prints those texts).

/// A failure talking to the API server or reading the client configuration. `Display` is the
/// text Helm would print for the same failure.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    /// An error with this text.
    pub fn msg(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// This error's text behind `prefix` (Go's `fmt.Errorf("prefix: %w", err)`).
    #[must_use]
    pub fn context(self, prefix: &str) -> Self {
        Self {
            message: format!("{prefix}: {}", self.message),
            source: self.source,
        }
    }

    /// The API server's status reason (`NotFound`, `AlreadyExists`...) when the server answered.
    pub fn reason(&self) -> Option<&str> {
        let source = self.source.as_deref()?;
        match source.downcast_ref::<kube::Error>() {
            Some(kube::Error::Api(status)) => Some(status.reason.as_str()),
            _ => None,
        }
    }

    /// Whether the server said the object does not exist.
    pub fn is_not_found(&self) -> bool {
        self.reason() == Some("NotFound")
    }

    /// Whether the server said the object exists already.
    pub fn is_already_exists(&self) -> bool {
        self.reason() == Some("AlreadyExists")
    }

    /// A kube-rs error on a request (`method` `url`), in client-go's words: the server's status
    /// message when it answered, `Get "url": dial tcp ...` when it could not be reached.
    pub fn from_kube(err: kube::Error, method: &str, url: &str) -> Self {
        let message = match &err {
            // client-go's generic text when the body is not read as a Status (`Raw()`, as
            // discovery's `/version` does); the status message otherwise.
            kube::Error::Api(status) if status.code == 401 && url.ends_with("/version") => {
                "the server has asked for the client to provide credentials".to_owned()
            }
            kube::Error::Api(status) if !status.message.is_empty() => status.message.clone(),
            kube::Error::Api(status) => format!(
                "the server responded with the status code {} but did not return more information",
                status.code
            ),
            other => transport_message(other, method, url),
        };
        Self {
            message,
            source: Some(Box::new(err)),
        }
    }
}

/// Go's `net/http` client error text for a transport failure: `Get "URL": dial tcp ADDR: ...`.
fn transport_message(err: &kube::Error, method: &str, url: &str) -> String {
    let verb = go_method(method);
    let addr = dial_address(url);
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if let Some(tls) = go_tls_message(&io.to_string()) {
                return format!("{verb} \"{url}\": {tls}");
            }
            let what = match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connect: connection refused".to_owned(),
                std::io::ErrorKind::TimedOut => "i/o timeout".to_owned(),
                std::io::ErrorKind::ConnectionReset => "read: connection reset by peer".to_owned(),
                std::io::ErrorKind::HostUnreachable => "connect: no route to host".to_owned(),
                std::io::ErrorKind::NetworkUnreachable => {
                    "connect: network is unreachable".to_owned()
                }
                _ => io.to_string(),
            };
            return format!("{verb} \"{url}\": dial tcp {addr}: {what}");
        }
        let text = e.to_string();
        if text.contains("dns error") || text.contains("failed to lookup address") {
            let host = addr.rsplit_once(':').map_or(addr.as_str(), |(h, _)| h);
            return format!("{verb} \"{url}\": dial tcp: lookup {host}: no such host");
        }
        cause = e.source();
    }
    format!("{verb} \"{url}\": {}", innermost(err))
}

/// Go's `crypto/tls` text for rustls' certificate verification failures:
/// `tls: failed to verify certificate: x509: ...`.
fn go_tls_message(text: &str) -> Option<String> {
    let cause = text.strip_prefix("invalid peer certificate: ")?;
    let x509 = if cause == "UnknownIssuer" {
        "x509: certificate signed by unknown authority".to_owned()
    } else if let Some(rest) = cause.strip_prefix("certificate not valid for name \"") {
        // `...name "wanted"; certificate is only valid for DnsName("a"), IpAddress(1.2.3.4) or
        // ...`: Go's HostnameError lists the DNS names (the IP addresses for an IP host).
        let (wanted, presented) = rest.split_once('"')?;
        let list = |prefix: &str| -> Vec<String> {
            presented
                .split(prefix)
                .skip(1)
                .filter_map(|p| {
                    p.split_once(')')
                        .map(|(v, _)| v.trim_matches('"').to_owned())
                })
                .collect()
        };
        let valid = if wanted.parse::<std::net::IpAddr>().is_ok() {
            list("IpAddress(")
                .iter()
                .map(|ip| {
                    ip.parse::<std::net::IpAddr>()
                        .map_or_else(|_| ip.clone(), |a| a.to_string())
                })
                .collect()
        } else {
            list("DnsName(")
        };
        if valid.is_empty() {
            format!("x509: certificate is not valid for any names, but wanted to match {wanted}")
        } else {
            format!(
                "x509: certificate is valid for {}, not {wanted}",
                valid.join(", ")
            )
        }
    } else if cause == "Expired" || cause.starts_with("certificate expired") {
        "x509: certificate has expired or is not yet valid".to_owned()
    } else {
        return None;
    };
    Some(format!("tls: failed to verify certificate: {x509}"))
}

fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut e = err;
    while let Some(next) = e.source() {
        e = next;
    }
    e.to_string()
}

/// Go prints the method with only its first letter upper-cased (`Get`, `Post`).
fn go_method(method: &str) -> String {
    let lower = method.to_ascii_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `host:port` of a URL, with the scheme's default port, as Go's dialer reports it.
fn dial_address(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    // Go's dialer reports the address it resolved `localhost` to.
    let authority = match authority.strip_prefix("localhost") {
        Some(rest) if rest.is_empty() || rest.starts_with(':') => format!("127.0.0.1{rest}"),
        _ => authority.to_owned(),
    };
    let authority = authority.as_str();
    let has_port = if authority.starts_with('[') {
        authority.contains("]:")
    } else {
        authority.contains(':')
    };
    if has_port {
        authority.to_owned()
    } else if scheme == "http" {
        format!("{authority}:80")
    } else {
        format!("{authority}:443")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_methods_like_go() {
        assert_eq!(dial_address("https://127.0.0.1:1/version"), "127.0.0.1:1");
        assert_eq!(dial_address("https://example.com/api"), "example.com:443");
        assert_eq!(dial_address("http://[::1]:8080/x"), "[::1]:8080");
        assert_eq!(go_method("GET"), "Get");
        assert_eq!(go_method("POST"), "Post");
    }

    #[test]
    fn tls_failures_in_gos_words() {
        assert_eq!(
            go_tls_message("invalid peer certificate: UnknownIssuer").unwrap(),
            "tls: failed to verify certificate: x509: certificate signed by unknown authority"
        );
        let rustls = "invalid peer certificate: certificate not valid for name \"wrong.example\"; certificate is only valid for DnsName(\"localhost\"), DnsName(\"kubernetes\"), IpAddress(127.0.0.1) or IpAddress(0::1)";
        assert_eq!(
            go_tls_message(rustls).unwrap(),
            "tls: failed to verify certificate: x509: certificate is valid for localhost, kubernetes, not wrong.example"
        );
        let by_ip = rustls.replace("\"wrong.example\"", "\"10.0.0.1\"");
        assert_eq!(
            go_tls_message(&by_ip).unwrap(),
            "tls: failed to verify certificate: x509: certificate is valid for 127.0.0.1, ::1, not 10.0.0.1"
        );
        assert!(go_tls_message("connection reset").is_none());
    }
}
