//! Sprig's certificate functions (`genCA`, `genSelfSignedCert`, `genSignedCert`, their
//! `WithKey` forms and `buildCustomCert`), producing what Go's `x509.CreateCertificate`
//! produces for Sprig's template: X.509 v3, a 128-bit random serial, `CN` only, validity
//! from now for `days × 24h`, `KeyUsage` (critical), `ExtKeyUsage` server+client auth,
//! `BasicConstraints` (critical), a truncated-SHA-256 subject key identifier for CAs, the
//! issuer's key identifier as authority key identifier, and DNS/IP SANs.

use std::sync::Arc;

use rand::Rng;
use rand::rngs::OsRng;
use rudder_value::{Kind, Object, Value};
use sha2::{Digest, Sha256};

use super::der;
use super::keys::{self, PrivateKey};
use crate::date::GoTime;

/// Go's `sprig.certificate{Cert, Key}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Certificate {
    pub(crate) cert: String,
    pub(crate) key: String,
}

pub(crate) const CERT_TYPE: &str = "sprig.certificate";

impl Object for Certificate {
    fn type_name(&self) -> &str {
        CERT_TYPE
    }

    fn kind(&self) -> Kind {
        Kind::Struct
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::string(self.cert.as_str())),
            "Key" => Some(Value::string(self.key.as_str())),
            _ => None,
        }
    }

    fn field_names(&self) -> &[&'static str] {
        &["Cert", "Key"]
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Certificate {
    pub(crate) fn into_value(self) -> Value {
        Value::Object(Arc::new(self))
    }

    pub(crate) fn from_value(v: &Value) -> Option<&Self> {
        match v {
            Value::Object(o) => o.as_any().downcast_ref::<Self>(),
            _ => None,
        }
    }
}

const KEY_USAGE: &[u64] = &[2, 5, 29, 15];
const EXT_KEY_USAGE: &[u64] = &[2, 5, 29, 37];
const BASIC_CONSTRAINTS: &[u64] = &[2, 5, 29, 19];
const SUBJECT_KEY_ID: &[u64] = &[2, 5, 29, 14];
const AUTHORITY_KEY_ID: &[u64] = &[2, 5, 29, 35];
const SUBJECT_ALT_NAME: &[u64] = &[2, 5, 29, 17];
const COMMON_NAME: &[u64] = &[2, 5, 4, 3];
const SERVER_AUTH: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 1];
const CLIENT_AUTH: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 2];

/// Go's `net.ParseIP` and `To4`: the address bytes as a SAN carries them.
fn parse_ip(s: &str) -> Option<Vec<u8>> {
    if let Ok(v4) = s.parse::<std::net::Ipv4Addr>() {
        // Go rejects leading zeros in IPv4 parts ("01.2.3.4").
        if s.split('.').any(|p| p.len() > 1 && p.starts_with('0')) {
            return None;
        }
        return Some(v4.octets().to_vec());
    }
    let v6 = s.parse::<std::net::Ipv6Addr>().ok()?;
    Some(match v6.to_ipv4_mapped() {
        Some(v4) => v4.octets().to_vec(),
        None => v6.octets().to_vec(),
    })
}

/// Sprig's `getNetIPs` and `getAlternateDNSStrs`.
fn sans(ips: &Value, dns: &Value) -> Result<(Vec<Vec<u8>>, Vec<String>), String> {
    let items =
        |v: &Value| -> Vec<Value> { v.as_list().map(|l| l.items().to_vec()).unwrap_or_default() };
    let mut out_ips = Vec::new();
    for ip in items(ips) {
        let Value::String(s) = &ip else {
            return Err(format!(
                "error parsing ip: {} is not a string",
                rudder_value::fmt::to_string(&ip)
            ));
        };
        out_ips.push(parse_ip(s).ok_or_else(|| format!("error parsing ip: {s}"))?);
    }
    let mut out_dns = Vec::new();
    for name in items(dns) {
        let Value::String(s) = &name else {
            return Err(format!(
                "error processing alternate dns name: {} is not a string",
                rudder_value::fmt::to_string(&name)
            ));
        };
        out_dns.push(s.to_string());
    }
    Ok((out_ips, out_dns))
}

/// The DER `Name` with just a common name (empty for `""`), the value a `PrintableString`
/// when Go's `asn1` allows one, else a `UTF8String`.
fn name(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return der::seq(&[]);
    }
    let printable = cn.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'\''..=b')' | b'+'..=b'/' | b' ' | b':' | b'=' | b'?')
    });
    let tag = if printable {
        der::PRINTABLE_STRING
    } else {
        der::UTF8_STRING
    };
    let atv = der::seq(&[der::oid(COMMON_NAME), der::tlv(tag, cn.as_bytes())]);
    der::seq(&[der::tlv(der::SET, &atv)])
}

/// Go's `asn1` time: `UTCTime` for 1950–2049, else `GeneralizedTime`, to the second, in UTC.
fn time(sec: i64) -> Vec<u8> {
    let days = sec.div_euclid(86_400);
    let secs = sec.rem_euclid(86_400);
    let (year, month, day) = crate::date::civil_from_days(days);
    let clock = format!("{:02}{:02}{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60);
    if (1950..2050).contains(&year) {
        let text = format!("{:02}{month:02}{day:02}{clock}", year % 100);
        der::tlv(der::UTC_TIME, text.as_bytes())
    } else {
        let text = format!("{year:04}{month:02}{day:02}{clock}");
        der::tlv(der::GENERALIZED_TIME, text.as_bytes())
    }
}

fn extension(id: &[u64], critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![der::oid(id)];
    if critical {
        parts.push(der::tlv(der::BOOLEAN, &[0xff]));
    }
    parts.push(der::tlv(der::OCTET_STRING, value));
    der::seq(&parts)
}

/// What a certificate is signed by: the issuer's raw subject, its key identifier, the
/// signing key, and the issuer's public key info when it is a separate certificate.
pub(crate) struct Issuer<'a> {
    subject: Vec<u8>,
    key_id: Vec<u8>,
    key: &'a PrivateKey,
    public_key_info: Option<Vec<u8>>,
}

/// Sprig's `getBaseCertTemplate` plus Go's `CreateCertificate`, PEM-encoded with the key.
#[expect(
    clippy::too_many_arguments,
    reason = "Sprig's template fields and the signer"
)]
pub(crate) fn create(
    cn: &str,
    ips: &Value,
    dns: &Value,
    days: i64,
    is_ca: bool,
    key: &PrivateKey,
    issuer: Option<&Issuer<'_>>,
    now: &GoTime,
) -> Result<Certificate, String> {
    let (ips, dns) = sans(ips, dns)?;
    let mut serial = [0u8; 16];
    OsRng.fill(&mut serial);
    let subject = name(cn);
    let signing_key = issuer.map_or(key, |i| i.key);
    // Go checks the signer first, then the certified public key.
    if matches!(signing_key, PrivateKey::Dsa(_)) {
        return Err(
            "error creating certificate: x509: certificate private key does not implement crypto.Signer"
                .into(),
        );
    }
    let Some((spki, public_bits)) = keys::public_key_info(key) else {
        return Err(
            "error creating certificate: x509: unsupported public key type: *dsa.PublicKey".into(),
        );
    };
    if let Some(i) = issuer
        && let Some(ca_spki) = &i.public_key_info
        && keys::public_key_info(i.key).map(|(s, _)| s).as_ref() != Some(ca_spki)
    {
        return Err(
            "error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey"
                .into(),
        );
    }
    let issuer_name = issuer.map_or_else(|| subject.clone(), |i| i.subject.clone());
    let authority_key_id = match issuer {
        Some(i) if issuer_name != subject && !i.key_id.is_empty() => i.key_id.clone(),
        _ => Vec::new(),
    };
    let subject_key_id = if is_ca {
        Sha256::digest(&public_bits)[..20].to_vec()
    } else {
        Vec::new()
    };

    let mut exts = Vec::new();
    // KeyUsage: digitalSignature | keyEncipherment (| keyCertSign for a CA), bits reversed.
    let ku = if is_ca {
        der::tlv(der::BIT_STRING, &[2, 0xa4])
    } else {
        der::tlv(der::BIT_STRING, &[5, 0xa0])
    };
    exts.push(extension(KEY_USAGE, true, &ku));
    exts.push(extension(
        EXT_KEY_USAGE,
        false,
        &der::seq(&[der::oid(SERVER_AUTH), der::oid(CLIENT_AUTH)]),
    ));
    let bc = if is_ca {
        der::seq(&[der::tlv(der::BOOLEAN, &[0xff])])
    } else {
        der::seq(&[])
    };
    exts.push(extension(BASIC_CONSTRAINTS, true, &bc));
    if !subject_key_id.is_empty() {
        exts.push(extension(
            SUBJECT_KEY_ID,
            false,
            &der::tlv(der::OCTET_STRING, &subject_key_id),
        ));
    }
    if !authority_key_id.is_empty() {
        exts.push(extension(
            AUTHORITY_KEY_ID,
            false,
            &der::seq(&[der::context(0, false, &authority_key_id)]),
        ));
    }
    if !dns.is_empty() || !ips.is_empty() {
        let mut names: Vec<Vec<u8>> = dns
            .iter()
            .map(|d| der::context(2, false, d.as_bytes()))
            .collect();
        names.extend(ips.iter().map(|ip| der::context(7, false, ip)));
        let empty_subject = subject == der::seq(&[]);
        exts.push(extension(
            SUBJECT_ALT_NAME,
            empty_subject,
            &der::seq(&names),
        ));
    }

    let not_before = now.sec;
    let not_after = now.add(days.wrapping_mul(86_400_000_000_000)).sec;
    let alg = keys::signature_algorithm(signing_key);
    let tbs = der::seq(&[
        der::context(0, true, &der::small_int(2)),
        der::uint(&serial),
        alg.clone(),
        issuer_name,
        der::seq(&[time(not_before), time(not_after)]),
        subject,
        spki,
        der::context(3, true, &der::seq(&exts)),
    ]);
    let signature =
        keys::sign(signing_key, &tbs).map_err(|e| format!("error creating certificate: {e}"))?;
    let cert = der::seq(&[tbs, alg, der::bit_string(&signature)]);
    Ok(Certificate {
        cert: der::pem_encode("CERTIFICATE", &cert),
        key: keys::to_pem(key),
    })
}

/// The parts of a parsed certificate Sprig needs.
pub(crate) struct Parsed {
    pub(crate) subject: Vec<u8>,
    pub(crate) key_id: Vec<u8>,
    pub(crate) public_key_info: Vec<u8>,
}

/// A structural parse of a DER certificate (Go's `x509.ParseCertificate` is stricter; the
/// error texts are those of its common failures).
pub(crate) fn parse(der_bytes: &[u8]) -> Result<Parsed, String> {
    let malformed = || "x509: malformed certificate".to_owned();
    let (top, rest) = der::read(der_bytes).ok_or_else(malformed)?;
    if top.tag != der::SEQUENCE || !rest.is_empty() {
        return Err(malformed());
    }
    let parts = der::children(top.body).ok_or_else(malformed)?;
    if parts.len() != 3 || parts[0].tag != der::SEQUENCE {
        return Err(malformed());
    }
    let tbs = der::children(parts[0].body).ok_or("x509: malformed tbs certificate")?;
    let mut i = 0;
    if tbs.first().is_some_and(|e| e.tag == 0xa0) {
        i += 1;
    }
    // serial, signature, issuer, validity, subject, spki
    let field = |k: usize| tbs.get(i + k).ok_or("x509: malformed tbs certificate");
    let subject = field(4)?.raw.to_vec();
    let public_key_info = field(5)?.raw.to_vec();
    let mut key_id = Vec::new();
    for e in &tbs[i + 6..] {
        if e.tag != 0xa3 {
            continue;
        }
        let Some((exts, _)) = der::read(e.body) else {
            continue;
        };
        for ext in der::children(exts.body).unwrap_or_default() {
            let ps = der::children(ext.body).unwrap_or_default();
            if ps
                .first()
                .is_some_and(|o| o.raw == der::oid(SUBJECT_KEY_ID).as_slice())
                && let Some(v) = ps.last()
                && let Some((octets, _)) = der::read(v.body)
            {
                key_id = octets.body.to_vec();
            }
        }
    }
    Ok(Parsed {
        subject,
        key_id,
        public_key_info,
    })
}

/// An issuer from a `certificate` value (Sprig's `genSignedCert` checks).
pub(crate) fn issuer_from<'k>(ca: &Certificate, key: &'k PrivateKey) -> Result<Issuer<'k>, String> {
    let block = der::pem_decode(&ca.cert).ok_or("unable to decode certificate")?;
    let parsed = parse(&block.bytes)
        .map_err(|e| format!("error parsing certificate: decodedSignerCert.Bytes: {e}"))?;
    Ok(Issuer {
        subject: parsed.subject,
        key_id: parsed.key_id,
        key,
        public_key_info: Some(parsed.public_key_info),
    })
}
