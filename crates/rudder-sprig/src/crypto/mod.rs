//! Sprig's crypto functions (`crypto.go`): `bcrypt`, `htpasswd`, `derivePassword`,
//! `genPrivateKey`, the certificate generators, `encryptAES`/`decryptAES` and `randBytes`.
//!
//! Hashes, `derivePassword` and AES decryption are deterministic and tested against Go's
//! outputs; everything random (keys, serials, salts, IVs) is proven by interoperation: Go
//! parses, verifies and decrypts what rudder produces (see the oracle's `sprig_interop` op).

mod cert;
mod der;
mod keys;
mod password;
mod prime;

use std::sync::Arc;

use rudder_template::{Func, Type};
use rudder_value::{Map, UintKind, Value};

use crate::Options;
use crate::date::GoTime;
use crate::error::{Error, Result};
pub(crate) use cert::Certificate;

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(n, _) => *n,
        _ => 0,
    }
}

/// `bcrypt input`: a `$2a$10$` hash, or the error text as the result.
pub(crate) fn bcrypt(input: &str) -> String {
    password::bcrypt(input).unwrap_or_else(|e| format!("failed to encrypt string with bcrypt: {e}"))
}

/// `htpasswd user password`.
pub(crate) fn htpasswd(user: &str, pw: &str) -> String {
    if user.contains(':') {
        return format!("invalid username: {user}");
    }
    format!("{user}:{}", bcrypt(pw))
}

/// Sprig's AES key: the password's bytes, zero-padded or cut to 32.
fn aes_key(password: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    let n = password.len().min(32);
    key[..n].copy_from_slice(&password.as_bytes()[..n]);
    key
}

/// `encryptAES password plaintext`: AES-256-CBC, PKCS#7 padding, a random IV prefix,
/// base64.
pub(crate) fn encrypt_aes(password: &str, plaintext: &str) -> String {
    use aes::cipher::{BlockEncryptMut, KeyIvInit, block_padding::Pkcs7};
    use rand::Rng;
    if plaintext.is_empty() {
        return String::new();
    }
    let mut iv = [0u8; 16];
    rand::rngs::OsRng.fill(&mut iv);
    let ct = cbc::Encryptor::<aes::Aes256>::new(&aes_key(password).into(), &iv.into())
        .encrypt_padded_vec_mut::<Pkcs7>(plaintext.as_bytes());
    let mut out = iv.to_vec();
    out.extend_from_slice(&ct);
    crate::encoding::base64_encode(&out)
}

/// `decryptAES password ciphertext`, with Go's panics on malformed input and no padding
/// check (the last byte says how many bytes to drop).
pub(crate) fn decrypt_aes(password: &str, crypt64: &str) -> Result<String> {
    use aes::cipher::{BlockDecryptMut, KeyIvInit};
    if crypt64.is_empty() {
        return Ok(String::new());
    }
    let crypt = crate::encoding::base64_decode(crypt64.as_bytes()).map_err(Error::Message)?;
    // Go slices the decoded buffer, whose capacity is DecodedLen(len(input)).
    let cap = crypt64.len() / 4 * 3;
    if crypt.len() < 16 {
        if cap < 16 {
            return Err(Error::runtime(format!(
                "slice bounds out of range [:16] with capacity {cap}"
            )));
        }
        // Within capacity `crypt[:16]` works and `crypt[16:]` is past the length.
        return Err(Error::runtime(format!(
            "slice bounds out of range [16:{}]",
            crypt.len()
        )));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err(Error::msg("crypto/cipher: input not full blocks"));
    }
    if body.is_empty() {
        return Err(Error::runtime("index out of range [-1]"));
    }
    let mut buf = body.to_vec();
    let mut dec = cbc::Decryptor::<aes::Aes256>::new(&aes_key(password).into(), iv.into());
    for block in buf.chunks_exact_mut(16) {
        dec.decrypt_block_mut(block.into());
    }
    let pad = usize::from(buf[buf.len() - 1]);
    if pad > buf.len() {
        return Err(Error::runtime(format!(
            "slice bounds out of range [:{}]",
            buf.len() as i64 - pad as i64
        )));
    }
    buf.truncate(buf.len() - pad);
    Ok(rudder_value::unicode::lossy(buf))
}

/// The certificate functions' shared environment.
#[derive(Debug, Clone)]
struct Env {
    clock: Arc<dyn crate::Clock>,
    local: Arc<crate::Location>,
}

impl Env {
    fn now(&self) -> GoTime {
        let (sec, nsec) = self.clock.now();
        GoTime {
            sec,
            nsec,
            loc: self.local.clone(),
            mono: None,
            local: self.local.clone(),
        }
    }
}

fn ca_arg(v: &Value) -> Certificate {
    Certificate::from_value(v).cloned().unwrap_or(Certificate {
        cert: String::new(),
        key: String::new(),
    })
}

/// `genCA`, `genCAWithKey`.
fn gen_ca(env: &Env, cn: &str, days: i64, pem: Option<&str>) -> Result<Value> {
    let key = match pem {
        None => keys::generate_rsa(2048)
            .map_err(|e| Error::msg(format!("error generating rsa key: {e}")))?,
        Some(p) => {
            keys::parse_pem(p).map_err(|e| Error::msg(format!("parsing private key: {e}")))?
        }
    };
    let nil = Value::Nil;
    cert::create(cn, &nil, &nil, days, true, &key, None, &env.now())
        .map(Certificate::into_value)
        .map_err(Error::Message)
}

/// `genSelfSignedCert`, `genSelfSignedCertWithKey`.
fn gen_self_signed(env: &Env, a: &[Value], pem: Option<&str>) -> Result<Value> {
    let key = match pem {
        None => keys::generate_rsa(2048)
            .map_err(|e| Error::msg(format!("error generating rsa key: {e}")))?,
        Some(p) => {
            keys::parse_pem(p).map_err(|e| Error::msg(format!("parsing private key: {e}")))?
        }
    };
    cert::create(
        text(&a[0]),
        &a[1],
        &a[2],
        int(&a[3]),
        false,
        &key,
        None,
        &env.now(),
    )
    .map(Certificate::into_value)
    .map_err(Error::Message)
}

/// `genSignedCert`, `genSignedCertWithKey`.
fn gen_signed(env: &Env, a: &[Value], pem: Option<&str>) -> Result<Value> {
    let key = match pem {
        None => keys::generate_rsa(2048)
            .map_err(|e| Error::msg(format!("error generating rsa key: {e}")))?,
        Some(p) => {
            keys::parse_pem(p).map_err(|e| Error::msg(format!("parsing private key: {e}")))?
        }
    };
    let ca = ca_arg(&a[4]);
    // Sprig decodes and parses the CA certificate before its key.
    let block =
        der::pem_decode(&ca.cert).ok_or_else(|| Error::msg("unable to decode certificate"))?;
    cert::parse(&block.bytes).map_err(|e| {
        Error::msg(format!(
            "error parsing certificate: decodedSignerCert.Bytes: {e}"
        ))
    })?;
    let ca_key = keys::parse_pem(&ca.key)
        .map_err(|e| Error::msg(format!("error parsing private key: {e}")))?;
    let issuer = cert::issuer_from(&ca, &ca_key).map_err(Error::Message)?;
    cert::create(
        text(&a[0]),
        &a[1],
        &a[2],
        int(&a[3]),
        false,
        &key,
        Some(&issuer),
        &env.now(),
    )
    .map(Certificate::into_value)
    .map_err(Error::Message)
}

/// `buildCustomCert b64cert b64key`.
fn build_custom(b64cert: &str, b64key: &str) -> Result<Value> {
    let cert = crate::encoding::base64_decode(b64cert.as_bytes())
        .map_err(|_| Error::msg("unable to decode base64 certificate"))?;
    let key = crate::encoding::base64_decode(b64key.as_bytes())
        .map_err(|_| Error::msg("unable to decode base64 private key"))?;
    let cert_text = rudder_value::unicode::lossy(cert);
    let key_text = rudder_value::unicode::lossy(key);
    let block =
        der::pem_decode(&cert_text).ok_or_else(|| Error::msg("unable to decode certificate"))?;
    cert::parse(&block.bytes)
        .map_err(|e| Error::msg(format!("error parsing certificate: decodedCert.Bytes: {e}")))?;
    keys::parse_pem(&key_text)
        .map_err(|e| Error::msg(format!("error parsing private key: {e}")))?;
    Ok(Certificate {
        cert: cert_text,
        key: key_text,
    }
    .into_value())
}

pub(crate) fn register(add: &mut impl FnMut(&str, Func), opts: &Options) {
    let s = Type::String;
    let i = Type::INT;
    let l = Type::list();
    let ct = Type::Object(cert::CERT_TYPE.into());
    let env = Arc::new(Env {
        clock: opts.clock.clone(),
        local: opts.local.clone(),
    });
    add(
        "bcrypt",
        Func::new(vec![s.clone()], s.clone(), |_, a| {
            Ok(Value::string(bcrypt(text(&a[0]))))
        }),
    );
    add(
        "htpasswd",
        Func::new(vec![s.clone(), s.clone()], s.clone(), |_, a| {
            Ok(Value::string(htpasswd(text(&a[0]), text(&a[1]))))
        }),
    );
    add(
        "genPrivateKey",
        Func::new(vec![s.clone()], s.clone(), |_, a| {
            Ok(Value::string(match keys::generate(text(&a[0])) {
                Ok(k) => keys::to_pem(&k),
                Err(e) if e.starts_with("Unknown type") => e,
                Err(e) => format!("failed to generate private key: {e}"),
            }))
        }),
    );
    add(
        "derivePassword",
        Func::new(
            vec![
                Type::Uint(UintKind::Uint32),
                s.clone(),
                s.clone(),
                s.clone(),
                s.clone(),
            ],
            s.clone(),
            |_, a| {
                let counter = match a[0] {
                    Value::Uint(n, _) => n as u32,
                    _ => 0,
                };
                Ok(Value::string(password::derive(
                    counter,
                    text(&a[1]),
                    text(&a[2]),
                    text(&a[3]),
                    text(&a[4]),
                )))
            },
        ),
    );
    add(
        "buildCustomCert",
        Func::new(vec![s.clone(), s.clone()], ct.clone(), |_, a| {
            build_custom(text(&a[0]), text(&a[1])).map_err(Into::into)
        }),
    );
    let e = env.clone();
    add(
        "genCA",
        Func::new(vec![s.clone(), i.clone()], ct.clone(), move |_, a| {
            gen_ca(&e, text(&a[0]), int(&a[1]), None).map_err(Into::into)
        }),
    );
    let e = env.clone();
    add(
        "genCAWithKey",
        Func::new(
            vec![s.clone(), i.clone(), s.clone()],
            ct.clone(),
            move |_, a| gen_ca(&e, text(&a[0]), int(&a[1]), Some(text(&a[2]))).map_err(Into::into),
        ),
    );
    let e = env.clone();
    add(
        "genSelfSignedCert",
        Func::new(
            vec![s.clone(), l.clone(), l.clone(), i.clone()],
            ct.clone(),
            move |_, a| gen_self_signed(&e, a, None).map_err(Into::into),
        ),
    );
    let e = env.clone();
    add(
        "genSelfSignedCertWithKey",
        Func::new(
            vec![s.clone(), l.clone(), l.clone(), i.clone(), s.clone()],
            ct.clone(),
            move |_, a| gen_self_signed(&e, a, Some(text(&a[4]))).map_err(Into::into),
        ),
    );
    let e = env.clone();
    add(
        "genSignedCert",
        Func::new(
            vec![s.clone(), l.clone(), l.clone(), i.clone(), ct.clone()],
            ct.clone(),
            move |_, a| gen_signed(&e, a, None).map_err(Into::into),
        ),
    );
    let e = env;
    add(
        "genSignedCertWithKey",
        Func::new(
            vec![s.clone(), l.clone(), l, i.clone(), ct.clone(), s.clone()],
            ct,
            move |_, a| gen_signed(&e, a, Some(text(&a[5]))).map_err(Into::into),
        ),
    );
    add(
        "encryptAES",
        Func::new(vec![s.clone(), s.clone()], s.clone(), |_, a| {
            Ok(Value::string(encrypt_aes(text(&a[0]), text(&a[1]))))
        }),
    );
    add(
        "decryptAES",
        Func::new(vec![s.clone(), s.clone()], s.clone(), |_, a| {
            decrypt_aes(text(&a[0]), text(&a[1]))
                .map(Value::string)
                .map_err(Into::into)
        }),
    );
    add(
        "randBytes",
        Func::new(vec![i], s, |_, a| {
            crate::random::rand_bytes(int(&a[0]))
                .map(Value::string)
                .map_err(Into::into)
        }),
    );
    let _ = Map::new;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aes_round_trip() {
        let c = encrypt_aes("secretkey", "plaintext");
        assert_eq!(decrypt_aes("secretkey", &c).unwrap(), "plaintext");
        assert_eq!(encrypt_aes("k", ""), "");
        assert_eq!(decrypt_aes("k", "").unwrap(), "");
        assert_eq!(
            decrypt_aes("k", "YQ==").unwrap_err().to_string(),
            "runtime error: slice bounds out of range [:16] with capacity 3"
        );
    }

    #[test]
    fn htpasswd_rejects_colons() {
        assert_eq!(htpasswd("a:b", "x"), "invalid username: a:b");
    }
}
