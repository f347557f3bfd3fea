"""Crypto, UUIDs, random bytes: deterministic functions (hashes, derivePassword, decryptAES
of fixed ciphertexts, buildCustomCert of fixed PEMs) compared exactly; random ones
(keys, certificates, bcrypt, encryptAES, randBytes, uuidv4) checked by shape in the
template. Their Go interoperation is tested by crates/rudder-sprig/tests/interop.rs.
The fixed keys, certificate and ciphertexts in fixtures.json were made once by Go's Sprig."""

import base64
import json
import os

from cases import area, case, cases, signature_cases

C = area("crypto")
FX = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures.json")))
CA_CERT, CA_KEY = FX["ca"].split("|")
AES = FX["aes"].split("|")


def q(s):
    return json.dumps(s, ensure_ascii=False)


def b64(s):
    return base64.b64encode(s.encode()).decode()


cases(C, "derive", [
    '{{ derivePassword 1 "long" "password" "user" "example.com" }}',
    '{{ derivePassword 1 "maximum" "password" "user" "example.com" }}',
    '{{ derivePassword 1 "medium" "password" "user" "example.com" }}',
    '{{ derivePassword 1 "short" "password" "user" "example.com" }}',
    '{{ derivePassword 1 "basic" "password" "user" "example.com" }}',
    '{{ derivePassword 1 "pin" "password" "user" "example.com" }}',
    '{{ derivePassword 2 "long" "password" "user" "example.com" }}',
    '{{ derivePassword 0 "long" "password" "user" "example.com" }}',
    '{{ derivePassword 4294967295 "long" "password" "user" "example.com" }}',
    '{{ derivePassword 1 "long" "" "" "" }}', '{{ derivePassword 1 "long" "pässwörd" "üser" "日本.jp" }}',
    '{{ derivePassword 1 "nope" "p" "u" "s" }}', '{{ derivePassword 1 "Long" "p" "u" "s" }}',
    '{{ derivePassword -1 "long" "p" "u" "s" }}', '{{ derivePassword 4294967296 "long" "p" "u" "s" }}',
    '{{ derivePassword .i "long" "p" "u" "s" }}', '{{ derivePassword 1.5 "long" "p" "u" "s" }}',
])
signature_cases(C, "derivePassword", ["uint32", "string", "string", "string", "string"])

cases(C, "keys", [
    '{{ genPrivateKey "nope" }}', '{{ genPrivateKey "RSA" }}', '{{ genPrivateKey "ecdsa" | hasPrefix "-----BEGIN EC PRIVATE KEY-----\\n" }}',
    '{{ genPrivateKey "ed25519" | hasPrefix "-----BEGIN PRIVATE KEY-----\\n" }}', '{{ len (genPrivateKey "ed25519") }}',
    '{{ len (genPrivateKey "ecdsa") }}', '{{ genPrivateKey "ecdsa" | hasSuffix "-----END EC PRIVATE KEY-----\\n" }}',
])
signature_cases(C, "genPrivateKey", ["string"])

cases(C, "bcrypt", [
    '{{ len (bcrypt "x") }}', '{{ bcrypt "x" | hasPrefix "$2a$10$" }}', '{{ bcrypt (repeat 73 "x") }}', '{{ len (bcrypt (repeat 72 "x")) }}',
    '{{ ne (bcrypt "x") (bcrypt "x") }}', '{{ htpasswd "a:b" "x" }}', '{{ htpasswd "user" (repeat 80 "x") }}',
    '{{ htpasswd "user" "pw" | hasPrefix "user:$2a$10$" }}', '{{ htpasswd "" "pw" | hasPrefix ":$2a$" }}', '{{ bcrypt "" | len }}',
])
signature_cases(C, "bcrypt", ["string"])
signature_cases(C, "htpasswd", ["string", "string"])

cases(C, "aes", [
    '{{ decryptAES "secretkey" %s }}' % q(AES[0]), '{{ decryptAES "" %s }}' % q(AES[1]), '{{ decryptAES "k" %s }}' % q(AES[2]),
    '{{ decryptAES "pässwörd" %s }}' % q(AES[3]), '{{ decryptAES "wrongkey" %s | len }}' % q(AES[0]), '{{ decryptAES "k" "" }}',
    '{{ encryptAES "k" "" }}', '{{ decryptAES "k" "!!" }}', '{{ decryptAES "k" "YQ==" }}', '{{ decryptAES "k" "AAAA" }}',
    '{{ decryptAES "k" %s }}' % q("A" * 22 + "=="), '{{ decryptAES "k" %s }}' % q("YQ==" + "\\n" * 30),
    '{{ decryptAES "k" %s }}' % q("A" * 24), '{{ decryptAES "k" %s }}' % q("A" * 28), '{{ decryptAES "k" %s }}' % q("A" * 44),
    '{{ decryptAES "k" %s | len }}' % q("A" * 64), '{{ encryptAES "k" "x" | len }}', '{{ encryptAES "k" "sixteen bytes!!!" | len }}',
    '{{ encryptAES "k" "x" | len }}|{{ encryptAES "k" (repeat 16 "x") | len }}', '{{ decryptAES "k" (encryptAES "k" "round trip") }}',
    '{{ decryptAES (repeat 40 "k") (encryptAES (repeat 32 "k") "key cut to 32 bytes") }}',
])
signature_cases(C, "encryptAES", ["string", "string"])
signature_cases(C, "decryptAES", ["string", "string"])

CUSTOM = '{{ $c := buildCustomCert %s %s }}' % (q(b64(CA_CERT)), q(b64(CA_KEY)))
cases(C, "custom", [
    CUSTOM + '{{ eq $c.Cert %s }}|{{ eq $c.Key %s }}|{{ typeOf $c }}|{{ kindOf $c }}' % (q(CA_CERT), q(CA_KEY)),
    '{{ buildCustomCert "!!" "" }}', '{{ buildCustomCert %s "!!" }}' % q(b64(CA_CERT)),
    '{{ buildCustomCert %s %s }}' % (q(b64("not pem")), q(b64(CA_KEY))),
    '{{ buildCustomCert %s %s }}' % (q(b64("-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n")), q(b64(CA_KEY))),
    '{{ buildCustomCert %s %s }}' % (q(b64(CA_CERT)), q(b64("nope"))),
    '{{ buildCustomCert %s %s }}' % (q(b64(CA_CERT)), q(b64(CA_CERT))),
    '{{ buildCustomCert %s %s }}' % (q(b64(CA_CERT)), q(b64("-----BEGIN FOO PRIVATE KEY-----\nAQID\n-----END FOO PRIVATE KEY-----\n"))),
    '{{ (buildCustomCert %s %s).Key | len }}' % (q(b64(CA_CERT)), q(b64(FX["ec"]))),
    '{{ (buildCustomCert %s %s).Key | len }}' % (q(b64(CA_CERT)), q(b64(FX["ed"]))),
    '{{ (buildCustomCert %s %s).Key | len }}' % (q(b64(CA_CERT)), q(b64(FX["dsa"]))),
])
signature_cases(C, "buildCustomCert", ["string", "string"])

SHAPE = '{{ hasPrefix "-----BEGIN CERTIFICATE-----\\n" $c.Cert }}|{{ hasSuffix "-----END CERTIFICATE-----\\n" $c.Cert }}|{{ typeOf $c }}'
cases(C, "generate", [
    '{{ $c := genCA "x" 1 }}' + SHAPE + '|{{ hasPrefix "-----BEGIN RSA PRIVATE KEY-----" $c.Key }}',
    '{{ $c := genCAWithKey "x" 1 %s }}' % q(FX["ec"]) + SHAPE + '|{{ eq $c.Key %s }}' % q(FX["ec"]),
    '{{ $c := genCAWithKey "x" 1 %s }}' % q(FX["ed"]) + SHAPE + '|{{ eq $c.Key %s }}' % q(FX["ed"]),
    '{{ $c := genCAWithKey "x" 1 %s }}' % q(FX["rsa"]) + SHAPE + '|{{ eq $c.Key %s }}' % q(FX["rsa"]),
    '{{ genCAWithKey "x" 1 %s }}' % q(FX["dsa"]), '{{ genCAWithKey "x" 1 "nope" }}', '{{ genCAWithKey "x" 1 %s }}' % q(CA_CERT),
    '{{ $c := genSelfSignedCertWithKey "x" (list "1.2.3.4") (list "a") 1 %s }}' % q(FX["ec"]) + SHAPE,
    '{{ genSelfSignedCert "x" (list 1) nil 1 }}', '{{ genSelfSignedCert "x" (list "300.1.1.1") nil 1 }}',
    '{{ genSelfSignedCert "x" (list "01.2.3.4") nil 1 }}', '{{ genSelfSignedCert "x" (list "fe80::1%eth0") nil 1 }}',
    '{{ genSelfSignedCert "x" nil (list 1) 1 }}', '{{ genSelfSignedCert "x" nil (list nil) 1 }}', '{{ genSelfSignedCert "x" (list nil) nil 1 }}',
    '{{ genSelfSignedCert "x" .ls nil 1 }}', '{{ genSelfSignedCertWithKey "x" nil nil 1 "" }}',
    '{{ genSelfSignedCertWithKey "x" nil nil 1 %s }}' % q(FX["dsa"]),
    CUSTOM + '{{ $c := genSignedCert "leaf" nil (list "leaf") 1 $c }}' + SHAPE,
    CUSTOM + '{{ $c := genSignedCertWithKey "leaf" nil nil 1 $c %s }}' % q(FX["ec"]) + SHAPE,
    CUSTOM + '{{ genSignedCertWithKey "leaf" nil nil 1 $c %s }}' % q(FX["dsa"]),
    CUSTOM + '{{ genSignedCert "leaf" (list true) nil 1 $c }}',
    '{{ $ca := buildCustomCert %s %s }}{{ genSignedCert "leaf" nil nil 1 $ca }}' % (q(b64(CA_CERT)), q(b64(FX["rsa"]))),
    '{{ $ca := buildCustomCert %s %s }}{{ genSignedCert "leaf" nil nil 1 $ca }}' % (q(b64(CA_CERT)), q(b64(FX["dsa"]))),
    '{{ genSignedCert "leaf" nil nil 1 (dict "Cert" "x" "Key" "y") }}', '{{ genSignedCert "leaf" nil nil 1 nil }}',
    '{{ $c := genCA "x" 1 }}{{ printf "%T" $c }}|{{ len $c.Cert }}', '{{ (genCA "x" 1).Nope }}',
])
for name, params in [
    ("genCA", ["string", "int"]), ("genCAWithKey", ["string", "int", "string"]),
    ("genSelfSignedCert", ["string", "list", "list", "int"]),
    ("genSelfSignedCertWithKey", ["string", "list", "list", "int", "string"]),
]:
    signature_cases(C, name, params)

cases(C, "random", [
    '{{ len (randBytes 32) }}', '{{ regexMatch "^[A-Za-z0-9+/]*=*$" (randBytes 40) }}', '{{ randBytes 0 }}|', '{{ randBytes -1 }}', '{{ len (randBytes 3) }}',
    '{{ regexMatch "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$" uuidv4 }}', '{{ len uuidv4 }}',
    '{{ ne uuidv4 uuidv4 }}', '{{ typeOf uuidv4 }}',
])
signature_cases(C, "randBytes", ["int"])
signature_cases(C, "uuidv4", [])
