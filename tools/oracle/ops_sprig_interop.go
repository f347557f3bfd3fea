package main

// sprig_interop: Go's verdict on keys, certificates and hashes produced elsewhere (by rudder's
// Sprig functions), for the functions whose output is random and so cannot be compared byte
// for byte: Go parses them with crypto/x509 the way Sprig and Kubernetes clients would,
// verifies signatures and hashes, and describes the structure (everything but the random
// parts) so that the caller can compare it with what Go's own Sprig produces.
//
// Fields: "check" is one of
//   - "certificate": "cert" (PEM), optional "key" (PEM, must match), optional "ca" (PEM of the
//     issuer; without it the certificate must verify against itself);
//   - "private_key": "key" (PEM, any type Sprig's genPrivateKey writes);
//   - "bcrypt": "hash" and "password" (bcrypt.CompareHashAndPassword).

import (
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"sort"

	"golang.org/x/crypto/bcrypt"
)

func init() {
	ops["sprig_interop"] = opSprigInterop
}

type sprigInteropReq struct {
	reqBase
	Check    string `json:"check"`
	Cert     string `json:"cert"`
	Key      string `json:"key"`
	CA       string `json:"ca"`
	Hash     string `json:"hash"`
	Password string `json:"password"`
}

func opSprigInterop(r *request) *response {
	var q sprigInteropReq
	if err := r.decode(&q); err != nil {
		return errResp("request", err)
	}
	var out any
	var err error
	switch q.Check {
	case "certificate":
		out, err = interopCertificate(q.Cert, q.Key, q.CA)
	case "private_key":
		out, err = interopPrivateKey(q.Key)
	case "bcrypt":
		out = map[string]any{"ok": bcrypt.CompareHashAndPassword([]byte(q.Hash), []byte(q.Password)) == nil}
	default:
		return errResp("request", fmt.Errorf("unknown check %q", q.Check))
	}
	if err != nil {
		return errResp("check", err)
	}
	return okResp(out)
}

func parseCertPEM(text string) (*x509.Certificate, error) {
	block, _ := pem.Decode([]byte(text))
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("no CERTIFICATE PEM block")
	}
	return x509.ParseCertificate(block.Bytes)
}

// keyDescription names a public or private key's type and size.
func keyDescription(k any) string {
	switch k := k.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("rsa-%d-e%d", k.N.BitLen(), k.E)
	case *rsa.PrivateKey:
		return fmt.Sprintf("rsa-%d-e%d", k.N.BitLen(), k.E)
	case *ecdsa.PublicKey:
		return "ecdsa-" + k.Curve.Params().Name
	case *ecdsa.PrivateKey:
		return "ecdsa-" + k.Curve.Params().Name
	case ed25519.PublicKey, ed25519.PrivateKey:
		return "ed25519"
	case *dsa.PrivateKey:
		return fmt.Sprintf("dsa-L%d-N%d", k.P.BitLen(), k.Q.BitLen())
	}
	return fmt.Sprintf("%T", k)
}

func interopCertificate(certPEM, keyPEM, caPEM string) (map[string]any, error) {
	c, err := parseCertPEM(certPEM)
	if err != nil {
		return nil, err
	}
	issuer := c
	if caPEM != "" {
		if issuer, err = parseCertPEM(caPEM); err != nil {
			return nil, fmt.Errorf("ca: %w", err)
		}
	}
	exts := []string{}
	for _, e := range c.Extensions {
		exts = append(exts, fmt.Sprintf("%s/%v", e.Id, e.Critical))
	}
	ips := []string{}
	for _, ip := range c.IPAddresses {
		ips = append(ips, ip.String())
	}
	eku := []string{}
	for _, u := range c.ExtKeyUsage {
		eku = append(eku, fmt.Sprint(u))
	}
	sort.Strings(eku)
	out := map[string]any{
		"version":             c.Version,
		"serial_bits_max_128": c.SerialNumber.Sign() >= 0 && c.SerialNumber.BitLen() <= 128,
		"signature_algorithm": c.SignatureAlgorithm.String(),
		"public_key":          keyDescription(c.PublicKey),
		"subject":             c.Subject.String(),
		"issuer":              c.Issuer.String(),
		"raw_subject":         fmt.Sprintf("%x", c.RawSubject),
		"validity_seconds":    c.NotAfter.Sub(c.NotBefore).Seconds(),
		"key_usage":           int(c.KeyUsage),
		"ext_key_usage":       eku,
		"is_ca":               c.IsCA,
		"basic_constraints":   c.BasicConstraintsValid,
		"max_path_len":        c.MaxPathLen,
		"dns_names":           c.DNSNames,
		"ip_addresses":        ips,
		"subject_key_id_len":  len(c.SubjectKeyId),
		"authority_key_id_is_issuer_skid": len(c.AuthorityKeyId) > 0 &&
			string(c.AuthorityKeyId) == string(issuer.SubjectKeyId),
		"authority_key_id_len": len(c.AuthorityKeyId),
		"extensions":           exts,
	}
	// The signature, checked with the issuer's public key (the certificate's own when it is
	// self-signed; CheckSignatureFrom would also demand that the issuer be a CA).
	sigErr := issuer.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature)
	out["signature_verified"] = sigErr == nil
	if sigErr != nil {
		out["signature_error"] = sigErr.Error()
	}
	// What a Kubernetes client or server would do with the pair.
	if issuer != c {
		pool := x509.NewCertPool()
		pool.AddCert(issuer)
		_, verr := c.Verify(x509.VerifyOptions{Roots: pool, CurrentTime: c.NotBefore, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
		out["chain_verified"] = verr == nil
	}
	if keyPEM != "" {
		_, kerr := tls.X509KeyPair([]byte(certPEM), []byte(keyPEM))
		out["key_matches"] = kerr == nil
		if kerr != nil {
			out["key_error"] = kerr.Error()
		}
	}
	return out, nil
}

// dsaKeyFormat is Sprig's DSA private key layout.
type dsaKeyFormat struct {
	Version       int
	P, Q, G, Y, X *big.Int
}

func interopPrivateKey(keyPEM string) (map[string]any, error) {
	block, rest := pem.Decode([]byte(keyPEM))
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	out := map[string]any{"pem_type": block.Type, "trailing_bytes": len(rest)}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		var k *rsa.PrivateKey
		if k, err = x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
			out["valid"] = k.Validate() == nil
			// Re-encoding must give the same bytes (canonical PKCS#1, as Go writes it).
			out["canonical"] = string(x509.MarshalPKCS1PrivateKey(k)) == string(block.Bytes)
			key = k
		}
	case "EC PRIVATE KEY":
		var k *ecdsa.PrivateKey
		if k, err = x509.ParseECPrivateKey(block.Bytes); err == nil {
			der, _ := x509.MarshalECPrivateKey(k)
			out["canonical"] = string(der) == string(block.Bytes)
			out["valid"] = k.Curve.IsOnCurve(k.X, k.Y)
			key = k
		}
	case "PRIVATE KEY":
		if key, err = x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
			der, _ := x509.MarshalPKCS8PrivateKey(key)
			out["canonical"] = string(der) == string(block.Bytes)
			out["valid"] = true
		}
	case "DSA PRIVATE KEY":
		var k dsaKeyFormat
		if _, err = asn1.Unmarshal(block.Bytes, &k); err == nil {
			pk := &dsa.PrivateKey{PublicKey: dsa.PublicKey{Parameters: dsa.Parameters{P: k.P, Q: k.Q, G: k.G}, Y: k.Y}, X: k.X}
			der, _ := asn1.Marshal(k)
			out["canonical"] = string(der) == string(block.Bytes)
			// Y = G^X mod P, Q divides P-1, P and Q prime: the key pair is consistent.
			pm1 := new(big.Int).Sub(k.P, big.NewInt(1))
			out["valid"] = new(big.Int).Exp(k.G, k.X, k.P).Cmp(k.Y) == 0 &&
				new(big.Int).Mod(pm1, k.Q).Sign() == 0 &&
				k.P.ProbablyPrime(20) && k.Q.ProbablyPrime(20)
			key = pk
		}
	default:
		return nil, fmt.Errorf("unexpected PEM type %q", block.Type)
	}
	if err != nil {
		return nil, err
	}
	out["key"] = keyDescription(key)
	return out, nil
}
