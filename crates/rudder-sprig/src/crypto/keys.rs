//! Private keys as Sprig generates, encodes and parses them: RSA (PKCS#1 `RSA PRIVATE KEY`),
//! DSA (Sprig's own ASN.1 `DSA PRIVATE KEY`), ECDSA (SEC 1 `EC PRIVATE KEY`, P-256 and
//! P-384) and Ed25519 (PKCS#8 `PRIVATE KEY`); their public-key info and certificate
//! signatures as Go's `crypto/x509` writes them.

use p256::elliptic_curve::sec1::ToEncodedPoint;
use rand::rngs::OsRng;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use signature::{SignatureEncoding, Signer};

use super::der;

/// A private key of one of the types Sprig handles.
#[derive(Debug, Clone)]
pub(crate) enum PrivateKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    Dsa(Box<dsa::SigningKey>),
    P256(p256::SecretKey),
    P384(p384::SecretKey),
    Ed25519(Box<ed25519_dalek::SigningKey>),
}

const RSA_ENCRYPTION: &[u64] = &[1, 2, 840, 113_549, 1, 1, 1];
const SHA256_WITH_RSA: &[u64] = &[1, 2, 840, 113_549, 1, 1, 11];
const EC_PUBLIC_KEY: &[u64] = &[1, 2, 840, 10_045, 2, 1];
const ECDSA_WITH_SHA256: &[u64] = &[1, 2, 840, 10_045, 4, 3, 2];
const ECDSA_WITH_SHA384: &[u64] = &[1, 2, 840, 10_045, 4, 3, 3];
const P256_OID: &[u64] = &[1, 2, 840, 10_045, 3, 1, 7];
const P384_OID: &[u64] = &[1, 3, 132, 0, 34];
const ED25519_OID: &[u64] = &[1, 3, 101, 112];

fn oid_arcs(body: &[u8]) -> Vec<u64> {
    let mut arcs = Vec::new();
    let mut v: u64 = 0;
    for (i, &b) in body.iter().enumerate() {
        v = v << 7 | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() && i < body.len() {
                let first = (v / 40).min(2);
                arcs.push(first);
                arcs.push(v - first * 40);
            } else {
                arcs.push(v);
            }
            v = 0;
        }
    }
    arcs
}

/// `genPrivateKey`'s key generation: `rsa` (4096 bits) or `""`, `dsa` (L2048N256), `ecdsa`
/// (P-256), `ed25519`.
pub(crate) fn generate(kind: &str) -> Result<PrivateKey, String> {
    match kind {
        "" | "rsa" => generate_rsa(4096),
        "dsa" => {
            let components = dsa::Components::generate(&mut OsRng, dsa::KeySize::DSA_2048_256);
            Ok(PrivateKey::Dsa(Box::new(dsa::SigningKey::generate(
                &mut OsRng, components,
            ))))
        }
        "ecdsa" => Ok(PrivateKey::P256(p256::SecretKey::random(&mut OsRng))),
        "ed25519" => Ok(PrivateKey::Ed25519(Box::new(
            ed25519_dalek::SigningKey::generate(&mut OsRng),
        ))),
        other => Err(format!("Unknown type {other}")),
    }
}

/// An RSA key of `bits` bits (e = 65537).
pub(crate) fn generate_rsa(bits: usize) -> Result<PrivateKey, String> {
    super::prime::generate(bits).map(|k| PrivateKey::Rsa(Box::new(k)))
}

fn dsa_der(k: &dsa::SigningKey) -> Vec<u8> {
    let c = k.verifying_key().components();
    der::seq(&[
        der::small_int(0),
        der::uint(&c.p().to_bytes_be()),
        der::uint(&c.q().to_bytes_be()),
        der::uint(&c.g().to_bytes_be()),
        der::uint(&k.verifying_key().y().to_bytes_be()),
        der::uint(&k.x().to_bytes_be()),
    ])
}

fn ec_der(d: &[u8], curve: &[u64], point: &[u8]) -> Vec<u8> {
    der::seq(&[
        der::small_int(1),
        der::tlv(der::OCTET_STRING, d),
        der::context(0, true, &der::oid(curve)),
        der::context(1, true, &der::bit_string(point)),
    ])
}

/// Sprig's `pemBlockForKey`: the PEM text of the key.
pub(crate) fn to_pem(key: &PrivateKey) -> String {
    match key {
        PrivateKey::Rsa(k) => der::pem_encode(
            "RSA PRIVATE KEY",
            k.to_pkcs1_der()
                .map(|d| d.as_bytes().to_vec())
                .unwrap_or_default()
                .as_slice(),
        ),
        PrivateKey::Dsa(k) => der::pem_encode("DSA PRIVATE KEY", &dsa_der(k)),
        PrivateKey::P256(k) => {
            let point = k.public_key().to_encoded_point(false);
            der::pem_encode(
                "EC PRIVATE KEY",
                &ec_der(&k.to_bytes(), P256_OID, point.as_bytes()),
            )
        }
        PrivateKey::P384(k) => {
            let point = k.public_key().to_encoded_point(false);
            der::pem_encode(
                "EC PRIVATE KEY",
                &ec_der(&k.to_bytes(), P384_OID, point.as_bytes()),
            )
        }
        PrivateKey::Ed25519(k) => {
            let body = der::seq(&[
                der::small_int(0),
                der::seq(&[der::oid(ED25519_OID)]),
                der::tlv(
                    der::OCTET_STRING,
                    &der::tlv(der::OCTET_STRING, &k.to_bytes()),
                ),
            ]);
            der::pem_encode("PRIVATE KEY", &body)
        }
    }
}

/// Go's `ParseECPrivateKey` (SEC 1), for the curves rudder supports.
fn parse_ec(bytes: &[u8], curve_hint: Option<&[u64]>) -> Result<PrivateKey, String> {
    let malformed = || "x509: failed to parse EC private key: asn1: structure error".to_owned();
    let (top, _) = der::read(bytes).ok_or_else(malformed)?;
    let parts = der::children(top.body).ok_or_else(malformed)?;
    let d = parts
        .get(1)
        .filter(|e| e.tag == der::OCTET_STRING)
        .ok_or_else(malformed)?
        .body;
    let mut curve: Option<Vec<u64>> = curve_hint.map(<[u64]>::to_vec);
    for p in &parts[2..] {
        if p.tag == 0xa0
            && let Some((o, _)) = der::read(p.body)
        {
            curve = Some(oid_arcs(o.body));
        }
    }
    let curve = curve.ok_or("x509: unknown elliptic curve")?;
    let pad = |len: usize| -> Result<Vec<u8>, String> {
        let mut d = d;
        while d.len() > len {
            if d[0] != 0 {
                return Err("x509: invalid private key length".into());
            }
            d = &d[1..];
        }
        let mut out = vec![0u8; len - d.len()];
        out.extend_from_slice(d);
        Ok(out)
    };
    if curve == P256_OID {
        return p256::SecretKey::from_slice(&pad(32)?)
            .map(PrivateKey::P256)
            .map_err(|_| "x509: invalid elliptic curve private key value".into());
    }
    if curve == P384_OID {
        return p384::SecretKey::from_slice(&pad(48)?)
            .map(PrivateKey::P384)
            .map_err(|_| "x509: invalid elliptic curve private key value".into());
    }
    Err("x509: unknown elliptic curve".into())
}

/// Go's `ParsePKCS8PrivateKey` for RSA, ECDSA and Ed25519 keys.
fn parse_pkcs8(bytes: &[u8]) -> Result<PrivateKey, String> {
    let malformed = || "x509: malformed PKCS#8 private key".to_owned();
    let (top, _) = der::read(bytes).ok_or_else(malformed)?;
    let parts = der::children(top.body).ok_or_else(malformed)?;
    let alg = parts.get(1).ok_or_else(malformed)?;
    let alg_parts = der::children(alg.body).ok_or_else(malformed)?;
    let alg_oid = oid_arcs(alg_parts.first().ok_or_else(malformed)?.body);
    let key = parts
        .get(2)
        .filter(|e| e.tag == der::OCTET_STRING)
        .ok_or_else(malformed)?
        .body;
    if alg_oid == RSA_ENCRYPTION {
        return rsa::RsaPrivateKey::from_pkcs8_der(bytes)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|e| format!("x509: failed to parse RSA private key embedded in PKCS#8: {e}"));
    }
    if alg_oid == EC_PUBLIC_KEY {
        let curve = alg_parts.get(1).map(|o| oid_arcs(o.body));
        return parse_ec(key, curve.as_deref())
            .map_err(|e| format!("x509: failed to parse EC private key embedded in PKCS#8: {e}"));
    }
    if alg_oid == ED25519_OID {
        let (inner, _) = der::read(key).ok_or_else(malformed)?;
        let seed: [u8; 32] = inner.body.try_into().map_err(|_| {
            format!(
                "x509: invalid Ed25519 private key length: {}",
                inner.body.len()
            )
        })?;
        return Ok(PrivateKey::Ed25519(Box::new(
            ed25519_dalek::SigningKey::from_bytes(&seed),
        )));
    }
    Err(format!(
        "x509: PKCS#8 wrapping contained private key with unknown algorithm: {}",
        alg_oid
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".")
    ))
}

fn parse_dsa(bytes: &[u8]) -> Result<PrivateKey, String> {
    let malformed = || "asn1: structure error: tags don't match".to_owned();
    let (top, _) = der::read(bytes).ok_or_else(malformed)?;
    let parts = der::children(top.body).ok_or_else(malformed)?;
    if parts.len() < 6 || parts.iter().any(|p| p.tag != der::INTEGER) {
        return Err(malformed());
    }
    let n = |i: usize| dsa::BigUint::from_bytes_be(der::uint_bytes(parts[i].body));
    let components =
        dsa::Components::from_components(n(1), n(2), n(3)).map_err(|e| e.to_string())?;
    let verifying =
        dsa::VerifyingKey::from_components(components, n(4)).map_err(|e| e.to_string())?;
    dsa::SigningKey::from_components(verifying, n(5))
        .map(|k| PrivateKey::Dsa(Box::new(k)))
        .map_err(|e| e.to_string())
}

/// Sprig's `parsePrivateKeyPEM`.
pub(crate) fn parse_pem(text: &str) -> Result<PrivateKey, String> {
    let block = der::pem_decode(text).ok_or("no PEM data in input")?;
    if block.kind == "PRIVATE KEY" {
        return parse_pkcs8(&block.bytes).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
    }
    let Some(kind) = block.kind.strip_suffix(" PRIVATE KEY") else {
        return Err(format!(
            "no private key data in PEM block of type {}",
            block.kind
        ));
    };
    match kind {
        "RSA" => rsa::RsaPrivateKey::from_pkcs1_der(&block.bytes)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|_| {
                let hint = if parse_pkcs8(&block.bytes).is_ok() {
                    "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)"
                } else if parse_ec(&block.bytes, None).is_ok() {
                    "x509: failed to parse private key (use ParseECPrivateKey instead for this key format)"
                } else {
                    "x509: malformed private key"
                };
                format!("parsing RSA private key from PEM: {hint}")
            }),
        "EC" => parse_ec(&block.bytes, None)
            .map_err(|e| format!("parsing EC private key from PEM: {e}")),
        "DSA" => parse_dsa(&block.bytes)
            .map_err(|e| format!("parsing DSA private key from PEM: {e}")),
        _ => Err(format!("invalid private key type {}", block.kind)),
    }
}

/// The DER `SubjectPublicKeyInfo` of the key's public half, and the bytes of its
/// `subjectPublicKey` bit string (what Go hashes for a subject key identifier). DSA keys
/// cannot be certified by Go's `x509` (it refuses them before encoding).
pub(crate) fn public_key_info(key: &PrivateKey) -> Option<(Vec<u8>, Vec<u8>)> {
    let (alg, bits): (Vec<u8>, Vec<u8>) = match key {
        PrivateKey::Rsa(k) => {
            let pk = der::seq(&[
                der::uint(&k.n().to_bytes_be()),
                der::uint(&k.e().to_bytes_be()),
            ]);
            (
                der::seq(&[der::oid(RSA_ENCRYPTION), der::tlv(der::NULL, &[])]),
                pk,
            )
        }
        PrivateKey::P256(k) => (
            der::seq(&[der::oid(EC_PUBLIC_KEY), der::oid(P256_OID)]),
            k.public_key().to_encoded_point(false).as_bytes().to_vec(),
        ),
        PrivateKey::P384(k) => (
            der::seq(&[der::oid(EC_PUBLIC_KEY), der::oid(P384_OID)]),
            k.public_key().to_encoded_point(false).as_bytes().to_vec(),
        ),
        PrivateKey::Ed25519(k) => (
            der::seq(&[der::oid(ED25519_OID)]),
            k.verifying_key().to_bytes().to_vec(),
        ),
        PrivateKey::Dsa(_) => return None,
    };
    Some((der::seq(&[alg, der::bit_string(&bits)]), bits))
}

/// The signature algorithm identifier Go uses for the key (`SHA256WithRSA`,
/// `ECDSAWithSHA256`/`384`, `PureEd25519`).
pub(crate) fn signature_algorithm(key: &PrivateKey) -> Vec<u8> {
    match key {
        PrivateKey::Rsa(_) | PrivateKey::Dsa(_) => {
            der::seq(&[der::oid(SHA256_WITH_RSA), der::tlv(der::NULL, &[])])
        }
        PrivateKey::P256(_) => der::seq(&[der::oid(ECDSA_WITH_SHA256)]),
        PrivateKey::P384(_) => der::seq(&[der::oid(ECDSA_WITH_SHA384)]),
        PrivateKey::Ed25519(_) => der::seq(&[der::oid(ED25519_OID)]),
    }
}

/// Signs `data` as Go's `signTBS` does for the key's algorithm.
pub(crate) fn sign(key: &PrivateKey, data: &[u8]) -> Result<Vec<u8>, String> {
    match key {
        PrivateKey::Rsa(k) => {
            let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new((**k).clone());
            Ok(signer.sign(data).to_vec())
        }
        PrivateKey::P256(k) => {
            let signer = p256::ecdsa::SigningKey::from(k);
            let sig: p256::ecdsa::Signature = signer.sign(data);
            Ok(sig.to_der().as_bytes().to_vec())
        }
        PrivateKey::P384(k) => {
            let signer = p384::ecdsa::SigningKey::from(k);
            let sig: p384::ecdsa::Signature = signer.sign(data);
            Ok(sig.to_der().as_bytes().to_vec())
        }
        PrivateKey::Ed25519(k) => Ok(k.sign(data).to_bytes().to_vec()),
        PrivateKey::Dsa(_) => {
            Err("x509: certificate private key does not implement crypto.Signer".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_round_trips() {
        for kind in ["ecdsa", "ed25519"] {
            let k = generate(kind).unwrap();
            let pem = to_pem(&k);
            let back = parse_pem(&pem).unwrap();
            assert_eq!(to_pem(&back), pem);
        }
        assert_eq!(generate("x").unwrap_err(), "Unknown type x");
        assert_eq!(parse_pem("nope").unwrap_err(), "no PEM data in input");
        assert_eq!(
            parse_pem("-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n")
                .unwrap_err(),
            "no private key data in PEM block of type CERTIFICATE"
        );
    }
}
