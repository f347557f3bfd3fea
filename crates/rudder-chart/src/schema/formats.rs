//! The `format` checks whose messages `boon` words differently from the Go library
//! (`santhosh-tekuri/jsonschema/v6` `format.go`), redone with Go's texts. Formats are only
//! asserted for drafts 4, 6 and 7 (as in Go).

use std::error::Error;

use serde_json::Value as Json;

type Check = Result<(), Box<dyn Error>>;

fn fail(msg: String) -> Check {
    Err(msg.into())
}

fn q(c: char) -> String {
    rudder_value::strconv::quote_rune(i64::from(u32::from(c)))
}

fn ipv4_str(s: &str) -> Check {
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() != 4 {
        return fail("expected four decimals".into());
    }
    for g in groups {
        if g.len() > 1 && g.starts_with('0') {
            return fail("leading zeros".into());
        }
        let n = rudder_value::strconv::parse_int(g, 10, 64).map_err(|mut e| {
            e.func = "Atoi";
            e.to_string()
        })?;
        if !(0..=255).contains(&n) {
            return fail("decimal must be between 0 and 255".into());
        }
    }
    Ok(())
}

fn ipv4(v: &Json) -> Check {
    match v {
        Json::String(s) => ipv4_str(s),
        _ => Ok(()),
    }
}

fn hostname_str(s: &str) -> Check {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() > 253 {
        return fail("more than 253 characters long".into());
    }
    for label in s.split('.') {
        if label.is_empty() || label.len() > 63 {
            return fail("label must be 1 to 63 characters long".into());
        }
        if label.starts_with('-') {
            return fail("label starts with hyphen".into());
        }
        if label.ends_with('-') {
            return fail("label ends with hyphen".into());
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return fail(format!("invalid character {}", q(c)));
        }
    }
    Ok(())
}

fn hostname(v: &Json) -> Check {
    match v {
        Json::String(s) => hostname_str(s),
        _ => Ok(()),
    }
}

fn email(v: &Json) -> Check {
    let Json::String(s) = v else {
        return Ok(());
    };
    if s.len() > 254 {
        return fail("more than 255 characters long".into());
    }
    let Some(at) = s.rfind('@') else {
        return fail("missing @".into());
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.len() > 64 {
        return fail("local part more than 64 characters long".into());
    }
    if local.len() > 1 && local.starts_with('"') {
        let inner = &local[1..local.len() - 1];
        if inner.contains('\\') || inner.contains('"') {
            return fail("backslash and quote are not allowed within quoted local part".into());
        }
    } else {
        if local.starts_with('.') {
            return fail("starts with dot".into());
        }
        if local.ends_with('.') {
            return fail("ends with dot".into());
        }
        if local.contains("..") {
            return fail("consecutive dots".into());
        }
        if let Some(c) = local
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || ".!#$%&'*+-/=?^_`{|}~".contains(*c)))
        {
            return fail(format!("invalid character {}", q(c)));
        }
    }
    if domain.len() >= 2 && domain.starts_with('[') && domain.ends_with(']') {
        let inner = &domain[1..domain.len() - 1];
        if let Some(rem) = inner.strip_prefix("IPv6:") {
            if !rem.contains(':') {
                return fail("invalid ipv6 address: missing colon".into());
            }
            if rem.parse::<std::net::Ipv6Addr>().is_err() {
                return fail(format!(
                    "invalid ipv6 address: ParseAddr({}): invalid IPv6 address",
                    rudder_value::strconv::quote(rem)
                ));
            }
            return Ok(());
        }
        return ipv4_str(inner).map_err(|e| format!("invalid ipv4 address: {e}").into());
    }
    hostname_str(domain).map_err(|e| format!("invalid domain: {e}").into())
}

fn json_pointer_str(s: &str) -> Check {
    if s.is_empty() {
        return Ok(());
    }
    if !s.starts_with('/') {
        return fail("not starting with /".into());
    }
    for tok in s.split('/').skip(1) {
        let mut escape = false;
        for c in tok.chars() {
            if escape {
                escape = false;
                if c != '0' && c != '1' {
                    return fail("~ must be followed by 0 or 1".into());
                }
                continue;
            }
            if c == '~' {
                escape = true;
                continue;
            }
            if c == '/' {
                return fail(format!("invalid character {}", q(c)));
            }
        }
        if escape {
            return fail("~ must be followed by 0 or 1".into());
        }
    }
    Ok(())
}

fn json_pointer(v: &Json) -> Check {
    match v {
        Json::String(s) => json_pointer_str(s),
        _ => Ok(()),
    }
}

fn relative_json_pointer(v: &Json) -> Check {
    let Json::String(s) = v else {
        return Ok(());
    };
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return fail("must start with non-negative integer".into());
    }
    if digits > 1 && s.starts_with('0') {
        return fail("starts with zero".into());
    }
    let rest = &s[digits..];
    if rest == "#" {
        return Ok(());
    }
    json_pointer_str(rest)
}

/// The lengths of a UUID's hex groups.
const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];

fn uuid(v: &Json) -> Check {
    let Json::String(s) = v else {
        return Ok(());
    };
    let groups: Vec<&str> = s.split('-').collect();
    if groups.len() != GROUPS.len() {
        return fail(format!("must have {} elements", GROUPS.len()));
    }
    for (i, g) in groups.iter().enumerate() {
        if g.len() != GROUPS[i] {
            return fail(format!(
                "element {} must be {} characters long",
                i + 1,
                GROUPS[i]
            ));
        }
        if let Some(c) = g.chars().find(|c| !c.is_ascii_hexdigit()) {
            return fail(format!("non-hex character {}", q(c)));
        }
    }
    Ok(())
}

fn semver(v: &Json) -> Check {
    let Json::String(s) = v else {
        return Ok(());
    };
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let mut s = s.as_str();
    if let Some(i) = s.find('+') {
        let build = &s[i + 1..];
        if build.is_empty() {
            return fail("build is empty".into());
        }
        for id in build.split('.') {
            if id.is_empty() {
                return fail("build identifier is empty".into());
            }
            if let Some(c) = id.chars().find(|c| !ident(*c)) {
                return fail(format!("invalid character {} in build identifier", q(c)));
            }
        }
        s = &s[..i];
    }
    if let Some(i) = s.find('-') {
        for id in s[i + 1..].split('.') {
            if id.is_empty() {
                return fail("pre-release identifier is empty".into());
            }
            if let Some(c) = id.chars().find(|c| !ident(*c)) {
                return fail(format!(
                    "invalid character {} in pre-release identifier",
                    q(c)
                ));
            }
            if id.bytes().all(|b| b.is_ascii_digit()) && id.len() > 1 && id.starts_with('0') {
                return fail("pre-release numeric identifier starts with zero".into());
            }
        }
        s = &s[..i];
    }
    let versions: Vec<&str> = s.split('.').collect();
    if versions.len() != 3 {
        return fail("versionCore must have 3 numbers separated by dot".into());
    }
    for (name, v) in ["major", "minor", "patch"].iter().zip(versions) {
        if v.is_empty() {
            return fail(format!("{name} is empty"));
        }
        if v.len() > 1 && v.starts_with('0') {
            return fail(format!("{name} starts with zero"));
        }
        if !v.bytes().all(|b| b.is_ascii_digit()) {
            return fail(format!("{name} contains non-digit"));
        }
    }
    Ok(())
}

/// Formats the Go library does not know: never asserted.
#[expect(clippy::unnecessary_wraps, reason = "boon's format signature")]
fn unknown(_: &Json) -> Check {
    Ok(())
}

type FormatFn = fn(&Json) -> Check;

/// The Go-worded formats, to register on the compiler.
pub(super) fn register(compiler: &mut boon::Compiler) {
    let formats: [(&'static str, FormatFn); 9] = [
        ("ipv4", ipv4),
        ("hostname", hostname),
        ("email", email),
        ("json-pointer", json_pointer),
        ("relative-json-pointer", relative_json_pointer),
        ("uuid", uuid),
        ("semver", semver),
        ("idn-hostname", unknown),
        ("idn-email", unknown),
    ];
    for (name, func) in formats {
        compiler.register_format(boon::Format { name, func });
    }
}
