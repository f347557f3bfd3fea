//! Interoperation with Go for the functions whose output is random: keys and certificates
//! rudder generates are parsed, validated and verified by Go's `crypto/x509` (the oracle's
//! `sprig_interop` op) and their structure is compared with what Go's own Sprig generates
//! for the same template; AES round-trips both ways; bcrypt hashes verify in Go.
//!
//! Needs the Go oracle (`tools/oracle.sh`, or `$ORACLE`); without Go the test says so and
//! passes vacuously.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;

use rudder_template::Templates;
use rudder_value::Value;
use serde_json::{Value as Json, json};

struct Oracle {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Oracle {
    fn start() -> Option<Self> {
        let path = if let Ok(p) = std::env::var("ORACLE") {
            p
        } else {
            let root = &format!(
                "{}/../..",
                std::env::var("CARGO_MANIFEST_DIR")
                    .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
            );
            let out = Command::new(format!("{root}/tools/oracle.sh"))
                .stderr(Stdio::null())
                .output()
                .ok()?;
            if !out.status.success() {
                return None;
            }
            String::from_utf8(out.stdout).ok()?.trim().to_owned()
        };
        let mut child = Command::new(path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        let stdout = BufReader::new(child.stdout.take()?);
        Some(Self {
            _child: child,
            stdin,
            stdout,
        })
    }

    fn ask(&mut self, req: &Json) -> Json {
        writeln!(self.stdin, "{req}").expect("oracle stdin");
        self.stdin.flush().expect("flush");
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("oracle stdout");
        serde_json::from_str(&line).expect("oracle json")
    }

    /// Go's Sprig output for a template.
    fn go_template(&mut self, template: &str) -> String {
        let resp = self.ask(&json!({"id": 1, "op": "sprig_template", "template": template}));
        assert_eq!(resp["ok"], true, "{template}: {resp}");
        resp["out"].as_str().expect("text").to_owned()
    }

    fn check(&mut self, fields: &Json) -> Json {
        let mut req = json!({"id": 1, "op": "sprig_interop"});
        for (k, v) in fields.as_object().expect("object") {
            req[k] = v.clone();
        }
        let resp = self.ask(&req);
        assert_eq!(resp["ok"], true, "{req}: {resp}");
        resp["out"].clone()
    }
}

fn rudder(template: &str) -> String {
    let mut t = Templates::new("t");
    t.funcs(rudder_sprig::functions(&rudder_sprig::Options::default()));
    t.parse("t", template).expect("parse");
    t.execute_to_string("t", &Value::Nil).expect("execute")
}

/// Splits "CERT|KEY" outputs.
fn pair(out: &str) -> (String, String) {
    let (c, k) = out.split_once('|').expect("cert|key");
    (c.to_owned(), k.to_owned())
}

/// The certificate description without what is random or time-dependent.
fn stable(mut desc: Json) -> Json {
    let obj = desc.as_object_mut().expect("object");
    // Validity is days×24h, give or take the second Go's two time.Now calls may straddle.
    if let Some(v) = obj.remove("validity_seconds") {
        let v = v.as_f64().expect("seconds");
        obj.insert("validity_days".into(), json!((v / 86_400.0).round()));
    }
    desc
}

#[test]
fn generated_keys_and_certificates_verify_in_go() {
    let Some(mut oracle) = Oracle::start() else {
        eprintln!("interop: no Go oracle (tools/oracle.sh failed); skipped");
        return;
    };

    // Private keys of every type: Go parses them, finds them valid, and re-encodes them to
    // the same bytes.
    for (kind, want) in [
        ("rsa", "rsa-4096-e65537"),
        ("", "rsa-4096-e65537"),
        ("ecdsa", "ecdsa-P-256"),
        ("ed25519", "ed25519"),
        ("dsa", "dsa-L2048-N256"),
    ] {
        let pem = rudder(&format!("{{{{ genPrivateKey {kind:?} }}}}"));
        let d = oracle.check(&json!({"check": "private_key", "key": pem}));
        assert_eq!(d["key"], want, "{kind}: {d}");
        assert_eq!(d["valid"], true, "{kind}: {d}");
        assert_eq!(d["canonical"], true, "{kind}: {d}");
        assert_eq!(d["trailing_bytes"], 0, "{kind}: {d}");
    }

    // Certificates: rudder's and Go's, for the same templates, described by Go.
    let key_for = |kind: &str| rudder(&format!("{{{{ genPrivateKey {kind:?} }}}}"));
    let ecdsa_pem = key_for("ecdsa");
    let ed25519_pem = key_for("ed25519");
    let cases: Vec<(String, String)> = vec![
        ("ca".into(), r#"{{ $c := genCA "my-ca" 365 }}{{ $c.Cert }}|{{ $c.Key }}"#.into()),
        ("ca-empty-cn".into(), r#"{{ $c := genCA "" 1 }}{{ $c.Cert }}|{{ $c.Key }}"#.into()),
        (
            "ca-ecdsa".into(),
            format!(r#"{{{{ $c := genCAWithKey "ec ca" 30 {ecdsa_pem:?} }}}}{{{{ $c.Cert }}}}|{{{{ $c.Key }}}}"#),
        ),
        (
            "ca-ed25519".into(),
            format!(r#"{{{{ $c := genCAWithKey "ed*ca" 30 {ed25519_pem:?} }}}}{{{{ $c.Cert }}}}|{{{{ $c.Key }}}}"#),
        ),
        (
            "self-signed".into(),
            r#"{{ $c := genSelfSignedCert "svc.example.com" (list "10.0.0.1" "::1" "::ffff:1.2.3.4") (list "svc" "svc.ns.svc") 3650 }}{{ $c.Cert }}|{{ $c.Key }}"#.into(),
        ),
        (
            "self-signed-no-sans".into(),
            r#"{{ $c := genSelfSignedCert "plain" nil nil 10 }}{{ $c.Cert }}|{{ $c.Key }}"#.into(),
        ),
        (
            "self-signed-empty-cn".into(),
            r#"{{ $c := genSelfSignedCert "" nil (list "only.san") 10 }}{{ $c.Cert }}|{{ $c.Key }}"#.into(),
        ),
        (
            "self-signed-ecdsa".into(),
            format!(r#"{{{{ $c := genSelfSignedCertWithKey "k" (list "127.0.0.1") nil 5 {ecdsa_pem:?} }}}}{{{{ $c.Cert }}}}|{{{{ $c.Key }}}}"#),
        ),
        (
            "self-signed-utf8-cn".into(),
            r#"{{ $c := genSelfSignedCert "héllo wörld" nil nil 1 }}{{ $c.Cert }}|{{ $c.Key }}"#.into(),
        ),
        (
            "self-signed-2050".into(),
            r#"{{ $c := genSelfSignedCert "far" nil nil 9500 }}{{ $c.Cert }}|{{ $c.Key }}"#.into(),
        ),
    ];
    for (name, template) in &cases {
        let (cert, key) = pair(&rudder(template));
        let ours = oracle.check(&json!({"check": "certificate", "cert": cert, "key": key}));
        assert_eq!(ours["signature_verified"], true, "{name}: {ours}");
        assert_eq!(ours["key_matches"], true, "{name}: {ours}");
        let (gcert, gkey) = pair(&oracle.go_template(template));
        let theirs = oracle.check(&json!({"check": "certificate", "cert": gcert, "key": gkey}));
        assert_eq!(stable(ours), stable(theirs), "{name}: rudder vs Go");
    }

    // Signed certificates, with the CA made by rudder and by Go, chained and verified.
    for ca_maker in ["rudder", "go"] {
        let ca_template = r#"{{ $c := genCA "the-ca" 365 }}{{ $c.Cert }}|{{ $c.Key }}"#;
        let (ca_cert, ca_key) = pair(&if ca_maker == "rudder" {
            rudder(ca_template)
        } else {
            oracle.go_template(ca_template)
        });
        let b64 = |s: &str| rudder_sprig_b64(s);
        let signed = format!(
            r#"{{{{ $ca := buildCustomCert {:?} {:?} }}}}{{{{ $c := genSignedCert "leaf.example.com" (list "10.1.2.3") (list "leaf" "leaf.example.com") 90 $ca }}}}{{{{ $c.Cert }}}}|{{{{ $c.Key }}}}"#,
            b64(&ca_cert),
            b64(&ca_key)
        );
        let signed_with_key = format!(
            r#"{{{{ $ca := buildCustomCert {:?} {:?} }}}}{{{{ $c := genSignedCertWithKey "leaf2" nil (list "x") 1 $ca {ecdsa_pem:?} }}}}{{{{ $c.Cert }}}}|{{{{ $c.Key }}}}"#,
            b64(&ca_cert),
            b64(&ca_key)
        );
        for template in [&signed, &signed_with_key] {
            let (cert, key) = pair(&rudder(template));
            let ours = oracle
                .check(&json!({"check": "certificate", "cert": cert, "key": key, "ca": ca_cert}));
            assert_eq!(ours["signature_verified"], true, "{ca_maker}: {ours}");
            assert_eq!(ours["chain_verified"], true, "{ca_maker}: {ours}");
            assert_eq!(
                ours["authority_key_id_is_issuer_skid"], true,
                "{ca_maker}: {ours}"
            );
            let (gcert, gkey) = pair(&oracle.go_template(template));
            let theirs = oracle
                .check(&json!({"check": "certificate", "cert": gcert, "key": gkey, "ca": ca_cert}));
            assert_eq!(stable(ours), stable(theirs), "{ca_maker} CA: rudder vs Go");
        }
    }
}

fn rudder_sprig_b64(s: &str) -> String {
    rudder(&format!("{{{{ b64enc {s:?} }}}}"))
}

#[test]
fn aes_and_bcrypt_interoperate_with_go() {
    let Some(mut oracle) = Oracle::start() else {
        eprintln!("interop: no Go oracle; skipped");
        return;
    };
    for (password, plain) in [
        ("secretkey", "plaintext"),
        ("", "x"),
        (
            "a-password-longer-than-thirty-two-bytes!!",
            "exactly sixteen!",
        ),
        ("pässwörd", "ünïcödé text with\nnewlines"),
        ("k", &"long text ".repeat(50)),
    ] {
        let ours = rudder(&format!("{{{{ encryptAES {password:?} {plain:?} }}}}"));
        let decrypted_by_go =
            oracle.go_template(&format!("{{{{ decryptAES {password:?} {ours:?} }}}}"));
        assert_eq!(decrypted_by_go, plain, "Go decrypts rudder's ciphertext");
        let theirs = oracle.go_template(&format!("{{{{ encryptAES {password:?} {plain:?} }}}}"));
        let decrypted_by_us = rudder(&format!("{{{{ decryptAES {password:?} {theirs:?} }}}}"));
        assert_eq!(decrypted_by_us, plain, "rudder decrypts Go's ciphertext");
    }
    for password in ["", "password", "pässwörd", &"x".repeat(72), "with:colon"] {
        let hash = rudder(&format!("{{{{ bcrypt {password:?} }}}}"));
        assert!(hash.starts_with("$2a$10$") && hash.len() == 60, "{hash}");
        let v = oracle.check(&json!({"check": "bcrypt", "hash": hash, "password": password}));
        assert_eq!(v["ok"], true, "Go verifies rudder's bcrypt of {password:?}");
        let line = rudder(&format!("{{{{ htpasswd \"user\" {password:?} }}}}"));
        let (user, hash) = line.split_once(':').expect("user:hash");
        assert_eq!(user, "user");
        let v = oracle.check(&json!({"check": "bcrypt", "hash": hash, "password": password}));
        assert_eq!(
            v["ok"], true,
            "Go verifies rudder's htpasswd of {password:?}"
        );
    }
    // Helm's `now` against a pinned clock: the same instant formats the same in both.
    let opts = rudder_sprig::Options::default()
        .with_local_zone("America/New_York")
        .expect("zone")
        .with_clock(Arc::new(rudder_sprig::FixedClock {
            secs: 1_700_000_000,
            nanos: 123_456_789,
        }));
    let mut t = Templates::new("t");
    t.funcs(rudder_sprig::functions(&opts));
    t.parse("t", r#"{{ now }}|{{ now | date "2006-01-02T15:04:05.000Z07:00 MST" }}|{{ now | unixEpoch }}|{{ ago 1699999000 }}|{{ dateInZone "Mon Jan 2 15:04" (now | dateModify "36h") "Asia/Tokyo" }}"#)
        .expect("parse");
    let ours = t.execute_to_string("t", &Value::Nil).expect("execute");
    let resp = oracle.ask(&json!({
        "id": 1, "op": "sprig_template", "local": "America/New_York",
        "template": r#"{{ $t := toDate "2006-01-02 15:04:05.000000000 MST" "2023-11-14 17:13:20.123456789 EST" }}{{ $t }}|{{ $t | date "2006-01-02T15:04:05.000Z07:00 MST" }}|{{ $t | unixEpoch }}|16m40s|{{ dateInZone "Mon Jan 2 15:04" ($t | dateModify "36h") "Asia/Tokyo" }}"#
    }));
    assert_eq!(resp["out"].as_str(), Some(ours.as_str()), "pinned clock");
}
