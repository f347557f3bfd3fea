package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// runPKI writes everything the control plane needs to authenticate into one directory:
//
//	ca.{crt,key}                  cluster CA: signs the serving and client certificates
//	apiserver.{crt,key}           kube-apiserver serving certificate
//	admin.{crt,key}               client, CN=kubernetes-admin O=system:masters (also used by kwok)
//	controller-manager.{crt,key}  client, CN=system:kube-controller-manager
//	scheduler.{crt,key}           client, CN=system:kube-scheduler
//	front-proxy-ca.{crt,key}      CA for the aggregation layer's request-header authentication
//	front-proxy-client.{crt,key}  the client certificate kube-apiserver presents to aggregated APIs
//	sa.key, sa.pub                service-account token signing key pair (RSA)
//	{admin,controller-manager,scheduler}.kubeconfig   with --server, certificates embedded
//
//	cluster pki --dir DIR --server https://127.0.0.1:PORT
func runPKI() int {
	fs := flag.NewFlagSet("pki", flag.ContinueOnError)
	dir := fs.String("dir", "", "directory to write into (required; created if missing)")
	server := fs.String("server", "", "kube-apiserver URL for the kubeconfigs (required)")
	serviceIP := fs.String("service-ip", "10.96.0.1", "the kubernetes service's cluster IP (first IP of the service CIDR)")
	clusterName := fs.String("cluster-name", "rudder", "cluster, context and user name prefix in the kubeconfigs")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return 2
	}
	if *dir == "" || *server == "" {
		fmt.Fprintln(os.Stderr, "pki: --dir and --server are required")
		return 2
	}
	svcIP := net.ParseIP(*serviceIP)
	if svcIP == nil {
		fmt.Fprintf(os.Stderr, "pki: --service-ip: not an IP: %q\n", *serviceIP)
		return 2
	}
	if err := writePKI(*dir, *server, svcIP, *clusterName); err != nil {
		fmt.Fprintf(os.Stderr, "pki: %v\n", err)
		return 1
	}
	return 0
}

type keyPair struct {
	cert *x509.Certificate
	key  crypto.Signer
}

func writePKI(dir, server string, serviceIP net.IP, clusterName string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	ca, err := newCA("rudder-cluster-ca")
	if err != nil {
		return err
	}
	frontProxyCA, err := newCA("rudder-front-proxy-ca")
	if err != nil {
		return err
	}
	for name, kp := range map[string]keyPair{"ca": ca, "front-proxy-ca": frontProxyCA} {
		if err := writeKeyPair(dir, name, kp); err != nil {
			return err
		}
	}

	serving := &x509.Certificate{
		Subject:     pkix.Name{CommonName: "kube-apiserver"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{
			"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local",
		},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback, serviceIP},
	}
	clients := map[string]pkix.Name{
		"admin":              {CommonName: "kubernetes-admin", Organization: []string{"system:masters"}},
		"controller-manager": {CommonName: "system:kube-controller-manager"},
		"scheduler":          {CommonName: "system:kube-scheduler"},
	}
	if err := issue(dir, "apiserver", ca, serving); err != nil {
		return err
	}
	for name, subject := range clients {
		tmpl := &x509.Certificate{Subject: subject, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
		if err := issue(dir, name, ca, tmpl); err != nil {
			return err
		}
	}
	frontProxyClient := &x509.Certificate{
		Subject:     pkix.Name{CommonName: "front-proxy-client"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if err := issue(dir, "front-proxy-client", frontProxyCA, frontProxyClient); err != nil {
		return err
	}
	if err := writeServiceAccountKeys(dir); err != nil {
		return err
	}

	caPEM := pemCert(ca.cert)
	for name := range clients {
		if err := writeKubeconfig(dir, name, server, clusterName, caPEM); err != nil {
			return err
		}
	}
	return nil
}

func newKey() (*ecdsa.PrivateKey, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) }

func serial() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
}

func newCA(cn string) (keyPair, error) {
	key, err := newKey()
	if err != nil {
		return keyPair{}, err
	}
	sn, err := serial()
	if err != nil {
		return keyPair{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return keyPair{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return keyPair{}, err
	}
	return keyPair{cert: cert, key: key}, nil
}

// issue signs tmpl (subject, usages and SANs filled in by the caller) with ca and writes NAME.crt
// and NAME.key.
func issue(dir, name string, ca keyPair, tmpl *x509.Certificate) error {
	key, err := newKey()
	if err != nil {
		return err
	}
	sn, err := serial()
	if err != nil {
		return err
	}
	now := time.Now()
	tmpl.SerialNumber = sn
	tmpl.NotBefore = now.Add(-time.Hour)
	tmpl.NotAfter = now.AddDate(1, 0, 0)
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
	tmpl.BasicConstraintsValid = true
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return err
	}
	return writeKeyPair(dir, name, keyPair{cert: cert, key: key})
}

func pemCert(cert *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}

func pemKey(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func writeKeyPair(dir, name string, kp keyPair) error {
	keyPEM, err := pemKey(kp.key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, name+".key"), keyPEM, 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name+".crt"), pemCert(kp.cert), 0o644)
}

func writeServiceAccountKeys(dir string) error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	keyPEM, err := pemKey(key)
	if err != nil {
		return err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "sa.key"), keyPEM, 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "sa.pub"),
		pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644)
}

// writeKubeconfig writes NAME.kubeconfig for the client certificate NAME.{crt,key}, with the
// certificates embedded so that the file stands alone.
func writeKubeconfig(dir, name, server, clusterName string, caPEM []byte) error {
	certPEM, err := os.ReadFile(filepath.Join(dir, name+".crt"))
	if err != nil {
		return err
	}
	keyPEM, err := os.ReadFile(filepath.Join(dir, name+".key"))
	if err != nil {
		return err
	}
	user := clusterName + "-" + name
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: caPEM}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{ClientCertificateData: certPEM, ClientKeyData: keyPEM}
	cfg.Contexts[clusterName] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: user, Namespace: "default"}
	cfg.CurrentContext = clusterName
	return clientcmd.WriteToFile(*cfg, filepath.Join(dir, name+".kubeconfig"))
}
