// Package selfsigned makes certificates for tests, as an admin makes one
// for an application (New-SelfSignedCertificate, openssl req -x509). It
// sits in the tenant's tree, below every package whose tests use it, and
// is imported by tests only.
package selfsigned

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"
)

// New makes a 2048-bit RSA key and a certificate of it signed by itself,
// for subject name and valid from notBefore to notAfter. It returns the
// key and the certificate's DER bytes.
func New(t testing.TB, name string, notBefore, notAfter time.Time) (*rsa.PrivateKey, []byte) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, NotBefore: notBefore, NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return key, der
}
