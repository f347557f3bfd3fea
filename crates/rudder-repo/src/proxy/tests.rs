//! The facts of Go's `httpproxy` tests (`proxy_test.go`: `TestProxyForURL`, `TestUseProxy`,
//! `TestAllNoProxy`, `TestInvalidNoProxy`, `TestFromEnvironment*`), as Rust tables.

use super::{Environment, Proxies};

fn env(http: &str, https: &str, no_proxy: &str) -> Environment {
    Environment {
        http_proxy: http.to_owned(),
        https_proxy: https.to_owned(),
        no_proxy: no_proxy.to_owned(),
        cgi: false,
    }
}

/// `scheme://host[:port]` taken apart as the HTTP getter does.
fn chosen(proxies: &Proxies, url: &str) -> Result<String, String> {
    let (scheme, rest) = url.split_once("://").expect("scheme");
    let authority = rest.split('/').next().expect("authority");
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']').expect("bracket");
        (host, after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    proxies
        .for_url(scheme, host, port)
        .map(|p| p.map_or_else(|| "<nil>".to_owned(), ToString::to_string))
}

#[test]
fn proxy_for_url_as_go() {
    let cases: &[(Environment, &str, &str)] = &[
        (
            env("127.0.0.1:8080", "", ""),
            "http://example.com",
            "http://127.0.0.1:8080",
        ),
        (
            env("cache.corp.example.com:1234", "", ""),
            "http://example.com",
            "http://cache.corp.example.com:1234",
        ),
        (
            env("cache.corp.example.com", "", ""),
            "http://example.com",
            "http://cache.corp.example.com",
        ),
        // A single label reads as a scheme to url.Parse; http:// is put in front.
        (
            env("localhost", "", ""),
            "http://example.com",
            "http://localhost",
        ),
        (
            env("https://cache.corp.example.com", "", ""),
            "http://example.com",
            "https://cache.corp.example.com",
        ),
        (
            env("http://127.0.0.1:8080", "", ""),
            "http://example.com",
            "http://127.0.0.1:8080",
        ),
        (
            env("https://127.0.0.1:8080", "", ""),
            "http://example.com",
            "https://127.0.0.1:8080",
        ),
        (
            env("socks5://127.0.0.1", "", ""),
            "http://example.com",
            "socks5://127.0.0.1",
        ),
        // Unknown schemes are kept.
        (
            env("foo://host", "", ""),
            "http://example.com",
            "foo://host",
        ),
        // HTTP_PROXY for http, HTTPS_PROXY for https.
        (
            env("http.proxy.tld", "secure.proxy.tld", ""),
            "http://insecure.tld/",
            "http://http.proxy.tld",
        ),
        (
            env("http.proxy.tld", "secure.proxy.tld", ""),
            "https://secure.tld/",
            "http://secure.proxy.tld",
        ),
        (
            env("http.proxy.tld", "https://secure.proxy.tld", ""),
            "https://secure.tld/",
            "https://secure.proxy.tld",
        ),
        (
            env("http.proxy.tld", "", ""),
            "https://secure.tld/",
            "<nil>",
        ),
        (
            env("http.proxy.tld", "", ""),
            "ftp://insecure.tld/",
            "<nil>",
        ),
        (env("", "", ""), "http://example.com", "<nil>"),
        (
            env("proxy", "", "example.com"),
            "http://example.com/",
            "<nil>",
        ),
        (
            env("proxy", "", ".example.com"),
            "http://example.com/",
            "http://proxy",
        ),
        (
            env("proxy", "", "ample.com"),
            "http://example.com/",
            "http://proxy",
        ),
        (
            env("proxy", "", "example.com"),
            "http://foo.example.com/",
            "<nil>",
        ),
        (
            env("proxy", "", ".foo.com"),
            "http://example.com/",
            "http://proxy",
        ),
        // Loopback and localhost are never proxied.
        (env("proxy", "", ""), "http://localhost:8080/", "<nil>"),
        (env("proxy", "", ""), "http://127.0.0.1/", "<nil>"),
        (env("proxy", "", ""), "http://[::1]:80/", "<nil>"),
        // Go checks "localhost" before lower-casing.
        (env("proxy", "", ""), "http://LOCALHOST/", "http://proxy"),
        // A value that does not parse is tried again after `http://`: here it parses, with the
        // host `http` (and the rest as a path); Go then fails to resolve `http`.
        (
            env("http://proxy:port", "", ""),
            "http://example.com/",
            "http://http:",
        ),
        // Neither parses with a host: Go keeps the first parse, no scheme and no host, and
        // dials `:0`.
        (env("proxy host", "", ""), "http://example.com/", "://"),
        // Bad escapes or control characters: no proxy at all (Go drops the error).
        (
            env("http://%zz@proxy", "", ""),
            "http://example.com/",
            "<nil>",
        ),
        (env("proxy\u{7f}", "", ""), "http://example.com/", "<nil>"),
        (
            env("http://proxy:3128/path?q", "", ""),
            "http://example.com/",
            "http://proxy:3128",
        ),
    ];
    let mut failures = Vec::new();
    for (env, url, want) in cases {
        let got = chosen(&Proxies::new(env), url);
        if got.as_deref() != Ok(*want) {
            failures.push(format!("{env:?} {url}: got {got:?}, want {want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn http_proxy_is_refused_in_cgi_but_https_proxy_is_used() {
    let mut cgi = env("http://10.1.2.3:8080", "", "");
    cgi.cgi = true;
    assert_eq!(
        chosen(&Proxies::new(&cgi), "http://example.com"),
        Err(
            "refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy"
                .to_owned()
        )
    );
    let mut cgi = env("", "https://secure.proxy.tld", "");
    cgi.cgi = true;
    assert_eq!(
        chosen(&Proxies::new(&cgi), "https://secure.tld/").as_deref(),
        Ok("https://secure.proxy.tld")
    );
}

const NO_PROXY: &str = "foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, \
    192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, \
    2002:db8:a::45/64";

/// `(host, proxied)` for requests to `host:80`.
const USE_PROXY: &[(&str, bool)] = &[
    ("localhost", false),
    ("127.0.0.1", false),
    ("127.0.0.2", false),
    ("[::1]", false),
    ("[::2]", true),
    ("192.168.1.1", false),
    ("192.168.1.2", true),
    ("192.168.1.3", false),
    ("192.168.1.4", true),
    ("10.0.0.2", false),
    ("[2001:db8::52:0:1]", false),
    ("[2001:db8::52:0:2]", true),
    ("[2001:db8::52:0:3]", false),
    ("[2002:db8:a::123]", false),
    ("[fe80::424b:c8be:1643:a1b6]", true),
    ("barbaz.net", true),
    ("www.barbaz.net", false),
    ("foobar.com", false),
    ("www.foobar.com", false),
    ("foofoobar.com", true),
    ("baz.com", true),
    ("localhost.net", true),
    ("local.localhost", true),
    ("barbarbaz.net", true),
    ("wildcard.io", true),
    ("nested.wildcard.io", false),
    ("awildcard.io", true),
    // Beyond Go's table: upper case, IPv4-mapped IPv6, a CIDR boundary.
    ("WWW.FOOBAR.COM", false),
    ("[::ffff:192.168.1.1]", false),
    ("[::ffff:127.0.0.1]", false),
    ("10.0.0.4", true),
];

fn use_proxy(no_proxy: &str, host: &str) -> bool {
    let proxies = Proxies::new(&env("", "", no_proxy));
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    proxies.use_proxy(host, "80")
}

#[test]
fn no_proxy_matching_as_go() {
    let wrong: Vec<_> = USE_PROXY
        .iter()
        .filter(|(host, want)| use_proxy(NO_PROXY, host) != *want)
        .collect();
    assert!(wrong.is_empty(), "useProxy differs from Go for {wrong:?}");
}

#[test]
fn no_proxy_star_matches_everything() {
    for (host, _) in USE_PROXY {
        assert!(!use_proxy("*", host), "{host}");
        assert!(!use_proxy("example.org, *", host), "{host}");
    }
}

#[test]
fn malformed_no_proxy_entries_are_ignored() {
    assert!(use_proxy(":1", "example.com"));
    assert!(use_proxy(",, ,:80,[]:1", "example.com"));
    // A domain with a port matches that port only.
    let proxies = Proxies::new(&env("", "", "example.com:8080"));
    assert!(!proxies.use_proxy("example.com", "8080"));
    assert!(proxies.use_proxy("example.com", "80"));
}

#[test]
fn from_environment_upper_then_lower_case() {
    let vars = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let upper = Environment::from_lookup(vars(&[
        ("HTTP_PROXY", "httpproxy"),
        ("HTTPS_PROXY", "httpsproxy"),
        ("NO_PROXY", "noproxy"),
        ("REQUEST_METHOD", ""),
        ("http_proxy", "lower"),
    ]));
    assert_eq!(upper, env("httpproxy", "httpsproxy", "noproxy"));
    let lower = Environment::from_lookup(vars(&[
        ("http_proxy", "httpproxy"),
        ("https_proxy", "httpsproxy"),
        ("no_proxy", "noproxy"),
        ("HTTP_PROXY", ""),
    ]));
    assert_eq!(lower, env("httpproxy", "httpsproxy", "noproxy"));
    let cgi = Environment::from_lookup(vars(&[("REQUEST_METHOD", "PUT")]));
    assert!(cgi.cgi);
}

#[test]
fn proxy_urls_take_apart_and_authorise() {
    let proxies = Proxies::new(&env(
        "http://user%3A1:p%40ss@proxy.corp",
        "socks5://[::1]",
        "",
    ));
    let http = proxies
        .for_url("http", "example.com", None)
        .expect("no error")
        .expect("proxied");
    assert_eq!(
        (http.host.as_str(), http.port_or_default()),
        ("proxy.corp", 80)
    );
    assert_eq!(
        http.user,
        Some(("user:1".to_owned(), Some("p@ss".to_owned())))
    );
    assert_eq!(
        http.authorization().as_deref(),
        Some("Basic dXNlcjoxOnBAc3M=")
    );
    assert_eq!(http.to_string(), "http://user%3A1:p%40ss@proxy.corp");
    let socks = proxies
        .for_url("https", "example.com", None)
        .expect("no error")
        .expect("proxied");
    assert_eq!(
        (socks.host.as_str(), socks.port_or_default()),
        ("::1", 1080)
    );
    assert_eq!(socks.authorization(), None);
}
