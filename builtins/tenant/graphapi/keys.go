package graphapi

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Keys are the server's RSA key, which signs its tokens and its TLS
// connections, and the self-signed certificate that carries the key's
// public half: clients trust it for HTTPS and the JWKS endpoint publishes
// it.
type Keys struct {
	Key         *rsa.PrivateKey
	Certificate *x509.Certificate
	// Path is the file they are kept in, "" for keys made for one run.
	Path string
}

// certLifetime is how long a certificate is valid: 825 days, the longest
// some clients accept for a server certificate. A certificate found
// expired is replaced.
const certLifetime = 825 * 24 * time.Hour

// CertificatePath is where the keys of the tenant file at tenantPath are
// kept: beside it, named after it, "tenant.db" giving "tenant.graph.pem".
func CertificatePath(tenantPath string) string {
	return strings.TrimSuffix(tenantPath, filepath.Ext(tenantPath)) + ".graph.pem"
}

// LoadKeys reads the keys of the tenant file at tenantPath, making them the
// first time (or when the certificate has expired). The file holds the
// certificate, which clients trust with SSL_CERT_FILE or
// NODE_EXTRA_CA_CERTS, followed by the private key; it is readable by its
// owner only. Several processes starting at once end up with the same
// keys.
func LoadKeys(tenantPath string) (*Keys, error) {
	path := CertificatePath(tenantPath)
	k, err := readKeys(path)
	if err == nil && time.Now().Before(k.Certificate.NotAfter) {
		return k, nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	fresh, err := NewKeys()
	if err != nil {
		return nil, err
	}
	fresh.Path = path
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(fresh.pem()); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if k != nil {
		// Expired: replace it.
		if err := os.Rename(tmp.Name(), path); err != nil {
			return nil, err
		}
		return fresh, nil
	}
	// Link, unlike rename, fails when another process made the file
	// first; then its keys are the ones to use.
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, err
	}
	return readKeys(path)
}

// readKeys reads a key file LoadKeys wrote.
func readKeys(path string) (*Keys, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k := &Keys{Path: path}
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		switch block.Type {
		case "CERTIFICATE":
			if k.Certificate, err = x509.ParseCertificate(block.Bytes); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		case "RSA PRIVATE KEY":
			if k.Key, err = x509.ParsePKCS1PrivateKey(block.Bytes); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
	}
	if k.Certificate == nil || k.Key == nil {
		return nil, fmt.Errorf("%s holds no certificate and key of a licsh Graph server: delete it and licsh makes new ones", path)
	}
	return k, nil
}

// NewKeys makes a key and a self-signed certificate for localhost, the
// loopback addresses and this machine's name and addresses, kept in memory.
func NewKeys() (*Keys, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "licsh Graph server", Organization: []string{"licsh"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(certLifetime),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	if host, err := os.Hostname(); err == nil && host != "" {
		tmpl.DNSNames = append(tmpl.DNSNames, host)
	}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() {
				tmpl.IPAddresses = append(tmpl.IPAddresses, ipn.IP)
			}
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Keys{Key: key, Certificate: cert}, nil
}

// pem is the key file's content: the certificate, then the key.
func (k *Keys) pem() []byte {
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.Certificate.Raw})
	return append(out, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k.Key)})...)
}

// CertificatePEM is the certificate alone, PEM-encoded.
func (k *Keys) CertificatePEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.Certificate.Raw})
}

// TLS is the certificate for a TLS server.
func (k *Keys) TLS() tls.Certificate {
	return tls.Certificate{Certificate: [][]byte{k.Certificate.Raw}, PrivateKey: k.Key, Leaf: k.Certificate}
}

// kid names the signing key in a token's header and the JWKS, as Entra
// does: the certificate's SHA-1 thumbprint in base64url.
func (k *Keys) kid() string {
	sum := sha1.Sum(k.Certificate.Raw)
	return b64.EncodeToString(sum[:])
}
